CREATE TABLE "candidate_activities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"kind" text NOT NULL,
	"channel" text,
	"source" text,
	"summary" text NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "candidate_identities" (
	"workspace_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "candidate_identities_candidate_id_kind_value_pk" PRIMARY KEY("candidate_id","kind","value")
);
--> statement-breakpoint
CREATE TABLE "candidate_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"default_phone_region" text NOT NULL,
	"default_time_zone" text NOT NULL,
	"contact_policy" text NOT NULL,
	"basis_required_in" text[] NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "candidates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"headline" text,
	"summary" text,
	"emails" jsonb NOT NULL,
	"phones" jsonb NOT NULL,
	"links" jsonb NOT NULL,
	"city" text,
	"region" text,
	"country" text,
	"time_zone" text,
	"time_zone_source" text,
	"work" jsonb NOT NULL,
	"education" jsonb NOT NULL,
	"skills" jsonb NOT NULL,
	"tags" text[] NOT NULL,
	"owner_id" uuid,
	"status" text NOT NULL,
	"source" text,
	"is_employee" boolean NOT NULL,
	"employee_since" date,
	"performance_rating" smallint,
	"compensation" jsonb,
	"diversity" jsonb,
	"custom_fields" jsonb NOT NULL,
	"years_experience" numeric(4, 1),
	"current_title" text,
	"current_company" text,
	"current_role_since" date,
	"search_doc" "tsvector" NOT NULL,
	"last_activity_at" timestamp with time zone NOT NULL,
	"archived_at" timestamp with time zone,
	"version" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"channel" text NOT NULL,
	"lawful_basis" text NOT NULL,
	"jurisdiction" text NOT NULL,
	"evidence" text NOT NULL,
	"given_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"withdrawal_reason" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "custom_field_options" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"field_id" uuid NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	"position" integer NOT NULL,
	"label_history" jsonb NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "custom_fields" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"type" text NOT NULL,
	"required" boolean NOT NULL,
	"help_text" text NOT NULL,
	"field_group" text,
	"position" integer NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pool_members" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"pool_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	"added_by" uuid,
	"removed_at" timestamp with time zone,
	"removed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "pools" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"owner_id" uuid,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "saved_searches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"visibility" text NOT NULL,
	"is_segment" boolean NOT NULL,
	"description" text NOT NULL,
	"query" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_aliases" (
	"workspace_id" uuid NOT NULL,
	"alias" text NOT NULL,
	"status" text NOT NULL,
	CONSTRAINT "status_aliases_workspace_id_alias_pk" PRIMARY KEY("workspace_id","alias")
);
--> statement-breakpoint
CREATE TABLE "status_labels" (
	"workspace_id" uuid NOT NULL,
	"status" text NOT NULL,
	"team" text NOT NULL,
	"locale" text NOT NULL,
	"label" text NOT NULL,
	CONSTRAINT "status_labels_workspace_id_status_team_locale_pk" PRIMARY KEY("workspace_id","status","team","locale")
);
--> statement-breakpoint
ALTER TABLE "candidate_activities" ADD CONSTRAINT "candidate_activities_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidate_identities" ADD CONSTRAINT "candidate_identities_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_field_options" ADD CONSTRAINT "custom_field_options_field_id_custom_fields_id_fk" FOREIGN KEY ("field_id") REFERENCES "public"."custom_fields"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_members" ADD CONSTRAINT "pool_members_pool_id_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."pools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_members" ADD CONSTRAINT "pool_members_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "candidate_activities_timeline" ON "candidate_activities" USING btree ("candidate_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "candidate_identities_lookup" ON "candidate_identities" USING btree ("workspace_id","kind","value");--> statement-breakpoint
CREATE INDEX "candidates_search" ON "candidates" USING gin ("search_doc");--> statement-breakpoint
CREATE INDEX "candidates_recent" ON "candidates" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "candidates_activity" ON "candidates" USING btree ("workspace_id","last_activity_at");--> statement-breakpoint
CREATE INDEX "candidates_owner" ON "candidates" USING btree ("workspace_id","owner_id");--> statement-breakpoint
CREATE INDEX "candidates_custom" ON "candidates" USING gin ("custom_fields" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "consents_candidate" ON "consents" USING btree ("candidate_id","purpose","channel");--> statement-breakpoint
CREATE UNIQUE INDEX "custom_field_options_code" ON "custom_field_options" USING btree ("field_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "custom_fields_key" ON "custom_fields" USING btree ("workspace_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "pool_members_current" ON "pool_members" USING btree ("pool_id","candidate_id") WHERE removed_at is null;--> statement-breakpoint
CREATE INDEX "pool_members_candidate" ON "pool_members" USING btree ("candidate_id");--> statement-breakpoint
CREATE INDEX "pools_workspace" ON "pools" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE INDEX "saved_searches_workspace" ON "saved_searches" USING btree ("workspace_id","is_segment","name");