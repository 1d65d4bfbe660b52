-- The outbox's subscribers added by this release (notifications, webhooks, playbooks) start at the
-- newest event: on a database that already holds events, they handle what happens from now on, not
-- the 30 days of events before them. A new database has no event yet: nothing to skip, no row (an
-- empty database stays empty, as a restore expects).
INSERT INTO "event_cursors" ("subscriber", "after_id", "head_id", "swept_at")
SELECT s.name, newest.id, newest.id, now()
FROM unnest(ARRAY['notifications', 'webhooks', 'playbooks']) AS s(name)
CROSS JOIN (
  SELECT coalesce(
    (SELECT "id" FROM "domain_events" ORDER BY "id" DESC LIMIT 1),
    '00000000-0000-0000-0000-000000000000'::uuid
  ) AS id
) AS newest
WHERE EXISTS (SELECT 1 FROM "domain_events")
ON CONFLICT ("subscriber") DO NOTHING;
