ALTER TABLE "opportunities" ADD COLUMN "stage_changed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Deals made before the column: their last change (or else their creation) is the best known moment their stage was set.
UPDATE "opportunities" SET "stage_changed_at" = coalesce("updated_at", "created_at");
