DROP INDEX "accounts_owner_idx";--> statement-breakpoint
DROP INDEX "accounts_churn_risk_idx";--> statement-breakpoint
CREATE INDEX "accounts_owner_name_idx" ON "accounts" USING btree ("owner_id","name","id");--> statement-breakpoint
CREATE INDEX "accounts_owner_renewal_idx" ON "accounts" USING btree ("owner_id",coalesce(renewal_date, '9999-12-31'::date),"id");--> statement-breakpoint
CREATE INDEX "opportunities_owner_step_idx" ON "opportunities" USING btree ("owner_id","next_step_due") WHERE stage not in ('closed_won', 'closed_lost');--> statement-breakpoint
CREATE INDEX "accounts_churn_risk_idx" ON "accounts" USING btree ("churn_risk","owner_id");