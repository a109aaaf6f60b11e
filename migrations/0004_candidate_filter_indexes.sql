CREATE INDEX "candidates_company_trgm" ON "candidates" USING gin ("current_company" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "candidates_years" ON "candidates" USING btree ("workspace_id","years_experience");--> statement-breakpoint
CREATE INDEX "candidates_role_since" ON "candidates" USING btree ("workspace_id","current_role_since");--> statement-breakpoint
CREATE INDEX "candidates_country" ON "candidates" USING btree ("workspace_id","country");--> statement-breakpoint
CREATE INDEX "candidates_status" ON "candidates" USING btree ("workspace_id","status");