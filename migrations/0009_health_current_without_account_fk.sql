ALTER TABLE "health_current" DROP CONSTRAINT "health_current_account_id_accounts_id_fk";
