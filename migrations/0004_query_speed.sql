-- 0004: query speed at archive scale (README, "Query speed").
--
-- `event_spans` is a small zone map of the event tables, written by the importer in the same
-- transaction as the rows (src/store/spans.rs): one row per run of at most 64 consecutive rows of
-- one table, one source file and one UTC hour, with the run's rowid, line and ts_us bounds and its
-- row count. It costs about one row per 64 events (no index on the event tables, whose entries
-- would cost as much as half the rows: measured +45 % database size, +40 % import time).
-- * Counts per VM, day and event come from it (`event_counts`, `events_per_vm_day`).
-- * `all_events` reads each table through it: a VM's rows are found through the spans of that VM
--   (indexes on event, vm, hour and on vm, first_us), and its new column `span` lets a query pick the spans of a time
--   window first (`JOIN event_spans s ... JOIN all_events e ON e.span = s.id AND e.event = s.event`),
--   which SQLite (3.40 as well as newer) turns into rowid range look-ups in each table.
-- Every event row belongs to exactly one span: `t.file_id = s.file_id AND t.rowid BETWEEN
-- s.first_rowid AND s.last_rowid`, the rowid ranges of one table's spans never overlap.

CREATE TABLE event_spans (
    id          INTEGER PRIMARY KEY,
    event       TEXT NOT NULL,     -- QMP event name, as in all_events.event
    vm          TEXT NOT NULL,     -- files.label of file_id
    file_id     INTEGER NOT NULL REFERENCES files(id),
    day         TEXT,              -- UTC date of every row's ts_us; NULL: rows without ts_us
    hour        INTEGER,           -- ts_us / 3600000000 of every row (UTC hours since 1970)
    first_rowid INTEGER NOT NULL,  -- the rows: rowid first_rowid..last_rowid of table lower(event)
    last_rowid  INTEGER NOT NULL,
    first_line  INTEGER NOT NULL,
    last_line   INTEGER NOT NULL,
    first_us    INTEGER,           -- min(ts_us)
    last_us     INTEGER,           -- max(ts_us)
    rows        INTEGER NOT NULL
) STRICT;
CREATE INDEX event_spans_by_vm ON event_spans(event, vm, hour);
CREATE INDEX event_spans_by_vm_time ON event_spans(vm, first_us);

-- Spans for the rows already in the database: runs of consecutive rowids of one file and hour,
-- cut every 64 rows, as the importer writes them.
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'ACPI_DEVICE_OST', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM acpi_device_ost WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'BALLOON_CHANGE', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM balloon_change WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'BLOCK_EXPORT_DELETED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM block_export_deleted WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'BLOCK_IMAGE_CORRUPTED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM block_image_corrupted WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'BLOCK_IO_ERROR', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM block_io_error WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'BLOCK_JOB_CANCELLED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM block_job_cancelled WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'BLOCK_JOB_COMPLETED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM block_job_completed WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'BLOCK_JOB_ERROR', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM block_job_error WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'BLOCK_JOB_PENDING', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM block_job_pending WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'BLOCK_JOB_READY', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM block_job_ready WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'BLOCK_WRITE_THRESHOLD', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM block_write_threshold WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'COLO_EXIT', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM colo_exit WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'COMMAND_DROPPED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM command_dropped WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'CPU_POLARIZATION_CHANGE', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM cpu_polarization_change WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'DEVICE_DELETED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM device_deleted WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'DEVICE_TRAY_MOVED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM device_tray_moved WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'DEVICE_UNPLUG_GUEST_ERROR', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM device_unplug_guest_error WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'DUMP_COMPLETED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM dump_completed WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'FAILOVER_NEGOTIATED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM failover_negotiated WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'GUEST_CRASHLOADED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM guest_crashloaded WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'GUEST_PANICKED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM guest_panicked WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'GUEST_PVSHUTDOWN', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM guest_pvshutdown WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'HV_BALLOON_STATUS_REPORT', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM hv_balloon_status_report WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'JOB_STATUS_CHANGE', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM job_status_change WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'MEMORY_DEVICE_SIZE_CHANGE', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM memory_device_size_change WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'MEMORY_FAILURE', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM memory_failure WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'MEM_UNPLUG_ERROR', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM mem_unplug_error WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'MIGRATION', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM migration WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'MIGRATION_PASS', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM migration_pass WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'NETDEV_STREAM_CONNECTED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM netdev_stream_connected WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'NETDEV_STREAM_DISCONNECTED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM netdev_stream_disconnected WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'NETDEV_VHOST_USER_CONNECTED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM netdev_vhost_user_connected WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'NETDEV_VHOST_USER_DISCONNECTED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM netdev_vhost_user_disconnected WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'NIC_RX_FILTER_CHANGED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM nic_rx_filter_changed WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'POWERDOWN', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM powerdown WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'PR_MANAGER_STATUS_CHANGED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM pr_manager_status_changed WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'QUORUM_FAILURE', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM quorum_failure WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'QUORUM_REPORT_BAD', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM quorum_report_bad WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'RDMA_GID_STATUS_CHANGED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM rdma_gid_status_changed WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'RESET', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM reset WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'RESUME', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM resume WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'RTC_CHANGE', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM rtc_change WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'SCLP_CPI_INFO_AVAILABLE', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM sclp_cpi_info_available WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'SHUTDOWN', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM shutdown WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'SPICE_CONNECTED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM spice_connected WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'SPICE_DISCONNECTED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM spice_disconnected WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'SPICE_INITIALIZED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM spice_initialized WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'SPICE_MIGRATE_COMPLETED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM spice_migrate_completed WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'STOP', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM stop WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'SUSPEND', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM suspend WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'SUSPEND_DISK', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM suspend_disk WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'UNPLUG_PRIMARY', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM unplug_primary WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'VFIO_MIGRATION', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM vfio_migration WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'VFU_CLIENT_HANGUP', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM vfu_client_hangup WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'VNC_CONNECTED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM vnc_connected WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'VNC_DISCONNECTED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM vnc_disconnected WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'VNC_INITIALIZED', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM vnc_initialized WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'VSERPORT_CHANGE', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM vserport_change WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'WAKEUP', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM wakeup WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;
INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line, first_us, last_us, rows)
SELECT 'WATCHDOG', coalesce((SELECT label FROM files WHERE id = file_id), ''), file_id, day, hour, min(rid), max(rid), min(line), max(line), min(ts_us), max(ts_us), count(*)
FROM (SELECT *, (row_number() OVER (PARTITION BY run ORDER BY rid) - 1) / 64 AS chunk
      FROM (SELECT *, sum(brk) OVER (ORDER BY rid) AS run
            FROM (SELECT rowid AS rid, file_id, line, ts_us, date(ts_us / 1000000, 'unixepoch') AS day, ts_us / 3600000000 AS hour,
                         CASE WHEN file_id IS lag(file_id) OVER w AND ts_us / 3600000000 IS lag(ts_us / 3600000000) OVER w
                              AND date(ts_us / 1000000, 'unixepoch') IS lag(date(ts_us / 1000000, 'unixepoch')) OVER w THEN 0 ELSE 1 END AS brk
                  FROM watchdog WINDOW w AS (ORDER BY rowid))))
