CREATE TABLE "outreach_delegations" (
	"workspace_id" uuid NOT NULL,
	"sender_id" uuid NOT NULL,
	"delegate_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outreach_delegations_workspace_id_sender_id_delegate_id_pk" PRIMARY KEY("workspace_id","sender_id","delegate_id")
);
--> statement-breakpoint
CREATE TABLE "outreach_enrollment_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"step_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"kind" text NOT NULL,
	"variant" text NOT NULL,
	"template_id" uuid NOT NULL,
	"status" text NOT NULL,
	"planned_at" timestamp with time zone,
	"idempotency_key" text NOT NULL,
	"status_reason" text,
	"done_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outreach_enrollments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"sequence_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"sender_id" uuid NOT NULL,
	"enrolled_by" uuid,
	"status" text NOT NULL,
	"stop_reason" text,
	"time_zone" text NOT NULL,
	"enrolled_at" timestamp with time zone NOT NULL,
	"paused_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outreach_holidays" (
	"workspace_id" uuid NOT NULL,
	"day" date NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "outreach_holidays_workspace_id_day_pk" PRIMARY KEY("workspace_id","day")
);
--> statement-breakpoint
CREATE TABLE "outreach_senders" (
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"title" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outreach_senders_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "outreach_sequences" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"owner_id" uuid,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"status" text NOT NULL,
	"sender_id" uuid,
	"window" jsonb NOT NULL,
	"stop_statuses" jsonb NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outreach_step_variants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"step_id" uuid NOT NULL,
	"label" text NOT NULL,
	"template_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outreach_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"sequence_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"kind" text NOT NULL,
	"delay_amount" integer NOT NULL,
	"delay_unit" text NOT NULL,
	"removed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outreach_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"owner_id" uuid,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"shared" boolean NOT NULL,
	"subject" text,
	"html" text,
	"body" text NOT NULL,
	"fields" jsonb NOT NULL,
	"version" integer NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outreach_enrollment_steps" ADD CONSTRAINT "outreach_enrollment_steps_enrollment_id_outreach_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."outreach_enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_enrollment_steps" ADD CONSTRAINT "outreach_enrollment_steps_step_id_outreach_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."outreach_steps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_enrollments" ADD CONSTRAINT "outreach_enrollments_sequence_id_outreach_sequences_id_fk" FOREIGN KEY ("sequence_id") REFERENCES "public"."outreach_sequences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_step_variants" ADD CONSTRAINT "outreach_step_variants_step_id_outreach_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."outreach_steps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_step_variants" ADD CONSTRAINT "outreach_step_variants_template_id_outreach_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."outreach_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_steps" ADD CONSTRAINT "outreach_steps_sequence_id_outreach_sequences_id_fk" FOREIGN KEY ("sequence_id") REFERENCES "public"."outreach_sequences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_enrollment_steps_step" ON "outreach_enrollment_steps" USING btree ("enrollment_id","step_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_enrollment_steps_key" ON "outreach_enrollment_steps" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "outreach_enrollment_steps_due" ON "outreach_enrollment_steps" USING btree ("planned_at") WHERE status = 'planned';--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_enrollments_live" ON "outreach_enrollments" USING btree ("sequence_id","candidate_id") WHERE status in ('active', 'paused');--> statement-breakpoint
CREATE INDEX "outreach_enrollments_candidate" ON "outreach_enrollments" USING btree ("workspace_id","candidate_id");--> statement-breakpoint
CREATE INDEX "outreach_enrollments_sequence" ON "outreach_enrollments" USING btree ("sequence_id","status");--> statement-breakpoint
CREATE INDEX "outreach_sequences_workspace" ON "outreach_sequences" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_step_variants_label" ON "outreach_step_variants" USING btree ("step_id","label");--> statement-breakpoint
CREATE INDEX "outreach_step_variants_template" ON "outreach_step_variants" USING btree ("template_id");--> statement-breakpoint
CREATE INDEX "outreach_steps_sequence" ON "outreach_steps" USING btree ("sequence_id","position");--> statement-breakpoint
CREATE INDEX "outreach_templates_workspace" ON "outreach_templates" USING btree ("workspace_id","name");