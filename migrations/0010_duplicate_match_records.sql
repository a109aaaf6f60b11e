CREATE TABLE "duplicate_match_records" (
	"workspace_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"rec" jsonb NOT NULL,
	CONSTRAINT "duplicate_match_records_workspace_id_candidate_id_pk" PRIMARY KEY("workspace_id","candidate_id")
);
