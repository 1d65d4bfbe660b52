ALTER TABLE "accounts" ADD COLUMN "domain" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "industry" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "segment" text DEFAULT 'smb' NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "lifecycle_stage" text DEFAULT 'prospect' NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "parent_account_id" uuid;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "check_in_cadence_days" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "last_touch_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "next_check_in_due" date GENERATED ALWAYS AS (((coalesce(last_touch_at, created_at) at time zone 'UTC')::date + check_in_cadence_days)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_parent_account_id_accounts_id_fk" FOREIGN KEY ("parent_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_domain_trgm" ON "accounts" USING gin ("domain" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_domain_live_key" ON "accounts" USING btree ("domain") WHERE archived_at is null;--> statement-breakpoint
CREATE INDEX "accounts_owner_due_idx" ON "accounts" USING btree ("owner_id","next_check_in_due","id");--> statement-breakpoint
CREATE INDEX "accounts_due_idx" ON "accounts" USING btree ("next_check_in_due","id");--> statement-breakpoint
CREATE INDEX "accounts_name_idx" ON "accounts" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "accounts_parent_idx" ON "accounts" USING btree ("parent_account_id");--> statement-breakpoint
CREATE INDEX "accounts_tags_idx" ON "accounts" USING gin ("tags");