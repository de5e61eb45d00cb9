-- 0010: time windows read fewer rows; counts per day come from a summary (README, "Query speed").
--
-- The importer now also ends a span when its rows times the time it covers reach two hours
-- (src/store/spans.rs): a span of 64 rows covers at most about two minutes, one of 2 rows an
-- hour. A query for the seconds before a moment then reads a few dozen rows of each table
-- instead of a few hundred, at the cost of about twice as many spans. Spans built before (and
-- those 0004's statements rebuild) keep the old rule; both kinds are exact.
-- * `event_spans_by_vm` also holds each span's last_us and first_us, so a window's spans are
--   picked from the index alone (the span row is read only for the spans that overlap it).
-- * `event_spans_by_vm_time` (vm, first_us) goes: the spans come in (event, hour) order, so its
--   entries went in all over it, about 40 % of the importer's work per span (measured with
--   callgrind). A VM's spans are found through event_spans_by_vm, event by event
--   (`vm = ? AND event IN (SELECT event FROM event_days)`, README's cookbook).
-- * `event_days`: typed events per source file, event and UTC day, kept by the importer in the
--   same transaction as the rows (an upsert per file, event and day at each commit) and by the
--   delete triggers below; `event_counts` and `events_per_vm_day` read it instead of summing
--   spans, so they stay a few thousand rows whatever the spans' size. first_us and last_us are
--   the earliest and latest ts_us imported; rows deleted by hand lower `events` (a file's day
--   and event left with none is dropped) but do not narrow them, as they do not narrow the spans'
--   (until the importer rebuilds a table's spans after a VACUUM, and its counts with them).

DROP INDEX event_spans_by_vm;
CREATE INDEX event_spans_by_vm ON event_spans(event, vm, hour, last_us, first_us);
DROP INDEX event_spans_by_vm_time;

CREATE TABLE event_days (
    file_id  INTEGER NOT NULL REFERENCES files(id),
    event    TEXT NOT NULL,      -- QMP event name, as in all_events.event
    day      TEXT NOT NULL,      -- UTC date of the rows' ts_us; '' for rows without one
    events   INTEGER NOT NULL,   -- how many rows
    first_us INTEGER,            -- the earliest ts_us imported
    last_us  INTEGER,            -- the latest
    PRIMARY KEY (file_id, event, day)
) STRICT, WITHOUT ROWID;

INSERT INTO event_days (file_id, event, day, events, first_us, last_us)
SELECT file_id, event, coalesce(day, ''), sum(rows), min(first_us), max(last_us)
FROM event_spans GROUP BY file_id, event, coalesce(day, '');

DROP VIEW event_counts;
CREATE VIEW event_counts AS
SELECT d.file_id, coalesce(f.label, '') AS vm, nullif(d.day, '') AS day, d.event, d.events, d.first_us, d.last_us
FROM event_days AS d LEFT JOIN files AS f ON f.id = d.file_id;

DROP VIEW events_per_vm_day;
CREATE VIEW events_per_vm_day AS
SELECT vm, day, event, sum(events) AS events
FROM event_counts
GROUP BY vm, day, event;

CREATE TRIGGER acpi_device_ost_days AFTER DELETE ON acpi_device_ost BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'ACPI_DEVICE_OST' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'ACPI_DEVICE_OST' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER balloon_change_days AFTER DELETE ON balloon_change BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'BALLOON_CHANGE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'BALLOON_CHANGE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER block_export_deleted_days AFTER DELETE ON block_export_deleted BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'BLOCK_EXPORT_DELETED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'BLOCK_EXPORT_DELETED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER block_image_corrupted_days AFTER DELETE ON block_image_corrupted BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'BLOCK_IMAGE_CORRUPTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'BLOCK_IMAGE_CORRUPTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER block_io_error_days AFTER DELETE ON block_io_error BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'BLOCK_IO_ERROR' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'BLOCK_IO_ERROR' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER block_job_cancelled_days AFTER DELETE ON block_job_cancelled BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'BLOCK_JOB_CANCELLED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'BLOCK_JOB_CANCELLED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER block_job_completed_days AFTER DELETE ON block_job_completed BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'BLOCK_JOB_COMPLETED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'BLOCK_JOB_COMPLETED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER block_job_error_days AFTER DELETE ON block_job_error BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'BLOCK_JOB_ERROR' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'BLOCK_JOB_ERROR' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER block_job_pending_days AFTER DELETE ON block_job_pending BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'BLOCK_JOB_PENDING' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'BLOCK_JOB_PENDING' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER block_job_ready_days AFTER DELETE ON block_job_ready BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'BLOCK_JOB_READY' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'BLOCK_JOB_READY' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER block_write_threshold_days AFTER DELETE ON block_write_threshold BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'BLOCK_WRITE_THRESHOLD' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'BLOCK_WRITE_THRESHOLD' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER colo_exit_days AFTER DELETE ON colo_exit BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'COLO_EXIT' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'COLO_EXIT' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER command_dropped_days AFTER DELETE ON command_dropped BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'COMMAND_DROPPED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'COMMAND_DROPPED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER cpu_polarization_change_days AFTER DELETE ON cpu_polarization_change BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'CPU_POLARIZATION_CHANGE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'CPU_POLARIZATION_CHANGE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER device_deleted_days AFTER DELETE ON device_deleted BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'DEVICE_DELETED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'DEVICE_DELETED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER device_tray_moved_days AFTER DELETE ON device_tray_moved BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'DEVICE_TRAY_MOVED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'DEVICE_TRAY_MOVED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER device_unplug_guest_error_days AFTER DELETE ON device_unplug_guest_error BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'DEVICE_UNPLUG_GUEST_ERROR' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'DEVICE_UNPLUG_GUEST_ERROR' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER dump_completed_days AFTER DELETE ON dump_completed BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'DUMP_COMPLETED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'DUMP_COMPLETED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER failover_negotiated_days AFTER DELETE ON failover_negotiated BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'FAILOVER_NEGOTIATED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'FAILOVER_NEGOTIATED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER guest_crashloaded_days AFTER DELETE ON guest_crashloaded BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'GUEST_CRASHLOADED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'GUEST_CRASHLOADED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER guest_panicked_days AFTER DELETE ON guest_panicked BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'GUEST_PANICKED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'GUEST_PANICKED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER guest_pvshutdown_days AFTER DELETE ON guest_pvshutdown BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'GUEST_PVSHUTDOWN' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'GUEST_PVSHUTDOWN' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER hv_balloon_status_report_days AFTER DELETE ON hv_balloon_status_report BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'HV_BALLOON_STATUS_REPORT' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'HV_BALLOON_STATUS_REPORT' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER job_status_change_days AFTER DELETE ON job_status_change BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'JOB_STATUS_CHANGE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'JOB_STATUS_CHANGE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER memory_device_size_change_days AFTER DELETE ON memory_device_size_change BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'MEMORY_DEVICE_SIZE_CHANGE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'MEMORY_DEVICE_SIZE_CHANGE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER memory_failure_days AFTER DELETE ON memory_failure BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'MEMORY_FAILURE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'MEMORY_FAILURE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER mem_unplug_error_days AFTER DELETE ON mem_unplug_error BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'MEM_UNPLUG_ERROR' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'MEM_UNPLUG_ERROR' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER migration_days AFTER DELETE ON migration BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'MIGRATION' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'MIGRATION' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER migration_pass_days AFTER DELETE ON migration_pass BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'MIGRATION_PASS' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'MIGRATION_PASS' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER netdev_stream_connected_days AFTER DELETE ON netdev_stream_connected BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'NETDEV_STREAM_CONNECTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'NETDEV_STREAM_CONNECTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER netdev_stream_disconnected_days AFTER DELETE ON netdev_stream_disconnected BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'NETDEV_STREAM_DISCONNECTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'NETDEV_STREAM_DISCONNECTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER netdev_vhost_user_connected_days AFTER DELETE ON netdev_vhost_user_connected BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'NETDEV_VHOST_USER_CONNECTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'NETDEV_VHOST_USER_CONNECTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER netdev_vhost_user_disconnected_days AFTER DELETE ON netdev_vhost_user_disconnected BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'NETDEV_VHOST_USER_DISCONNECTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'NETDEV_VHOST_USER_DISCONNECTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER nic_rx_filter_changed_days AFTER DELETE ON nic_rx_filter_changed BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'NIC_RX_FILTER_CHANGED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'NIC_RX_FILTER_CHANGED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER powerdown_days AFTER DELETE ON powerdown BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'POWERDOWN' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'POWERDOWN' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER pr_manager_status_changed_days AFTER DELETE ON pr_manager_status_changed BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'PR_MANAGER_STATUS_CHANGED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'PR_MANAGER_STATUS_CHANGED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER quorum_failure_days AFTER DELETE ON quorum_failure BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'QUORUM_FAILURE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'QUORUM_FAILURE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER quorum_report_bad_days AFTER DELETE ON quorum_report_bad BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'QUORUM_REPORT_BAD' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'QUORUM_REPORT_BAD' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER rdma_gid_status_changed_days AFTER DELETE ON rdma_gid_status_changed BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'RDMA_GID_STATUS_CHANGED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'RDMA_GID_STATUS_CHANGED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER reset_days AFTER DELETE ON reset BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'RESET' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'RESET' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER resume_days AFTER DELETE ON resume BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'RESUME' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'RESUME' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER rtc_change_days AFTER DELETE ON rtc_change BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'RTC_CHANGE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'RTC_CHANGE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER sclp_cpi_info_available_days AFTER DELETE ON sclp_cpi_info_available BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'SCLP_CPI_INFO_AVAILABLE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'SCLP_CPI_INFO_AVAILABLE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER shutdown_days AFTER DELETE ON shutdown BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'SHUTDOWN' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'SHUTDOWN' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER spice_connected_days AFTER DELETE ON spice_connected BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'SPICE_CONNECTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'SPICE_CONNECTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER spice_disconnected_days AFTER DELETE ON spice_disconnected BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'SPICE_DISCONNECTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'SPICE_DISCONNECTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER spice_initialized_days AFTER DELETE ON spice_initialized BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'SPICE_INITIALIZED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'SPICE_INITIALIZED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER spice_migrate_completed_days AFTER DELETE ON spice_migrate_completed BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'SPICE_MIGRATE_COMPLETED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'SPICE_MIGRATE_COMPLETED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER stop_days AFTER DELETE ON stop BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'STOP' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'STOP' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER suspend_days AFTER DELETE ON suspend BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'SUSPEND' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'SUSPEND' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER suspend_disk_days AFTER DELETE ON suspend_disk BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'SUSPEND_DISK' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'SUSPEND_DISK' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER unplug_primary_days AFTER DELETE ON unplug_primary BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'UNPLUG_PRIMARY' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'UNPLUG_PRIMARY' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER vfio_migration_days AFTER DELETE ON vfio_migration BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'VFIO_MIGRATION' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'VFIO_MIGRATION' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER vfu_client_hangup_days AFTER DELETE ON vfu_client_hangup BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'VFU_CLIENT_HANGUP' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'VFU_CLIENT_HANGUP' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER vnc_connected_days AFTER DELETE ON vnc_connected BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'VNC_CONNECTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'VNC_CONNECTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER vnc_disconnected_days AFTER DELETE ON vnc_disconnected BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'VNC_DISCONNECTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'VNC_DISCONNECTED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER vnc_initialized_days AFTER DELETE ON vnc_initialized BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'VNC_INITIALIZED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'VNC_INITIALIZED' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER vserport_change_days AFTER DELETE ON vserport_change BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'VSERPORT_CHANGE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'VSERPORT_CHANGE' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER wakeup_days AFTER DELETE ON wakeup BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'WAKEUP' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'WAKEUP' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;

CREATE TRIGGER watchdog_days AFTER DELETE ON watchdog BEGIN
  UPDATE event_days SET events = events - 1
   WHERE file_id = old.file_id AND event = 'WATCHDOG' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '');
  DELETE FROM event_days
   WHERE file_id = old.file_id AND event = 'WATCHDOG' AND day = coalesce(date(old.ts_us / 1000000, 'unixepoch'), '')
     AND events <= 0;
END;
