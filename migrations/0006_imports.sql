CREATE TABLE "candidate_field_provenance" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"field" text NOT NULL,
	"value" jsonb,
	"source" text NOT NULL,
	"source_id" uuid,
	"import_run_id" uuid,
	"external_id" text,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_file_chunks" (
	"run_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"offset" bigint NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "import_file_chunks_run_id_seq_pk" PRIMARY KEY("run_id","seq")
);
--> statement-breakpoint
CREATE TABLE "import_held_rows" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"run_id" uuid,
	"row_no" integer,
	"source_id" uuid NOT NULL,
	"vendor_id" uuid,
	"reason" text NOT NULL,
	"country" text,
	"input" jsonb,
	"meta" jsonb,
	"status" text NOT NULL,
	"candidate_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid
);
--> statement-breakpoint
CREATE TABLE "import_mappings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"format" text NOT NULL,
	"columns" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_row_errors" (
	"workspace_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"field" text NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"format" text NOT NULL,
	"source_id" uuid NOT NULL,
	"source_code" text NOT NULL,
	"mapping_id" uuid,
	"mapping" jsonb,
	"options" jsonb NOT NULL,
	"status" text NOT NULL,
	"file_bytes" bigint NOT NULL,
	"file_sha256" text,
	"file_chunks" integer NOT NULL,
	"headers" jsonb,
	"position_row" integer NOT NULL,
	"position_byte" bigint NOT NULL,
	"rows_read" integer NOT NULL,
	"created" integer NOT NULL,
	"merged" integer NOT NULL,
	"held_for_review" integer NOT NULL,
	"held_for_dpa" integer NOT NULL,
	"rejected" integer NOT NULL,
	"unchanged" integer NOT NULL,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"cancel_requested_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_sources" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"vendor_id" uuid,
	"channel" text NOT NULL,
	"cost_per_month" numeric(12, 2),
	"cost_per_hire" numeric(12, 2),
	"currency" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_vendors" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"dpa_status" text NOT NULL,
	"dpa_signed_at" date,
	"dpa_expires_at" date,
	"regions" text[] NOT NULL,
	"notes" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "candidate_field_provenance" ADD CONSTRAINT "candidate_field_provenance_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_file_chunks" ADD CONSTRAINT "import_file_chunks_run_id_import_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."import_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_row_errors" ADD CONSTRAINT "import_row_errors_run_id_import_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."import_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "candidate_field_provenance_candidate" ON "candidate_field_provenance" USING btree ("candidate_id","field","recorded_at");--> statement-breakpoint
CREATE INDEX "candidate_field_provenance_run" ON "candidate_field_provenance" USING btree ("import_run_id");--> statement-breakpoint
CREATE INDEX "import_held_rows_queue" ON "import_held_rows" USING btree ("workspace_id","status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "import_held_rows_run_row" ON "import_held_rows" USING btree ("run_id","row_no") WHERE run_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "import_mappings_name" ON "import_mappings" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE INDEX "import_row_errors_run" ON "import_row_errors" USING btree ("run_id","row_no");--> statement-breakpoint
CREATE INDEX "import_runs_workspace" ON "import_runs" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "import_runs_sha" ON "import_runs" USING btree ("workspace_id","file_sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "import_sources_code" ON "import_sources" USING btree ("workspace_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "import_vendors_name" ON "import_vendors" USING btree ("workspace_id","name");