GROUP BY run, chunk;

-- Views that read the spans; all_events keeps its columns and adds `span`.
DROP VIEW events_per_vm_day;
DROP VIEW all_events;
CREATE VIEW all_events AS
SELECT 'ACPI_DEVICE_OST' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('info_device', t.info_device, 'info_slot', t.info_slot, 'info_slot_type', t.info_slot_type, 'info_source', t.info_source, 'info_status', t.info_status), CASE WHEN t.info_device IS NULL THEN '$.info_device' ELSE '$.-' END, CASE WHEN t.info_slot IS NULL THEN '$.info_slot' ELSE '$.-' END, CASE WHEN t.info_slot_type IS NULL THEN '$.info_slot_type' ELSE '$.-' END, CASE WHEN t.info_source IS NULL THEN '$.info_source' ELSE '$.-' END, CASE WHEN t.info_status IS NULL THEN '$.info_status' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN acpi_device_ost AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'ACPI_DEVICE_OST'
UNION ALL
SELECT 'BALLOON_CHANGE' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('actual', t.actual), CASE WHEN t.actual IS NULL THEN '$.actual' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN balloon_change AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'BALLOON_CHANGE'
UNION ALL
SELECT 'BLOCK_EXPORT_DELETED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('id', t.id), CASE WHEN t.id IS NULL THEN '$.id' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN block_export_deleted AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'BLOCK_EXPORT_DELETED'
UNION ALL
SELECT 'BLOCK_IMAGE_CORRUPTED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device', t.device, 'node_name', t.node_name, 'msg', t.msg, 'offset', t.offset, 'size', t.size, 'fatal', t.fatal), CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.node_name IS NULL THEN '$.node_name' ELSE '$.-' END, CASE WHEN t.msg IS NULL THEN '$.msg' ELSE '$.-' END, CASE WHEN t.offset IS NULL THEN '$.offset' ELSE '$.-' END, CASE WHEN t.size IS NULL THEN '$.size' ELSE '$.-' END, CASE WHEN t.fatal IS NULL THEN '$.fatal' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN block_image_corrupted AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'BLOCK_IMAGE_CORRUPTED'
UNION ALL
SELECT 'BLOCK_IO_ERROR' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('qom_path', t.qom_path, 'device', t.device, 'node_name', t.node_name, 'operation', t.operation, 'action', t.action, 'nospace', t.nospace, 'reason', t.reason), CASE WHEN t.qom_path IS NULL THEN '$.qom_path' ELSE '$.-' END, CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.node_name IS NULL THEN '$.node_name' ELSE '$.-' END, CASE WHEN t.operation IS NULL THEN '$.operation' ELSE '$.-' END, CASE WHEN t.action IS NULL THEN '$.action' ELSE '$.-' END, CASE WHEN t.nospace IS NULL THEN '$.nospace' ELSE '$.-' END, CASE WHEN t.reason IS NULL THEN '$.reason' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN block_io_error AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'BLOCK_IO_ERROR'
UNION ALL
SELECT 'BLOCK_JOB_CANCELLED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('type', t.type, 'device', t.device, 'len', t.len, 'offset', t.offset, 'speed', t.speed), CASE WHEN t.type IS NULL THEN '$.type' ELSE '$.-' END, CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.len IS NULL THEN '$.len' ELSE '$.-' END, CASE WHEN t.offset IS NULL THEN '$.offset' ELSE '$.-' END, CASE WHEN t.speed IS NULL THEN '$.speed' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN block_job_cancelled AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'BLOCK_JOB_CANCELLED'
UNION ALL
SELECT 'BLOCK_JOB_COMPLETED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('type', t.type, 'device', t.device, 'len', t.len, 'offset', t.offset, 'speed', t.speed, 'error', t.error), CASE WHEN t.type IS NULL THEN '$.type' ELSE '$.-' END, CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.len IS NULL THEN '$.len' ELSE '$.-' END, CASE WHEN t.offset IS NULL THEN '$.offset' ELSE '$.-' END, CASE WHEN t.speed IS NULL THEN '$.speed' ELSE '$.-' END, CASE WHEN t.error IS NULL THEN '$.error' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN block_job_completed AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'BLOCK_JOB_COMPLETED'
UNION ALL
SELECT 'BLOCK_JOB_ERROR' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device', t.device, 'operation', t.operation, 'action', t.action), CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.operation IS NULL THEN '$.operation' ELSE '$.-' END, CASE WHEN t.action IS NULL THEN '$.action' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN block_job_error AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'BLOCK_JOB_ERROR'
UNION ALL
SELECT 'BLOCK_JOB_PENDING' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('type', t.type, 'id', t.id), CASE WHEN t.type IS NULL THEN '$.type' ELSE '$.-' END, CASE WHEN t.id IS NULL THEN '$.id' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN block_job_pending AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'BLOCK_JOB_PENDING'
UNION ALL
SELECT 'BLOCK_JOB_READY' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('type', t.type, 'device', t.device, 'len', t.len, 'offset', t.offset, 'speed', t.speed), CASE WHEN t.type IS NULL THEN '$.type' ELSE '$.-' END, CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.len IS NULL THEN '$.len' ELSE '$.-' END, CASE WHEN t.offset IS NULL THEN '$.offset' ELSE '$.-' END, CASE WHEN t.speed IS NULL THEN '$.speed' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN block_job_ready AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'BLOCK_JOB_READY'
UNION ALL
SELECT 'BLOCK_WRITE_THRESHOLD' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('node_name', t.node_name, 'amount_exceeded', t.amount_exceeded, 'write_threshold', t.write_threshold), CASE WHEN t.node_name IS NULL THEN '$.node_name' ELSE '$.-' END, CASE WHEN t.amount_exceeded IS NULL THEN '$.amount_exceeded' ELSE '$.-' END, CASE WHEN t.write_threshold IS NULL THEN '$.write_threshold' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN block_write_threshold AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'BLOCK_WRITE_THRESHOLD'
UNION ALL
SELECT 'COLO_EXIT' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('mode', t.mode, 'reason', t.reason), CASE WHEN t.mode IS NULL THEN '$.mode' ELSE '$.-' END, CASE WHEN t.reason IS NULL THEN '$.reason' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN colo_exit AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'COLO_EXIT'
UNION ALL
SELECT 'COMMAND_DROPPED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('id', json(t.id), 'reason', t.reason), CASE WHEN t.id IS NULL THEN '$.id' ELSE '$.-' END, CASE WHEN t.reason IS NULL THEN '$.reason' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN command_dropped AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'COMMAND_DROPPED'
UNION ALL
SELECT 'CPU_POLARIZATION_CHANGE' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('polarization', t.polarization), CASE WHEN t.polarization IS NULL THEN '$.polarization' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN cpu_polarization_change AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'CPU_POLARIZATION_CHANGE'
UNION ALL
SELECT 'DEVICE_DELETED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device', t.device, 'path', t.path), CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.path IS NULL THEN '$.path' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN device_deleted AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'DEVICE_DELETED'
UNION ALL
SELECT 'DEVICE_TRAY_MOVED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device', t.device, 'id', t.id, 'tray_open', t.tray_open), CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.id IS NULL THEN '$.id' ELSE '$.-' END, CASE WHEN t.tray_open IS NULL THEN '$.tray_open' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN device_tray_moved AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'DEVICE_TRAY_MOVED'
UNION ALL
SELECT 'DEVICE_UNPLUG_GUEST_ERROR' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device', t.device, 'path', t.path), CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.path IS NULL THEN '$.path' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN device_unplug_guest_error AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'DEVICE_UNPLUG_GUEST_ERROR'
UNION ALL
SELECT 'DUMP_COMPLETED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('result_status', t.result_status, 'result_completed', t.result_completed, 'result_total', t.result_total, 'error', t.error), CASE WHEN t.result_status IS NULL THEN '$.result_status' ELSE '$.-' END, CASE WHEN t.result_completed IS NULL THEN '$.result_completed' ELSE '$.-' END, CASE WHEN t.result_total IS NULL THEN '$.result_total' ELSE '$.-' END, CASE WHEN t.error IS NULL THEN '$.error' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN dump_completed AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'DUMP_COMPLETED'
UNION ALL
SELECT 'FAILOVER_NEGOTIATED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device_id', t.device_id), CASE WHEN t.device_id IS NULL THEN '$.device_id' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN failover_negotiated AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'FAILOVER_NEGOTIATED'
UNION ALL
SELECT 'GUEST_CRASHLOADED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('action', t.action, 'info_type', t.info_type, 'info_arg1', t.info_arg1, 'info_arg2', t.info_arg2, 'info_arg3', t.info_arg3, 'info_arg4', t.info_arg4, 'info_arg5', t.info_arg5, 'info_core', t.info_core, 'info_psw_mask', t.info_psw_mask, 'info_psw_addr', t.info_psw_addr, 'info_reason', t.info_reason, 'info_error_code', t.info_error_code, 'info_message', t.info_message, 'info_gpa', t.info_gpa, 'info_set', t.info_set, 'info_code', t.info_code), CASE WHEN t.action IS NULL THEN '$.action' ELSE '$.-' END, CASE WHEN t.info_type IS NULL THEN '$.info_type' ELSE '$.-' END, CASE WHEN t.info_arg1 IS NULL THEN '$.info_arg1' ELSE '$.-' END, CASE WHEN t.info_arg2 IS NULL THEN '$.info_arg2' ELSE '$.-' END, CASE WHEN t.info_arg3 IS NULL THEN '$.info_arg3' ELSE '$.-' END, CASE WHEN t.info_arg4 IS NULL THEN '$.info_arg4' ELSE '$.-' END, CASE WHEN t.info_arg5 IS NULL THEN '$.info_arg5' ELSE '$.-' END, CASE WHEN t.info_core IS NULL THEN '$.info_core' ELSE '$.-' END, CASE WHEN t.info_psw_mask IS NULL THEN '$.info_psw_mask' ELSE '$.-' END, CASE WHEN t.info_psw_addr IS NULL THEN '$.info_psw_addr' ELSE '$.-' END, CASE WHEN t.info_reason IS NULL THEN '$.info_reason' ELSE '$.-' END, CASE WHEN t.info_error_code IS NULL THEN '$.info_error_code' ELSE '$.-' END, CASE WHEN t.info_message IS NULL THEN '$.info_message' ELSE '$.-' END, CASE WHEN t.info_gpa IS NULL THEN '$.info_gpa' ELSE '$.-' END, CASE WHEN t.info_set IS NULL THEN '$.info_set' ELSE '$.-' END, CASE WHEN t.info_code IS NULL THEN '$.info_code' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN guest_crashloaded AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'GUEST_CRASHLOADED'
UNION ALL
SELECT 'GUEST_PANICKED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('action', t.action, 'info_type', t.info_type, 'info_arg1', t.info_arg1, 'info_arg2', t.info_arg2, 'info_arg3', t.info_arg3, 'info_arg4', t.info_arg4, 'info_arg5', t.info_arg5, 'info_core', t.info_core, 'info_psw_mask', t.info_psw_mask, 'info_psw_addr', t.info_psw_addr, 'info_reason', t.info_reason, 'info_error_code', t.info_error_code, 'info_message', t.info_message, 'info_gpa', t.info_gpa, 'info_set', t.info_set, 'info_code', t.info_code), CASE WHEN t.action IS NULL THEN '$.action' ELSE '$.-' END, CASE WHEN t.info_type IS NULL THEN '$.info_type' ELSE '$.-' END, CASE WHEN t.info_arg1 IS NULL THEN '$.info_arg1' ELSE '$.-' END, CASE WHEN t.info_arg2 IS NULL THEN '$.info_arg2' ELSE '$.-' END, CASE WHEN t.info_arg3 IS NULL THEN '$.info_arg3' ELSE '$.-' END, CASE WHEN t.info_arg4 IS NULL THEN '$.info_arg4' ELSE '$.-' END, CASE WHEN t.info_arg5 IS NULL THEN '$.info_arg5' ELSE '$.-' END, CASE WHEN t.info_core IS NULL THEN '$.info_core' ELSE '$.-' END, CASE WHEN t.info_psw_mask IS NULL THEN '$.info_psw_mask' ELSE '$.-' END, CASE WHEN t.info_psw_addr IS NULL THEN '$.info_psw_addr' ELSE '$.-' END, CASE WHEN t.info_reason IS NULL THEN '$.info_reason' ELSE '$.-' END, CASE WHEN t.info_error_code IS NULL THEN '$.info_error_code' ELSE '$.-' END, CASE WHEN t.info_message IS NULL THEN '$.info_message' ELSE '$.-' END, CASE WHEN t.info_gpa IS NULL THEN '$.info_gpa' ELSE '$.-' END, CASE WHEN t.info_set IS NULL THEN '$.info_set' ELSE '$.-' END, CASE WHEN t.info_code IS NULL THEN '$.info_code' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN guest_panicked AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'GUEST_PANICKED'
UNION ALL
SELECT 'GUEST_PVSHUTDOWN' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data, s.id AS span FROM event_spans AS s JOIN guest_pvshutdown AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'GUEST_PVSHUTDOWN'
UNION ALL
SELECT 'HV_BALLOON_STATUS_REPORT' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('committed', t.committed, 'available', t.available), CASE WHEN t.committed IS NULL THEN '$.committed' ELSE '$.-' END, CASE WHEN t.available IS NULL THEN '$.available' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN hv_balloon_status_report AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'HV_BALLOON_STATUS_REPORT'
UNION ALL
SELECT 'JOB_STATUS_CHANGE' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('id', t.id, 'status', t.status), CASE WHEN t.id IS NULL THEN '$.id' ELSE '$.-' END, CASE WHEN t.status IS NULL THEN '$.status' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN job_status_change AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'JOB_STATUS_CHANGE'
UNION ALL
SELECT 'MEMORY_DEVICE_SIZE_CHANGE' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('id', t.id, 'size', t.size, 'qom_path', t.qom_path), CASE WHEN t.id IS NULL THEN '$.id' ELSE '$.-' END, CASE WHEN t.size IS NULL THEN '$.size' ELSE '$.-' END, CASE WHEN t.qom_path IS NULL THEN '$.qom_path' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN memory_device_size_change AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'MEMORY_DEVICE_SIZE_CHANGE'
UNION ALL
SELECT 'MEMORY_FAILURE' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('recipient', t.recipient, 'action', t.action, 'flags_action_required', t.flags_action_required, 'flags_recursive', t.flags_recursive), CASE WHEN t.recipient IS NULL THEN '$.recipient' ELSE '$.-' END, CASE WHEN t.action IS NULL THEN '$.action' ELSE '$.-' END, CASE WHEN t.flags_action_required IS NULL THEN '$.flags_action_required' ELSE '$.-' END, CASE WHEN t.flags_recursive IS NULL THEN '$.flags_recursive' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN memory_failure AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'MEMORY_FAILURE'
UNION ALL
SELECT 'MEM_UNPLUG_ERROR' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device', t.device, 'msg', t.msg), CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.msg IS NULL THEN '$.msg' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN mem_unplug_error AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'MEM_UNPLUG_ERROR'
UNION ALL
SELECT 'MIGRATION' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('status', t.status), CASE WHEN t.status IS NULL THEN '$.status' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN migration AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'MIGRATION'
UNION ALL
SELECT 'MIGRATION_PASS' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('pass', t.pass), CASE WHEN t.pass IS NULL THEN '$.pass' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN migration_pass AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'MIGRATION_PASS'
UNION ALL
SELECT 'NETDEV_STREAM_CONNECTED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('netdev_id', t.netdev_id, 'addr_type', t.addr_type, 'addr_host', t.addr_host, 'addr_port', t.addr_port, 'addr_numeric', t.addr_numeric, 'addr_to', t.addr_to, 'addr_ipv4', t.addr_ipv4, 'addr_ipv6', t.addr_ipv6, 'addr_keep_alive', t.addr_keep_alive, 'addr_keep_alive_count', t.addr_keep_alive_count, 'addr_keep_alive_idle', t.addr_keep_alive_idle, 'addr_keep_alive_interval', t.addr_keep_alive_interval, 'addr_mptcp', t.addr_mptcp, 'addr_path', t.addr_path, 'addr_abstract', t.addr_abstract, 'addr_tight', t.addr_tight, 'addr_cid', t.addr_cid, 'addr_str', t.addr_str), CASE WHEN t.netdev_id IS NULL THEN '$.netdev_id' ELSE '$.-' END, CASE WHEN t.addr_type IS NULL THEN '$.addr_type' ELSE '$.-' END, CASE WHEN t.addr_host IS NULL THEN '$.addr_host' ELSE '$.-' END, CASE WHEN t.addr_port IS NULL THEN '$.addr_port' ELSE '$.-' END, CASE WHEN t.addr_numeric IS NULL THEN '$.addr_numeric' ELSE '$.-' END, CASE WHEN t.addr_to IS NULL THEN '$.addr_to' ELSE '$.-' END, CASE WHEN t.addr_ipv4 IS NULL THEN '$.addr_ipv4' ELSE '$.-' END, CASE WHEN t.addr_ipv6 IS NULL THEN '$.addr_ipv6' ELSE '$.-' END, CASE WHEN t.addr_keep_alive IS NULL THEN '$.addr_keep_alive' ELSE '$.-' END, CASE WHEN t.addr_keep_alive_count IS NULL THEN '$.addr_keep_alive_count' ELSE '$.-' END, CASE WHEN t.addr_keep_alive_idle IS NULL THEN '$.addr_keep_alive_idle' ELSE '$.-' END, CASE WHEN t.addr_keep_alive_interval IS NULL THEN '$.addr_keep_alive_interval' ELSE '$.-' END, CASE WHEN t.addr_mptcp IS NULL THEN '$.addr_mptcp' ELSE '$.-' END, CASE WHEN t.addr_path IS NULL THEN '$.addr_path' ELSE '$.-' END, CASE WHEN t.addr_abstract IS NULL THEN '$.addr_abstract' ELSE '$.-' END, CASE WHEN t.addr_tight IS NULL THEN '$.addr_tight' ELSE '$.-' END, CASE WHEN t.addr_cid IS NULL THEN '$.addr_cid' ELSE '$.-' END, CASE WHEN t.addr_str IS NULL THEN '$.addr_str' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN netdev_stream_connected AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'NETDEV_STREAM_CONNECTED'
UNION ALL
SELECT 'NETDEV_STREAM_DISCONNECTED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('netdev_id', t.netdev_id), CASE WHEN t.netdev_id IS NULL THEN '$.netdev_id' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN netdev_stream_disconnected AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'NETDEV_STREAM_DISCONNECTED'
UNION ALL
SELECT 'NETDEV_VHOST_USER_CONNECTED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('netdev_id', t.netdev_id, 'chardev_id', t.chardev_id), CASE WHEN t.netdev_id IS NULL THEN '$.netdev_id' ELSE '$.-' END, CASE WHEN t.chardev_id IS NULL THEN '$.chardev_id' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN netdev_vhost_user_connected AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'NETDEV_VHOST_USER_CONNECTED'
UNION ALL
SELECT 'NETDEV_VHOST_USER_DISCONNECTED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('netdev_id', t.netdev_id), CASE WHEN t.netdev_id IS NULL THEN '$.netdev_id' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN netdev_vhost_user_disconnected AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'NETDEV_VHOST_USER_DISCONNECTED'
UNION ALL
SELECT 'NIC_RX_FILTER_CHANGED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('name', t.name, 'path', t.path), CASE WHEN t.name IS NULL THEN '$.name' ELSE '$.-' END, CASE WHEN t.path IS NULL THEN '$.path' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN nic_rx_filter_changed AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'NIC_RX_FILTER_CHANGED'
UNION ALL
SELECT 'POWERDOWN' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data, s.id AS span FROM event_spans AS s JOIN powerdown AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'POWERDOWN'
UNION ALL
SELECT 'PR_MANAGER_STATUS_CHANGED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('id', t.id, 'connected', t.connected), CASE WHEN t.id IS NULL THEN '$.id' ELSE '$.-' END, CASE WHEN t.connected IS NULL THEN '$.connected' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN pr_manager_status_changed AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'PR_MANAGER_STATUS_CHANGED'
UNION ALL
SELECT 'QUORUM_FAILURE' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('reference', t.reference, 'sector_num', t.sector_num, 'sectors_count', t.sectors_count), CASE WHEN t.reference IS NULL THEN '$.reference' ELSE '$.-' END, CASE WHEN t.sector_num IS NULL THEN '$.sector_num' ELSE '$.-' END, CASE WHEN t.sectors_count IS NULL THEN '$.sectors_count' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN quorum_failure AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'QUORUM_FAILURE'
UNION ALL
SELECT 'QUORUM_REPORT_BAD' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('type', t.type, 'error', t.error, 'node_name', t.node_name, 'sector_num', t.sector_num, 'sectors_count', t.sectors_count), CASE WHEN t.type IS NULL THEN '$.type' ELSE '$.-' END, CASE WHEN t.error IS NULL THEN '$.error' ELSE '$.-' END, CASE WHEN t.node_name IS NULL THEN '$.node_name' ELSE '$.-' END, CASE WHEN t.sector_num IS NULL THEN '$.sector_num' ELSE '$.-' END, CASE WHEN t.sectors_count IS NULL THEN '$.sectors_count' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN quorum_report_bad AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'QUORUM_REPORT_BAD'
UNION ALL
SELECT 'RDMA_GID_STATUS_CHANGED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('netdev', t.netdev, 'gid_status', t.gid_status, 'subnet_prefix', t.subnet_prefix, 'interface_id', t.interface_id), CASE WHEN t.netdev IS NULL THEN '$.netdev' ELSE '$.-' END, CASE WHEN t.gid_status IS NULL THEN '$.gid_status' ELSE '$.-' END, CASE WHEN t.subnet_prefix IS NULL THEN '$.subnet_prefix' ELSE '$.-' END, CASE WHEN t.interface_id IS NULL THEN '$.interface_id' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN rdma_gid_status_changed AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'RDMA_GID_STATUS_CHANGED'
UNION ALL
SELECT 'RESET' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('guest', t.guest, 'reason', t.reason), CASE WHEN t.guest IS NULL THEN '$.guest' ELSE '$.-' END, CASE WHEN t.reason IS NULL THEN '$.reason' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN reset AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'RESET'
UNION ALL
SELECT 'RESUME' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data, s.id AS span FROM event_spans AS s JOIN resume AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'RESUME'
UNION ALL
SELECT 'RTC_CHANGE' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('offset', t.offset, 'qom_path', t.qom_path), CASE WHEN t.offset IS NULL THEN '$.offset' ELSE '$.-' END, CASE WHEN t.qom_path IS NULL THEN '$.qom_path' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN rtc_change AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'RTC_CHANGE'
UNION ALL
SELECT 'SCLP_CPI_INFO_AVAILABLE' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data, s.id AS span FROM event_spans AS s JOIN sclp_cpi_info_available AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'SCLP_CPI_INFO_AVAILABLE'
UNION ALL
SELECT 'SHUTDOWN' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('guest', t.guest, 'reason', t.reason), CASE WHEN t.guest IS NULL THEN '$.guest' ELSE '$.-' END, CASE WHEN t.reason IS NULL THEN '$.reason' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN shutdown AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'SHUTDOWN'
UNION ALL
SELECT 'SPICE_CONNECTED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('server_host', t.server_host, 'server_port', t.server_port, 'server_family', t.server_family, 'client_host', t.client_host, 'client_port', t.client_port, 'client_family', t.client_family), CASE WHEN t.server_host IS NULL THEN '$.server_host' ELSE '$.-' END, CASE WHEN t.server_port IS NULL THEN '$.server_port' ELSE '$.-' END, CASE WHEN t.server_family IS NULL THEN '$.server_family' ELSE '$.-' END, CASE WHEN t.client_host IS NULL THEN '$.client_host' ELSE '$.-' END, CASE WHEN t.client_port IS NULL THEN '$.client_port' ELSE '$.-' END, CASE WHEN t.client_family IS NULL THEN '$.client_family' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN spice_connected AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'SPICE_CONNECTED'
UNION ALL
SELECT 'SPICE_DISCONNECTED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('server_host', t.server_host, 'server_port', t.server_port, 'server_family', t.server_family, 'client_host', t.client_host, 'client_port', t.client_port, 'client_family', t.client_family), CASE WHEN t.server_host IS NULL THEN '$.server_host' ELSE '$.-' END, CASE WHEN t.server_port IS NULL THEN '$.server_port' ELSE '$.-' END, CASE WHEN t.server_family IS NULL THEN '$.server_family' ELSE '$.-' END, CASE WHEN t.client_host IS NULL THEN '$.client_host' ELSE '$.-' END, CASE WHEN t.client_port IS NULL THEN '$.client_port' ELSE '$.-' END, CASE WHEN t.client_family IS NULL THEN '$.client_family' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN spice_disconnected AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'SPICE_DISCONNECTED'
UNION ALL
SELECT 'SPICE_INITIALIZED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('server_host', t.server_host, 'server_port', t.server_port, 'server_family', t.server_family, 'server_auth', t.server_auth, 'client_host', t.client_host, 'client_port', t.client_port, 'client_family', t.client_family, 'client_connection_id', t.client_connection_id, 'client_channel_type', t.client_channel_type, 'client_channel_id', t.client_channel_id, 'client_tls', t.client_tls), CASE WHEN t.server_host IS NULL THEN '$.server_host' ELSE '$.-' END, CASE WHEN t.server_port IS NULL THEN '$.server_port' ELSE '$.-' END, CASE WHEN t.server_family IS NULL THEN '$.server_family' ELSE '$.-' END, CASE WHEN t.server_auth IS NULL THEN '$.server_auth' ELSE '$.-' END, CASE WHEN t.client_host IS NULL THEN '$.client_host' ELSE '$.-' END, CASE WHEN t.client_port IS NULL THEN '$.client_port' ELSE '$.-' END, CASE WHEN t.client_family IS NULL THEN '$.client_family' ELSE '$.-' END, CASE WHEN t.client_connection_id IS NULL THEN '$.client_connection_id' ELSE '$.-' END, CASE WHEN t.client_channel_type IS NULL THEN '$.client_channel_type' ELSE '$.-' END, CASE WHEN t.client_channel_id IS NULL THEN '$.client_channel_id' ELSE '$.-' END, CASE WHEN t.client_tls IS NULL THEN '$.client_tls' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN spice_initialized AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'SPICE_INITIALIZED'
UNION ALL
SELECT 'SPICE_MIGRATE_COMPLETED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data, s.id AS span FROM event_spans AS s JOIN spice_migrate_completed AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'SPICE_MIGRATE_COMPLETED'
UNION ALL
SELECT 'STOP' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data, s.id AS span FROM event_spans AS s JOIN stop AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'STOP'
UNION ALL
SELECT 'SUSPEND' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data, s.id AS span FROM event_spans AS s JOIN suspend AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'SUSPEND'
UNION ALL
SELECT 'SUSPEND_DISK' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data, s.id AS span FROM event_spans AS s JOIN suspend_disk AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'SUSPEND_DISK'
UNION ALL
SELECT 'UNPLUG_PRIMARY' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device_id', t.device_id), CASE WHEN t.device_id IS NULL THEN '$.device_id' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN unplug_primary AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'UNPLUG_PRIMARY'
UNION ALL
SELECT 'VFIO_MIGRATION' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device_id', t.device_id, 'qom_path', t.qom_path, 'device_state', t.device_state), CASE WHEN t.device_id IS NULL THEN '$.device_id' ELSE '$.-' END, CASE WHEN t.qom_path IS NULL THEN '$.qom_path' ELSE '$.-' END, CASE WHEN t.device_state IS NULL THEN '$.device_state' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN vfio_migration AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'VFIO_MIGRATION'
UNION ALL
SELECT 'VFU_CLIENT_HANGUP' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('vfu_id', t.vfu_id, 'vfu_qom_path', t.vfu_qom_path, 'dev_id', t.dev_id, 'dev_qom_path', t.dev_qom_path), CASE WHEN t.vfu_id IS NULL THEN '$.vfu_id' ELSE '$.-' END, CASE WHEN t.vfu_qom_path IS NULL THEN '$.vfu_qom_path' ELSE '$.-' END, CASE WHEN t.dev_id IS NULL THEN '$.dev_id' ELSE '$.-' END, CASE WHEN t.dev_qom_path IS NULL THEN '$.dev_qom_path' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN vfu_client_hangup AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'VFU_CLIENT_HANGUP'
UNION ALL
SELECT 'VNC_CONNECTED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('server_host', t.server_host, 'server_service', t.server_service, 'server_family', t.server_family, 'server_websocket', t.server_websocket, 'server_auth', t.server_auth, 'client_host', t.client_host, 'client_service', t.client_service, 'client_family', t.client_family, 'client_websocket', t.client_websocket), CASE WHEN t.server_host IS NULL THEN '$.server_host' ELSE '$.-' END, CASE WHEN t.server_service IS NULL THEN '$.server_service' ELSE '$.-' END, CASE WHEN t.server_family IS NULL THEN '$.server_family' ELSE '$.-' END, CASE WHEN t.server_websocket IS NULL THEN '$.server_websocket' ELSE '$.-' END, CASE WHEN t.server_auth IS NULL THEN '$.server_auth' ELSE '$.-' END, CASE WHEN t.client_host IS NULL THEN '$.client_host' ELSE '$.-' END, CASE WHEN t.client_service IS NULL THEN '$.client_service' ELSE '$.-' END, CASE WHEN t.client_family IS NULL THEN '$.client_family' ELSE '$.-' END, CASE WHEN t.client_websocket IS NULL THEN '$.client_websocket' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN vnc_connected AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'VNC_CONNECTED'
UNION ALL
SELECT 'VNC_DISCONNECTED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('server_host', t.server_host, 'server_service', t.server_service, 'server_family', t.server_family, 'server_websocket', t.server_websocket, 'server_auth', t.server_auth, 'client_host', t.client_host, 'client_service', t.client_service, 'client_family', t.client_family, 'client_websocket', t.client_websocket, 'client_x509_dname', t.client_x509_dname, 'client_sasl_username', t.client_sasl_username), CASE WHEN t.server_host IS NULL THEN '$.server_host' ELSE '$.-' END, CASE WHEN t.server_service IS NULL THEN '$.server_service' ELSE '$.-' END, CASE WHEN t.server_family IS NULL THEN '$.server_family' ELSE '$.-' END, CASE WHEN t.server_websocket IS NULL THEN '$.server_websocket' ELSE '$.-' END, CASE WHEN t.server_auth IS NULL THEN '$.server_auth' ELSE '$.-' END, CASE WHEN t.client_host IS NULL THEN '$.client_host' ELSE '$.-' END, CASE WHEN t.client_service IS NULL THEN '$.client_service' ELSE '$.-' END, CASE WHEN t.client_family IS NULL THEN '$.client_family' ELSE '$.-' END, CASE WHEN t.client_websocket IS NULL THEN '$.client_websocket' ELSE '$.-' END, CASE WHEN t.client_x509_dname IS NULL THEN '$.client_x509_dname' ELSE '$.-' END, CASE WHEN t.client_sasl_username IS NULL THEN '$.client_sasl_username' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN vnc_disconnected AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'VNC_DISCONNECTED'
UNION ALL
SELECT 'VNC_INITIALIZED' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('server_host', t.server_host, 'server_service', t.server_service, 'server_family', t.server_family, 'server_websocket', t.server_websocket, 'server_auth', t.server_auth, 'client_host', t.client_host, 'client_service', t.client_service, 'client_family', t.client_family, 'client_websocket', t.client_websocket, 'client_x509_dname', t.client_x509_dname, 'client_sasl_username', t.client_sasl_username), CASE WHEN t.server_host IS NULL THEN '$.server_host' ELSE '$.-' END, CASE WHEN t.server_service IS NULL THEN '$.server_service' ELSE '$.-' END, CASE WHEN t.server_family IS NULL THEN '$.server_family' ELSE '$.-' END, CASE WHEN t.server_websocket IS NULL THEN '$.server_websocket' ELSE '$.-' END, CASE WHEN t.server_auth IS NULL THEN '$.server_auth' ELSE '$.-' END, CASE WHEN t.client_host IS NULL THEN '$.client_host' ELSE '$.-' END, CASE WHEN t.client_service IS NULL THEN '$.client_service' ELSE '$.-' END, CASE WHEN t.client_family IS NULL THEN '$.client_family' ELSE '$.-' END, CASE WHEN t.client_websocket IS NULL THEN '$.client_websocket' ELSE '$.-' END, CASE WHEN t.client_x509_dname IS NULL THEN '$.client_x509_dname' ELSE '$.-' END, CASE WHEN t.client_sasl_username IS NULL THEN '$.client_sasl_username' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN vnc_initialized AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'VNC_INITIALIZED'
UNION ALL
SELECT 'VSERPORT_CHANGE' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('id', t.id, 'open', t.open), CASE WHEN t.id IS NULL THEN '$.id' ELSE '$.-' END, CASE WHEN t.open IS NULL THEN '$.open' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN vserport_change AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'VSERPORT_CHANGE'
UNION ALL
SELECT 'WAKEUP' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data, s.id AS span FROM event_spans AS s JOIN wakeup AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'WAKEUP'
UNION ALL
SELECT 'WATCHDOG' AS event, t.file_id, s.vm AS label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('action', t.action), CASE WHEN t.action IS NULL THEN '$.action' ELSE '$.-' END) AS data, s.id AS span FROM event_spans AS s JOIN watchdog AS t ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND +t.file_id = s.file_id WHERE s.event = 'WATCHDOG';

-- Typed events per source file, UTC day and event type, from the spans (no event table is read).
CREATE VIEW event_counts AS
SELECT file_id, vm, day, event, sum(rows) AS events, min(first_us) AS first_us, max(last_us) AS last_us
FROM event_spans
GROUP BY file_id, day, event;

-- Typed events per VM, day (UTC) and event type (same columns as before, now from the spans).
CREATE VIEW events_per_vm_day AS
SELECT vm, day, event, sum(rows) AS events
FROM event_spans
GROUP BY vm, day, event;
