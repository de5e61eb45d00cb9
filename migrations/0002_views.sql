-- 0002: views for common questions that need a join with `files` (the VM label).

-- Typed events per VM, day (UTC) and event type.
CREATE VIEW events_per_vm_day AS
SELECT label AS vm, date(ts_us / 1000000, 'unixepoch') AS day, event, count(*) AS events
FROM all_events
GROUP BY vm, day, event;

-- Guest panics and crash loads with their VM.
CREATE VIEW guest_panics AS
SELECT f.label AS vm, p.file_id, p.line, p.ts_us, CASE WHEN p.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (p.ts_us - ((p.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((p.ts_us % 1000000) + 1000000) % 1000000) END AS time,
       'GUEST_PANICKED' AS event, p.action, p.info_type
FROM guest_panicked AS p JOIN files AS f ON f.id = p.file_id
UNION ALL
SELECT f.label, c.file_id, c.line, c.ts_us, CASE WHEN c.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (c.ts_us - ((c.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((c.ts_us % 1000000) + 1000000) % 1000000) END,
       'GUEST_CRASHLOADED', c.action, c.info_type
FROM guest_crashloaded AS c JOIN files AS f ON f.id = c.file_id;

-- Block jobs that failed: BLOCK_JOB_COMPLETED with an error, and BLOCK_JOB_ERROR.
CREATE VIEW block_job_failures AS
SELECT f.label AS vm, c.file_id, c.line, c.ts_us, CASE WHEN c.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (c.ts_us - ((c.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((c.ts_us % 1000000) + 1000000) % 1000000) END AS time,
       c.device AS job, c.type, c.error AS error
FROM block_job_completed AS c JOIN files AS f ON f.id = c.file_id
WHERE c.error IS NOT NULL
UNION ALL
SELECT f.label, e.file_id, e.line, e.ts_us, CASE WHEN e.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (e.ts_us - ((e.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((e.ts_us % 1000000) + 1000000) % 1000000) END,
       e.device, NULL, 'BLOCK_JOB_ERROR during ' || coalesce(e.operation, '?') || ', action ' || coalesce(e.action, '?')
FROM block_job_error AS e JOIN files AS f ON f.id = e.file_id;
