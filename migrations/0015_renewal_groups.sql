ALTER TABLE "contracts" ADD COLUMN "opportunity_id" uuid;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "contract_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
CREATE INDEX "contracts_opportunity_idx" ON "contracts" USING btree ("opportunity_id");--> statement-breakpoint
CREATE INDEX "opportunities_contract_ids_idx" ON "opportunities" USING gin ("contract_ids");--> statement-breakpoint
UPDATE "opportunities" SET "contract_ids" = ARRAY["contract_id"] WHERE "type" = 'renewal' AND "contract_id" IS NOT NULL;--> statement-breakpoint
UPDATE "contracts" c SET "opportunity_id" = o."id" FROM "opportunities" o WHERE o."contract_id" = c."id" AND o."type" <> 'renewal' AND o."stage" = 'closed_won';
