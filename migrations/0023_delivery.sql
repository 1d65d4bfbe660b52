CREATE TABLE "client_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"project_id" uuid,
	"deliverable_id" uuid,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"details" text,
	"requested_from_contact_id" uuid,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"received_at" timestamp with time zone,
	"created_by_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliverable_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"deliverable_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"by" text NOT NULL,
	"contact_id" uuid,
	"notes" text,
	"round" integer,
	"reviewer_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliverables" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"due_date" date NOT NULL,
	"assignee_id" uuid NOT NULL,
	"effort_points" integer DEFAULT 1 NOT NULL,
	"included_revisions" integer DEFAULT 2 NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"revision_rounds" integer DEFAULT 0 NOT NULL,
	"change_order_task_id" uuid,
	"approved_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"created_by_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendor_engagements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"vendor_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"scope" text,
	"cost" numeric(14, 2) DEFAULT 0 NOT NULL,
	"due_date" date,
	"status" text DEFAULT 'proposed' NOT NULL,
	"delivered_on" date,
	"rating" integer,
	"notes" text,
	"created_by_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'project' NOT NULL,
	"status" text DEFAULT 'planning' NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"budget" numeric(14, 2),
	"monthly_fee" numeric(14, 2),
	"scope" text,
	"goals" text,
	"owner_id" uuid NOT NULL,
	"team_member_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_by_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_dates_check" CHECK ("projects"."end_date" >= "projects"."start_date")
);
--> statement-breakpoint
CREATE TABLE "vendors" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"category" text,
	"email" text,
	"phone" text,
	"website" text,
	"notes" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_by_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "weekly_capacity_points" integer DEFAULT 20 NOT NULL;--> statement-breakpoint
ALTER TABLE "client_requests" ADD CONSTRAINT "client_requests_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_requests" ADD CONSTRAINT "client_requests_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_requests" ADD CONSTRAINT "client_requests_deliverable_id_deliverables_id_fk" FOREIGN KEY ("deliverable_id") REFERENCES "public"."deliverables"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_requests" ADD CONSTRAINT "client_requests_requested_from_contact_id_contacts_id_fk" FOREIGN KEY ("requested_from_contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_requests" ADD CONSTRAINT "client_requests_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliverable_reviews" ADD CONSTRAINT "deliverable_reviews_deliverable_id_deliverables_id_fk" FOREIGN KEY ("deliverable_id") REFERENCES "public"."deliverables"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliverable_reviews" ADD CONSTRAINT "deliverable_reviews_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliverable_reviews" ADD CONSTRAINT "deliverable_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliverables" ADD CONSTRAINT "deliverables_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliverables" ADD CONSTRAINT "deliverables_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliverables" ADD CONSTRAINT "deliverables_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliverables" ADD CONSTRAINT "deliverables_change_order_task_id_tasks_id_fk" FOREIGN KEY ("change_order_task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliverables" ADD CONSTRAINT "deliverables_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_engagements" ADD CONSTRAINT "vendor_engagements_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_engagements" ADD CONSTRAINT "vendor_engagements_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_engagements" ADD CONSTRAINT "vendor_engagements_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_engagements" ADD CONSTRAINT "vendor_engagements_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendors" ADD CONSTRAINT "vendors_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "client_requests_account_idx" ON "client_requests" USING btree ("account_id","due_date");--> statement-breakpoint
CREATE INDEX "client_requests_due_idx" ON "client_requests" USING btree ("due_date","id");--> statement-breakpoint
CREATE INDEX "client_requests_project_idx" ON "client_requests" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "client_requests_deliverable_idx" ON "client_requests" USING btree ("deliverable_id") WHERE "client_requests"."status" = 'requested';--> statement-breakpoint
CREATE INDEX "client_requests_open_due_idx" ON "client_requests" USING btree ("due_date") WHERE "client_requests"."status" = 'requested';--> statement-breakpoint
CREATE INDEX "deliverable_reviews_deliverable_idx" ON "deliverable_reviews" USING btree ("deliverable_id","created_at");--> statement-breakpoint
CREATE INDEX "deliverables_project_idx" ON "deliverables" USING btree ("project_id","due_date");--> statement-breakpoint
CREATE INDEX "deliverables_account_idx" ON "deliverables" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "deliverables_assignee_due_idx" ON "deliverables" USING btree ("assignee_id","due_date");--> statement-breakpoint
CREATE INDEX "deliverables_assignee_open_due_idx" ON "deliverables" USING btree ("assignee_id","due_date") WHERE "deliverables"."status" not in ('approved', 'delivered', 'cancelled');--> statement-breakpoint
CREATE INDEX "deliverables_open_due_idx" ON "deliverables" USING btree ("due_date") WHERE "deliverables"."status" not in ('approved', 'delivered', 'cancelled');--> statement-breakpoint
CREATE INDEX "vendor_engagements_vendor_idx" ON "vendor_engagements" USING btree ("vendor_id","status");--> statement-breakpoint
CREATE INDEX "vendor_engagements_project_idx" ON "vendor_engagements" USING btree ("project_id","status");--> statement-breakpoint
CREATE INDEX "vendor_engagements_account_idx" ON "vendor_engagements" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "projects_account_idx" ON "projects" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "projects_owner_idx" ON "projects" USING btree ("owner_id","status","updated_at");--> statement-breakpoint
CREATE INDEX "projects_team_members_idx" ON "projects" USING gin ("team_member_ids");--> statement-breakpoint
CREATE UNIQUE INDEX "vendors_name_unique" ON "vendors" USING btree (lower("name"));