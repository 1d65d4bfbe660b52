DROP INDEX "contracts_account_idx";--> statement-breakpoint
CREATE INDEX "contracts_account_terms_idx" ON "contracts" USING btree ("account_id","start_date","end_date","cancelled_on","status","arr");