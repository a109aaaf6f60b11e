CREATE TABLE "outreach_dev_mailbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"outbox_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"message_id" text NOT NULL,
	"from_address" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text,
	"html" text,
	"body" text NOT NULL,
	"headers" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outreach_outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"enrollment_step_id" uuid NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"message_id" text NOT NULL,
	"channel" text NOT NULL,
	"sender_id" uuid NOT NULL,
	"from_name" text NOT NULL,
	"from_address" text NOT NULL,
	"recipient" text NOT NULL,
	"recipient_domain" text NOT NULL,
	"subject" text,
	"html" text,
	"body" text NOT NULL,
	"thread_message_id" text,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"claimed_by" text,
	"claimed_at" timestamp with time zone,
	"last_error" text,
	"permanent" boolean NOT NULL,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outreach_send_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"outbox_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"worker" text NOT NULL,
	"outcome" text NOT NULL,
	"response" text,
	"provider_id" text,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outreach_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"cap_touches" integer NOT NULL,
	"cap_days" integer NOT NULL,
	"sender_daily_limit" integer NOT NULL,
	"domain_per_minute" integer NOT NULL,
	"domain_per_hour" integer NOT NULL,
	"token_secret" text NOT NULL,
	"version" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outreach_suppressions" (
	"workspace_id" uuid NOT NULL,
	"address" text NOT NULL,
	"reason" text NOT NULL,
	"outbox_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outreach_suppressions_workspace_id_address_pk" PRIMARY KEY("workspace_id","address")
);
--> statement-breakpoint
CREATE TABLE "outreach_work_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"enrollment_step_id" uuid NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"assignee_id" uuid NOT NULL,
	"title" text NOT NULL,
	"instructions" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"time_zone" text NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"completed_by" uuid,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outreach_outbox" ADD CONSTRAINT "outreach_outbox_enrollment_step_id_outreach_enrollment_steps_id_fk" FOREIGN KEY ("enrollment_step_id") REFERENCES "public"."outreach_enrollment_steps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_send_log" ADD CONSTRAINT "outreach_send_log_outbox_id_outreach_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."outreach_outbox"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_work_items" ADD CONSTRAINT "outreach_work_items_enrollment_step_id_outreach_enrollment_steps_id_fk" FOREIGN KEY ("enrollment_step_id") REFERENCES "public"."outreach_enrollment_steps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_dev_mailbox_message" ON "outreach_dev_mailbox" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "outreach_dev_mailbox_list" ON "outreach_dev_mailbox" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_outbox_step" ON "outreach_outbox" USING btree ("enrollment_step_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_outbox_key" ON "outreach_outbox" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_outbox_message" ON "outreach_outbox" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "outreach_outbox_due" ON "outreach_outbox" USING btree ("next_attempt_at") WHERE status in ('pending', 'sending');--> statement-breakpoint
CREATE INDEX "outreach_outbox_list" ON "outreach_outbox" USING btree ("workspace_id","status","id");--> statement-breakpoint
CREATE INDEX "outreach_outbox_candidate" ON "outreach_outbox" USING btree ("workspace_id","candidate_id","created_at");--> statement-breakpoint
CREATE INDEX "outreach_outbox_sender" ON "outreach_outbox" USING btree ("workspace_id","sender_id","created_at");--> statement-breakpoint
CREATE INDEX "outreach_outbox_domain" ON "outreach_outbox" USING btree ("workspace_id","recipient_domain","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_send_log_attempt" ON "outreach_send_log" USING btree ("outbox_id","attempt");--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_work_items_step" ON "outreach_work_items" USING btree ("enrollment_step_id");--> statement-breakpoint
CREATE INDEX "outreach_work_items_assignee" ON "outreach_work_items" USING btree ("workspace_id","assignee_id","status","due_at");