CREATE TABLE "health_current" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"as_of" date NOT NULL,
	"earlier_score" integer,
	"change_30d" integer
);
--> statement-breakpoint
ALTER TABLE "health_current" ADD CONSTRAINT "health_current_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;