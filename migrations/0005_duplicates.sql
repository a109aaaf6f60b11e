CREATE TABLE "candidate_merges" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"survivor_id" uuid NOT NULL,
	"loser_id" uuid NOT NULL,
	"pair_id" uuid,
	"loser_snapshot" jsonb NOT NULL,
	"survivor_before" jsonb NOT NULL,
	"field_changes" jsonb NOT NULL,
	"moved" jsonb NOT NULL,
	"moved_external" jsonb NOT NULL,
	"evidence" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"undone_at" timestamp with time zone,
	"undone_by" uuid
);
--> statement-breakpoint
CREATE TABLE "duplicate_pairs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"a_id" uuid NOT NULL,
	"b_id" uuid NOT NULL,
	"score" real NOT NULL,
	"evidence" jsonb NOT NULL,
	"status" text NOT NULL,
	"found_by" text NOT NULL,
	"detected_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid
);
--> statement-breakpoint
CREATE TABLE "duplicate_rules" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"version" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duplicate_scans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"status" text NOT NULL,
	"total" integer NOT NULL,
	"processed" integer NOT NULL,
	"pairs_found" integer NOT NULL,
	"cursor" uuid,
	"phase" text NOT NULL,
	"requested_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "duplicate_match_keys" (
	"workspace_id" uuid NOT NULL,
	"key" text NOT NULL,
	"candidate_id" uuid NOT NULL,
	CONSTRAINT "duplicate_match_keys_workspace_id_key_candidate_id_pk" PRIMARY KEY("workspace_id","key","candidate_id")
);
--> statement-breakpoint
CREATE INDEX "candidate_merges_survivor" ON "candidate_merges" USING btree ("workspace_id","survivor_id","created_at");--> statement-breakpoint
CREATE INDEX "candidate_merges_loser" ON "candidate_merges" USING btree ("workspace_id","loser_id");--> statement-breakpoint
CREATE UNIQUE INDEX "candidate_merges_live_loser" ON "candidate_merges" USING btree ("loser_id") WHERE undone_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "duplicate_pairs_pair" ON "duplicate_pairs" USING btree ("workspace_id","a_id","b_id");--> statement-breakpoint
CREATE INDEX "duplicate_pairs_queue" ON "duplicate_pairs" USING btree ("workspace_id","status","score");--> statement-breakpoint
CREATE INDEX "duplicate_pairs_b" ON "duplicate_pairs" USING btree ("b_id");--> statement-breakpoint
CREATE INDEX "duplicate_scans_workspace" ON "duplicate_scans" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "duplicate_match_keys_candidate" ON "duplicate_match_keys" USING btree ("candidate_id");