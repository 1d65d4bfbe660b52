ALTER TABLE "accounts" ADD COLUMN "churn_risk_reasons" text[] DEFAULT '{}'::text[] NOT NULL;
-- The reasons are filled by the next health refresh of each account (a scoring write, a model save, the daily snapshot).
