DROP INDEX "accounts_domain_trgm";--> statement-breakpoint
DROP INDEX "contacts_email_trgm";--> statement-breakpoint
CREATE INDEX "accounts_domain_prefix" ON "accounts" USING btree ("domain" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "contacts_email_prefix" ON "contacts" USING btree ("email" text_pattern_ops);