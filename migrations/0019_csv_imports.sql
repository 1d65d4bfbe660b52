CREATE TABLE "import_chunks" (
	"import_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "import_chunks_import_id_seq_pk" PRIMARY KEY("import_id","seq")
);
--> statement-breakpoint
CREATE TABLE "import_errors" (
	"import_id" uuid NOT NULL,
	"row" integer NOT NULL,
	"column" text,
	"message" text NOT NULL,
	"cells" jsonb NOT NULL,
	CONSTRAINT "import_errors_import_id_row_pk" PRIMARY KEY("import_id","row")
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entity" text NOT NULL,
	"status" text DEFAULT 'analysed' NOT NULL,
	"file_name" text NOT NULL,
	"file_size" integer NOT NULL,
	"encoding" text NOT NULL,
	"delimiter" text NOT NULL,
	"source" text NOT NULL,
	"headers" jsonb NOT NULL,
	"row_count" integer NOT NULL,
	"mapping" jsonb NOT NULL,
	"mode" text DEFAULT 'upsert' NOT NULL,
	"defaults" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"value_maps" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dry_run" jsonb,
	"progress" jsonb NOT NULL,
	"committed_rows" integer DEFAULT 0 NOT NULL,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"lease_until" timestamp with time zone,
	"error" text,
	"created_by" uuid NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "external_ids" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "external_ids" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "external_ids" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "external_ids" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "external_ids" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "import_chunks" ADD CONSTRAINT "import_chunks_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_errors" ADD CONSTRAINT "import_errors_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imports_created_idx" ON "imports" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "imports_running_idx" ON "imports" USING btree ("lease_until") WHERE status = 'running';--> statement-breakpoint
CREATE INDEX "accounts_external_ids_idx" ON "accounts" USING gin ("external_ids" jsonb_path_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "accounts_lower_name_idx" ON "accounts" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "activities_external_ids_idx" ON "activities" USING gin ("external_ids" jsonb_path_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "contacts_external_ids_idx" ON "contacts" USING gin ("external_ids" jsonb_path_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "contracts_external_ids_idx" ON "contracts" USING gin ("external_ids" jsonb_path_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "opportunities_external_ids_idx" ON "opportunities" USING gin ("external_ids" jsonb_path_ops) WITH (fastupdate=false);