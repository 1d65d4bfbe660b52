CREATE INDEX "activities_time_idx" ON "activities" USING btree ("occurred_at","id");--> statement-breakpoint
CREATE INDEX "issues_opened_idx" ON "issues" USING btree ("opened_at","id");