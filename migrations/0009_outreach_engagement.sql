CREATE TABLE "outreach_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"outbox_id" uuid,
	"enrollment_step_id" uuid,
	"enrollment_id" uuid,
	"candidate_id" uuid,
	"sequence_id" uuid,
	"step_id" uuid,
	"variant" text,
	"response_seconds" integer,
	"dedupe_key" text,
	"detail" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outreach_replies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"outbox_id" uuid NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"sequence_id" uuid,
	"step_id" uuid,
	"variant" text,
	"message_id" text,
	"from_address" text,
	"from_name" text,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"excerpt" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"response_seconds" integer,
	"classification" text,
	"classified_by" uuid,
	"classified_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outreach_tracking_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"opens" boolean NOT NULL,
	"clicks" boolean NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_events_dedupe" ON "outreach_events" USING btree ("workspace_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "outreach_events_sequence" ON "outreach_events" USING btree ("workspace_id","sequence_id","kind");--> statement-breakpoint
CREATE INDEX "outreach_events_candidate" ON "outreach_events" USING btree ("workspace_id","candidate_id","at");--> statement-breakpoint
CREATE INDEX "outreach_replies_sequence" ON "outreach_replies" USING btree ("workspace_id","sequence_id");--> statement-breakpoint
CREATE INDEX "outreach_replies_candidate" ON "outreach_replies" USING btree ("workspace_id","candidate_id","received_at");--> statement-breakpoint
CREATE INDEX "outreach_replies_unclassified" ON "outreach_replies" USING btree ("workspace_id","received_at") WHERE classification is null;