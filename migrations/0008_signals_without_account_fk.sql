ALTER TABLE "health_signals" DROP CONSTRAINT "health_signals_account_id_accounts_id_fk";
