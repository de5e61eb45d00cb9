-- 0008: spans stay exact when event rows are deleted by hand.
--
-- The importer only appends, but an operator may prune old rows (DELETE FROM stop WHERE ...).
-- Each event table gets a trigger that takes a deleted row out of its span: the count goes down,
-- the span's last rowid comes down to its last remaining row (so a row the importer appends
-- later, which takes the largest rowid plus one, never falls inside an old span), and a span
-- left with no row is dropped. event_counts, events_per_vm_day and all_events stay right. The
-- span is found through event_spans_by_vm (event, vm, hour): one index look-up per deleted row.
-- VACUUM after deletes may renumber the rowids of those tables: `pruned_events` lists the events
-- whose table had rows deleted, and the importer checks only those tables' spans against their
-- rows when it opens the database, rebuilding them if they no longer match (src/store/spans.rs).

CREATE TABLE pruned_events (
    event TEXT PRIMARY KEY NOT NULL   -- QMP event name whose table had rows deleted
) STRICT;

CREATE TRIGGER acpi_device_ost_spans AFTER DELETE ON acpi_device_ost BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('ACPI_DEVICE_OST');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM acpi_device_ost WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'ACPI_DEVICE_OST' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'ACPI_DEVICE_OST' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER balloon_change_spans AFTER DELETE ON balloon_change BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('BALLOON_CHANGE');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM balloon_change WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'BALLOON_CHANGE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'BALLOON_CHANGE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER block_export_deleted_spans AFTER DELETE ON block_export_deleted BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('BLOCK_EXPORT_DELETED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM block_export_deleted WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'BLOCK_EXPORT_DELETED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'BLOCK_EXPORT_DELETED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER block_image_corrupted_spans AFTER DELETE ON block_image_corrupted BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('BLOCK_IMAGE_CORRUPTED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM block_image_corrupted WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'BLOCK_IMAGE_CORRUPTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'BLOCK_IMAGE_CORRUPTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER block_io_error_spans AFTER DELETE ON block_io_error BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('BLOCK_IO_ERROR');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM block_io_error WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'BLOCK_IO_ERROR' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'BLOCK_IO_ERROR' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER block_job_cancelled_spans AFTER DELETE ON block_job_cancelled BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('BLOCK_JOB_CANCELLED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM block_job_cancelled WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'BLOCK_JOB_CANCELLED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'BLOCK_JOB_CANCELLED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER block_job_completed_spans AFTER DELETE ON block_job_completed BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('BLOCK_JOB_COMPLETED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM block_job_completed WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'BLOCK_JOB_COMPLETED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'BLOCK_JOB_COMPLETED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER block_job_error_spans AFTER DELETE ON block_job_error BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('BLOCK_JOB_ERROR');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM block_job_error WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'BLOCK_JOB_ERROR' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'BLOCK_JOB_ERROR' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER block_job_pending_spans AFTER DELETE ON block_job_pending BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('BLOCK_JOB_PENDING');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM block_job_pending WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'BLOCK_JOB_PENDING' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'BLOCK_JOB_PENDING' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER block_job_ready_spans AFTER DELETE ON block_job_ready BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('BLOCK_JOB_READY');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM block_job_ready WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'BLOCK_JOB_READY' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'BLOCK_JOB_READY' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER block_write_threshold_spans AFTER DELETE ON block_write_threshold BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('BLOCK_WRITE_THRESHOLD');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM block_write_threshold WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'BLOCK_WRITE_THRESHOLD' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'BLOCK_WRITE_THRESHOLD' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER colo_exit_spans AFTER DELETE ON colo_exit BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('COLO_EXIT');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM colo_exit WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'COLO_EXIT' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'COLO_EXIT' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER command_dropped_spans AFTER DELETE ON command_dropped BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('COMMAND_DROPPED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM command_dropped WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'COMMAND_DROPPED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'COMMAND_DROPPED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER cpu_polarization_change_spans AFTER DELETE ON cpu_polarization_change BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('CPU_POLARIZATION_CHANGE');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM cpu_polarization_change WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'CPU_POLARIZATION_CHANGE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'CPU_POLARIZATION_CHANGE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER device_deleted_spans AFTER DELETE ON device_deleted BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('DEVICE_DELETED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM device_deleted WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'DEVICE_DELETED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'DEVICE_DELETED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER device_tray_moved_spans AFTER DELETE ON device_tray_moved BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('DEVICE_TRAY_MOVED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM device_tray_moved WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'DEVICE_TRAY_MOVED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'DEVICE_TRAY_MOVED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER device_unplug_guest_error_spans AFTER DELETE ON device_unplug_guest_error BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('DEVICE_UNPLUG_GUEST_ERROR');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM device_unplug_guest_error WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'DEVICE_UNPLUG_GUEST_ERROR' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'DEVICE_UNPLUG_GUEST_ERROR' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER dump_completed_spans AFTER DELETE ON dump_completed BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('DUMP_COMPLETED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM dump_completed WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'DUMP_COMPLETED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'DUMP_COMPLETED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER failover_negotiated_spans AFTER DELETE ON failover_negotiated BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('FAILOVER_NEGOTIATED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM failover_negotiated WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'FAILOVER_NEGOTIATED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'FAILOVER_NEGOTIATED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER guest_crashloaded_spans AFTER DELETE ON guest_crashloaded BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('GUEST_CRASHLOADED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM guest_crashloaded WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'GUEST_CRASHLOADED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'GUEST_CRASHLOADED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER guest_panicked_spans AFTER DELETE ON guest_panicked BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('GUEST_PANICKED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM guest_panicked WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'GUEST_PANICKED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'GUEST_PANICKED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER guest_pvshutdown_spans AFTER DELETE ON guest_pvshutdown BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('GUEST_PVSHUTDOWN');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM guest_pvshutdown WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'GUEST_PVSHUTDOWN' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'GUEST_PVSHUTDOWN' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER hv_balloon_status_report_spans AFTER DELETE ON hv_balloon_status_report BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('HV_BALLOON_STATUS_REPORT');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM hv_balloon_status_report WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'HV_BALLOON_STATUS_REPORT' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'HV_BALLOON_STATUS_REPORT' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER job_status_change_spans AFTER DELETE ON job_status_change BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('JOB_STATUS_CHANGE');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM job_status_change WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'JOB_STATUS_CHANGE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'JOB_STATUS_CHANGE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER memory_device_size_change_spans AFTER DELETE ON memory_device_size_change BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('MEMORY_DEVICE_SIZE_CHANGE');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM memory_device_size_change WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'MEMORY_DEVICE_SIZE_CHANGE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'MEMORY_DEVICE_SIZE_CHANGE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER memory_failure_spans AFTER DELETE ON memory_failure BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('MEMORY_FAILURE');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM memory_failure WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'MEMORY_FAILURE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'MEMORY_FAILURE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER mem_unplug_error_spans AFTER DELETE ON mem_unplug_error BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('MEM_UNPLUG_ERROR');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM mem_unplug_error WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'MEM_UNPLUG_ERROR' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'MEM_UNPLUG_ERROR' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER migration_spans AFTER DELETE ON migration BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('MIGRATION');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM migration WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'MIGRATION' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'MIGRATION' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER migration_pass_spans AFTER DELETE ON migration_pass BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('MIGRATION_PASS');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM migration_pass WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'MIGRATION_PASS' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'MIGRATION_PASS' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER netdev_stream_connected_spans AFTER DELETE ON netdev_stream_connected BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('NETDEV_STREAM_CONNECTED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM netdev_stream_connected WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'NETDEV_STREAM_CONNECTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'NETDEV_STREAM_CONNECTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER netdev_stream_disconnected_spans AFTER DELETE ON netdev_stream_disconnected BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('NETDEV_STREAM_DISCONNECTED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM netdev_stream_disconnected WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'NETDEV_STREAM_DISCONNECTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'NETDEV_STREAM_DISCONNECTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER netdev_vhost_user_connected_spans AFTER DELETE ON netdev_vhost_user_connected BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('NETDEV_VHOST_USER_CONNECTED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM netdev_vhost_user_connected WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'NETDEV_VHOST_USER_CONNECTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'NETDEV_VHOST_USER_CONNECTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER netdev_vhost_user_disconnected_spans AFTER DELETE ON netdev_vhost_user_disconnected BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('NETDEV_VHOST_USER_DISCONNECTED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM netdev_vhost_user_disconnected WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'NETDEV_VHOST_USER_DISCONNECTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'NETDEV_VHOST_USER_DISCONNECTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER nic_rx_filter_changed_spans AFTER DELETE ON nic_rx_filter_changed BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('NIC_RX_FILTER_CHANGED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM nic_rx_filter_changed WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'NIC_RX_FILTER_CHANGED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'NIC_RX_FILTER_CHANGED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER powerdown_spans AFTER DELETE ON powerdown BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('POWERDOWN');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM powerdown WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'POWERDOWN' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'POWERDOWN' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER pr_manager_status_changed_spans AFTER DELETE ON pr_manager_status_changed BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('PR_MANAGER_STATUS_CHANGED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM pr_manager_status_changed WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'PR_MANAGER_STATUS_CHANGED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'PR_MANAGER_STATUS_CHANGED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER quorum_failure_spans AFTER DELETE ON quorum_failure BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('QUORUM_FAILURE');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM quorum_failure WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'QUORUM_FAILURE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'QUORUM_FAILURE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER quorum_report_bad_spans AFTER DELETE ON quorum_report_bad BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('QUORUM_REPORT_BAD');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM quorum_report_bad WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'QUORUM_REPORT_BAD' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'QUORUM_REPORT_BAD' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER rdma_gid_status_changed_spans AFTER DELETE ON rdma_gid_status_changed BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('RDMA_GID_STATUS_CHANGED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM rdma_gid_status_changed WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'RDMA_GID_STATUS_CHANGED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'RDMA_GID_STATUS_CHANGED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER reset_spans AFTER DELETE ON reset BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('RESET');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM reset WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'RESET' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'RESET' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER resume_spans AFTER DELETE ON resume BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('RESUME');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM resume WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'RESUME' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'RESUME' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER rtc_change_spans AFTER DELETE ON rtc_change BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('RTC_CHANGE');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM rtc_change WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'RTC_CHANGE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'RTC_CHANGE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER sclp_cpi_info_available_spans AFTER DELETE ON sclp_cpi_info_available BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('SCLP_CPI_INFO_AVAILABLE');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM sclp_cpi_info_available WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'SCLP_CPI_INFO_AVAILABLE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'SCLP_CPI_INFO_AVAILABLE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER shutdown_spans AFTER DELETE ON shutdown BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('SHUTDOWN');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM shutdown WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'SHUTDOWN' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'SHUTDOWN' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER spice_connected_spans AFTER DELETE ON spice_connected BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('SPICE_CONNECTED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM spice_connected WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'SPICE_CONNECTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'SPICE_CONNECTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER spice_disconnected_spans AFTER DELETE ON spice_disconnected BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('SPICE_DISCONNECTED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM spice_disconnected WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'SPICE_DISCONNECTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'SPICE_DISCONNECTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER spice_initialized_spans AFTER DELETE ON spice_initialized BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('SPICE_INITIALIZED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM spice_initialized WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'SPICE_INITIALIZED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'SPICE_INITIALIZED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER spice_migrate_completed_spans AFTER DELETE ON spice_migrate_completed BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('SPICE_MIGRATE_COMPLETED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM spice_migrate_completed WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'SPICE_MIGRATE_COMPLETED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'SPICE_MIGRATE_COMPLETED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER stop_spans AFTER DELETE ON stop BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('STOP');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM stop WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'STOP' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'STOP' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER suspend_spans AFTER DELETE ON suspend BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('SUSPEND');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM suspend WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'SUSPEND' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'SUSPEND' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER suspend_disk_spans AFTER DELETE ON suspend_disk BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('SUSPEND_DISK');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM suspend_disk WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'SUSPEND_DISK' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'SUSPEND_DISK' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER unplug_primary_spans AFTER DELETE ON unplug_primary BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('UNPLUG_PRIMARY');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM unplug_primary WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'UNPLUG_PRIMARY' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'UNPLUG_PRIMARY' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER vfio_migration_spans AFTER DELETE ON vfio_migration BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('VFIO_MIGRATION');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM vfio_migration WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'VFIO_MIGRATION' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'VFIO_MIGRATION' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER vfu_client_hangup_spans AFTER DELETE ON vfu_client_hangup BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('VFU_CLIENT_HANGUP');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM vfu_client_hangup WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'VFU_CLIENT_HANGUP' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'VFU_CLIENT_HANGUP' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER vnc_connected_spans AFTER DELETE ON vnc_connected BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('VNC_CONNECTED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM vnc_connected WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'VNC_CONNECTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'VNC_CONNECTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER vnc_disconnected_spans AFTER DELETE ON vnc_disconnected BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('VNC_DISCONNECTED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM vnc_disconnected WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'VNC_DISCONNECTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'VNC_DISCONNECTED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER vnc_initialized_spans AFTER DELETE ON vnc_initialized BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('VNC_INITIALIZED');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM vnc_initialized WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'VNC_INITIALIZED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'VNC_INITIALIZED' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER vserport_change_spans AFTER DELETE ON vserport_change BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('VSERPORT_CHANGE');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM vserport_change WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'VSERPORT_CHANGE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'VSERPORT_CHANGE' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER wakeup_spans AFTER DELETE ON wakeup BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('WAKEUP');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM wakeup WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'WAKEUP' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'WAKEUP' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;

CREATE TRIGGER watchdog_spans AFTER DELETE ON watchdog BEGIN
  INSERT OR IGNORE INTO pruned_events (event) VALUES ('WATCHDOG');
  UPDATE event_spans SET rows = rows - 1,
         last_rowid = coalesce((SELECT max(rowid) FROM watchdog WHERE rowid BETWEEN first_rowid AND last_rowid), first_rowid)
   WHERE event = 'WATCHDOG' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id
     AND old.rowid BETWEEN first_rowid AND last_rowid;
  DELETE FROM event_spans
   WHERE event = 'WATCHDOG' AND vm = coalesce((SELECT label FROM files WHERE id = old.file_id), '')
     AND hour IS old.ts_us / 3600000000 AND file_id = old.file_id AND rows <= 0;
END;
