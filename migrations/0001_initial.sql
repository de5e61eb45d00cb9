-- 0001: the first schema of qmp-ingest.
-- Event tables follow catalog/qmp-events.json exactly (tests/schema.rs proves it): file_id, line,
-- ts_us, one column per leaf member of data in catalog order, extra. STRICT, so SQLite itself
-- refuses a value of the wrong type. No id column: the rowid serves (QMP members are often named id).

-- The registry of sources: what makes re-runs idempotent and resumable.
CREATE TABLE files (
    id              INTEGER PRIMARY KEY,
    path            TEXT NOT NULL,              -- absolute; '-' for standard input
    label           TEXT NOT NULL,              -- the VM, from the path (DESIGN.md, Provenance)
    size            INTEGER NOT NULL DEFAULT 0, -- bytes of (decompressed) content examined so far
    disk_size       INTEGER,                    -- bytes on disk at the last import
    mtime_ns        INTEGER,                    -- modification time at the last import
    compression     TEXT NOT NULL DEFAULT 'none', -- none, gzip or zstd
    fingerprint     TEXT NOT NULL,              -- xxh3-64 (hex) of the first fingerprint_len bytes
    fingerprint_len INTEGER NOT NULL,           -- largest power of two <= min(64 KiB, ingested_bytes)
    ingested_bytes  INTEGER NOT NULL DEFAULT 0, -- offset just past the last line committed
    tail_open       INTEGER NOT NULL DEFAULT 0, -- 1: the last committed line had no newline yet
    lines           INTEGER NOT NULL DEFAULT 0, -- lines committed
    events          INTEGER NOT NULL DEFAULT 0, -- typed + unknown
    typed           INTEGER NOT NULL DEFAULT 0,
    unknown         INTEGER NOT NULL DEFAULT 0,
    rejects         INTEGER NOT NULL DEFAULT 0,
    non_event       INTEGER NOT NULL DEFAULT 0,
    blank           INTEGER NOT NULL DEFAULT 0,
    pending         INTEGER NOT NULL DEFAULT 0, -- final line without newline, left for the next run
    first_import    TEXT NOT NULL,
    last_import     TEXT NOT NULL
) STRICT;
CREATE INDEX files_by_path ON files(path);
CREATE INDEX files_by_fingerprint ON files(fingerprint);

-- Events whose name the catalog does not know (newer QEMU, vendor patches).
CREATE TABLE unknown_events (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line    INTEGER NOT NULL,
    ts_us   INTEGER,
    event   TEXT NOT NULL,
    data    TEXT,  -- JSON object; NULL when the line has no data
    extra   TEXT   -- unexpected top-level members as {"_top": {...}}; NULL when none
) STRICT;

-- Lines that break a rule of DESIGN.md, byte for byte.
CREATE TABLE rejects (
    file_id     INTEGER NOT NULL REFERENCES files(id),
    line        INTEGER NOT NULL,
    byte_offset INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    raw         BLOB NOT NULL
) STRICT;

-- ACPI_DEVICE_OST
CREATE TABLE acpi_device_ost (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    info_device TEXT,
    info_slot TEXT,
    info_slot_type TEXT,
    info_source INTEGER,
    info_status INTEGER,
    extra TEXT
) STRICT;

-- BALLOON_CHANGE
CREATE TABLE balloon_change (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    actual INTEGER,
    extra TEXT
) STRICT;

-- BLOCK_EXPORT_DELETED
CREATE TABLE block_export_deleted (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    id TEXT,
    extra TEXT
) STRICT;

-- BLOCK_IMAGE_CORRUPTED
CREATE TABLE block_image_corrupted (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    device TEXT,
    node_name TEXT,
    msg TEXT,
    offset INTEGER,
    size INTEGER,
    fatal INTEGER,
    extra TEXT
) STRICT;

-- BLOCK_IO_ERROR
CREATE TABLE block_io_error (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    qom_path TEXT,
    device TEXT,
    node_name TEXT,
    operation TEXT,
    action TEXT,
    nospace INTEGER,
    reason TEXT,
    extra TEXT
) STRICT;

-- BLOCK_JOB_CANCELLED
CREATE TABLE block_job_cancelled (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    type TEXT,
    device TEXT,
    len INTEGER,
    offset INTEGER,
    speed INTEGER,
    extra TEXT
) STRICT;

-- BLOCK_JOB_COMPLETED
CREATE TABLE block_job_completed (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    type TEXT,
    device TEXT,
    len INTEGER,
    offset INTEGER,
    speed INTEGER,
    error TEXT,
    extra TEXT
) STRICT;

-- BLOCK_JOB_ERROR
CREATE TABLE block_job_error (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    device TEXT,
    operation TEXT,
    action TEXT,
    extra TEXT
) STRICT;

-- BLOCK_JOB_PENDING
CREATE TABLE block_job_pending (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    type TEXT,
    id TEXT,
    extra TEXT
) STRICT;

-- BLOCK_JOB_READY
CREATE TABLE block_job_ready (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    type TEXT,
    device TEXT,
    len INTEGER,
    offset INTEGER,
    speed INTEGER,
    extra TEXT
) STRICT;

-- BLOCK_WRITE_THRESHOLD
CREATE TABLE block_write_threshold (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    node_name TEXT,
    amount_exceeded ANY,
    write_threshold ANY,
    extra TEXT
) STRICT;

-- COLO_EXIT
CREATE TABLE colo_exit (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    mode TEXT,
    reason TEXT,
    extra TEXT
) STRICT;

-- COMMAND_DROPPED (removed in 4.0)
CREATE TABLE command_dropped (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    id TEXT,
    reason TEXT,
    extra TEXT
) STRICT;

-- CPU_POLARIZATION_CHANGE
CREATE TABLE cpu_polarization_change (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    polarization TEXT,
    extra TEXT
) STRICT;

-- DEVICE_DELETED
CREATE TABLE device_deleted (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    device TEXT,
    path TEXT,
    extra TEXT
) STRICT;

-- DEVICE_TRAY_MOVED
CREATE TABLE device_tray_moved (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    device TEXT,
    id TEXT,
    tray_open INTEGER,
    extra TEXT
) STRICT;

-- DEVICE_UNPLUG_GUEST_ERROR
CREATE TABLE device_unplug_guest_error (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    device TEXT,
    path TEXT,
    extra TEXT
) STRICT;

-- DUMP_COMPLETED
CREATE TABLE dump_completed (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    result_status TEXT,
    result_completed INTEGER,
    result_total INTEGER,
    error TEXT,
    extra TEXT
) STRICT;

-- FAILOVER_NEGOTIATED
CREATE TABLE failover_negotiated (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    device_id TEXT,
    extra TEXT
) STRICT;

-- GUEST_CRASHLOADED
CREATE TABLE guest_crashloaded (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    action TEXT,
    info_type TEXT,
    info_arg1 ANY,
    info_arg2 ANY,
    info_arg3 ANY,
    info_arg4 ANY,
    info_arg5 ANY,
    info_core INTEGER,
    info_psw_mask ANY,
    info_psw_addr ANY,
    info_reason TEXT,
    info_error_code INTEGER,
    info_message TEXT,
    info_gpa ANY,
    info_set INTEGER,
    info_code INTEGER,
    extra TEXT
) STRICT;

-- GUEST_PANICKED
CREATE TABLE guest_panicked (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    action TEXT,
    info_type TEXT,
    info_arg1 ANY,
    info_arg2 ANY,
    info_arg3 ANY,
    info_arg4 ANY,
    info_arg5 ANY,
    info_core INTEGER,
    info_psw_mask ANY,
    info_psw_addr ANY,
    info_reason TEXT,
    info_error_code INTEGER,
    info_message TEXT,
    info_gpa ANY,
    info_set INTEGER,
    info_code INTEGER,
    extra TEXT
) STRICT;

-- GUEST_PVSHUTDOWN
CREATE TABLE guest_pvshutdown (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    extra TEXT
) STRICT;

-- HV_BALLOON_STATUS_REPORT
CREATE TABLE hv_balloon_status_report (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    committed ANY,
    available ANY,
    extra TEXT
) STRICT;

-- JOB_STATUS_CHANGE
CREATE TABLE job_status_change (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    id TEXT,
    status TEXT,
    extra TEXT
) STRICT;

-- MEMORY_DEVICE_SIZE_CHANGE
CREATE TABLE memory_device_size_change (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    id TEXT,
    size ANY,
    qom_path TEXT,
    extra TEXT
) STRICT;

-- MEMORY_FAILURE
CREATE TABLE memory_failure (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    recipient TEXT,
    action TEXT,
    flags_action_required INTEGER,
    flags_recursive INTEGER,
    extra TEXT
) STRICT;

-- MEM_UNPLUG_ERROR (removed in 9.1)
CREATE TABLE mem_unplug_error (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    device TEXT,
    msg TEXT,
    extra TEXT
) STRICT;

-- MIGRATION
CREATE TABLE migration (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    status TEXT,
    extra TEXT
) STRICT;

-- MIGRATION_PASS
CREATE TABLE migration_pass (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    pass INTEGER,
    extra TEXT
) STRICT;

-- NETDEV_STREAM_CONNECTED
CREATE TABLE netdev_stream_connected (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    netdev_id TEXT,
    addr_type TEXT,
    addr_host TEXT,
    addr_port TEXT,
    addr_numeric INTEGER,
    addr_to INTEGER,
    addr_ipv4 INTEGER,
    addr_ipv6 INTEGER,
    addr_keep_alive INTEGER,
    addr_keep_alive_count INTEGER,
    addr_keep_alive_idle INTEGER,
    addr_keep_alive_interval INTEGER,
    addr_mptcp INTEGER,
    addr_path TEXT,
    addr_abstract INTEGER,
    addr_tight INTEGER,
    addr_cid TEXT,
    addr_str TEXT,
    extra TEXT
) STRICT;

-- NETDEV_STREAM_DISCONNECTED
CREATE TABLE netdev_stream_disconnected (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    netdev_id TEXT,
    extra TEXT
) STRICT;

-- NETDEV_VHOST_USER_CONNECTED
CREATE TABLE netdev_vhost_user_connected (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    netdev_id TEXT,
    chardev_id TEXT,
    extra TEXT
) STRICT;

-- NETDEV_VHOST_USER_DISCONNECTED
CREATE TABLE netdev_vhost_user_disconnected (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    netdev_id TEXT,
    extra TEXT
) STRICT;

-- NIC_RX_FILTER_CHANGED
CREATE TABLE nic_rx_filter_changed (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    name TEXT,
    path TEXT,
    extra TEXT
) STRICT;

-- POWERDOWN
CREATE TABLE powerdown (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    extra TEXT
) STRICT;

-- PR_MANAGER_STATUS_CHANGED
CREATE TABLE pr_manager_status_changed (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    id TEXT,
    connected INTEGER,
    extra TEXT
) STRICT;

-- QUORUM_FAILURE
CREATE TABLE quorum_failure (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    reference TEXT,
    sector_num INTEGER,
    sectors_count INTEGER,
    extra TEXT
) STRICT;

-- QUORUM_REPORT_BAD
CREATE TABLE quorum_report_bad (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    type TEXT,
    error TEXT,
    node_name TEXT,
    sector_num INTEGER,
    sectors_count INTEGER,
    extra TEXT
) STRICT;

-- RDMA_GID_STATUS_CHANGED (removed in 9.1)
CREATE TABLE rdma_gid_status_changed (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    netdev TEXT,
    gid_status INTEGER,
    subnet_prefix ANY,
    interface_id ANY,
    extra TEXT
) STRICT;

-- RESET
CREATE TABLE reset (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    guest INTEGER,
    reason TEXT,
    extra TEXT
) STRICT;

-- RESUME
CREATE TABLE resume (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    extra TEXT
) STRICT;

-- RTC_CHANGE
CREATE TABLE rtc_change (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    offset INTEGER,
    qom_path TEXT,
    extra TEXT
) STRICT;

-- SCLP_CPI_INFO_AVAILABLE
CREATE TABLE sclp_cpi_info_available (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    extra TEXT
) STRICT;

-- SHUTDOWN
CREATE TABLE shutdown (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    guest INTEGER,
    reason TEXT,
    extra TEXT
) STRICT;

-- SPICE_CONNECTED
CREATE TABLE spice_connected (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    server_host TEXT,
    server_port TEXT,
    server_family TEXT,
    client_host TEXT,
    client_port TEXT,
    client_family TEXT,
    extra TEXT
) STRICT;

-- SPICE_DISCONNECTED
CREATE TABLE spice_disconnected (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    server_host TEXT,
    server_port TEXT,
    server_family TEXT,
    client_host TEXT,
    client_port TEXT,
    client_family TEXT,
    extra TEXT
) STRICT;

-- SPICE_INITIALIZED
CREATE TABLE spice_initialized (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    server_host TEXT,
    server_port TEXT,
    server_family TEXT,
    server_auth TEXT,
    client_host TEXT,
    client_port TEXT,
    client_family TEXT,
    client_connection_id INTEGER,
    client_channel_type INTEGER,
    client_channel_id INTEGER,
    client_tls INTEGER,
    extra TEXT
) STRICT;

-- SPICE_MIGRATE_COMPLETED
CREATE TABLE spice_migrate_completed (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    extra TEXT
) STRICT;

-- STOP
CREATE TABLE stop (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    extra TEXT
) STRICT;

-- SUSPEND
CREATE TABLE suspend (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    extra TEXT
) STRICT;

-- SUSPEND_DISK
CREATE TABLE suspend_disk (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    extra TEXT
) STRICT;

-- UNPLUG_PRIMARY
CREATE TABLE unplug_primary (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    device_id TEXT,
    extra TEXT
) STRICT;

-- VFIO_MIGRATION
CREATE TABLE vfio_migration (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    device_id TEXT,
    qom_path TEXT,
    device_state TEXT,
    extra TEXT
) STRICT;

-- VFU_CLIENT_HANGUP
CREATE TABLE vfu_client_hangup (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    vfu_id TEXT,
    vfu_qom_path TEXT,
    dev_id TEXT,
    dev_qom_path TEXT,
    extra TEXT
) STRICT;

-- VNC_CONNECTED
CREATE TABLE vnc_connected (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    server_host TEXT,
    server_service TEXT,
    server_family TEXT,
    server_websocket INTEGER,
    server_auth TEXT,
    client_host TEXT,
    client_service TEXT,
    client_family TEXT,
    client_websocket INTEGER,
    extra TEXT
) STRICT;

-- VNC_DISCONNECTED
CREATE TABLE vnc_disconnected (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    server_host TEXT,
    server_service TEXT,
    server_family TEXT,
    server_websocket INTEGER,
    server_auth TEXT,
    client_host TEXT,
    client_service TEXT,
    client_family TEXT,
    client_websocket INTEGER,
    client_x509_dname TEXT,
    client_sasl_username TEXT,
    extra TEXT
) STRICT;

-- VNC_INITIALIZED
CREATE TABLE vnc_initialized (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    server_host TEXT,
    server_service TEXT,
    server_family TEXT,
    server_websocket INTEGER,
    server_auth TEXT,
    client_host TEXT,
    client_service TEXT,
    client_family TEXT,
    client_websocket INTEGER,
    client_x509_dname TEXT,
    client_sasl_username TEXT,
    extra TEXT
) STRICT;

-- VSERPORT_CHANGE
CREATE TABLE vserport_change (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    id TEXT,
    open INTEGER,
    extra TEXT
) STRICT;

-- WAKEUP
CREATE TABLE wakeup (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    extra TEXT
) STRICT;

-- WATCHDOG
CREATE TABLE watchdog (
    file_id INTEGER NOT NULL REFERENCES files(id),
    line INTEGER NOT NULL,
    ts_us INTEGER,
    action TEXT,
    extra TEXT
) STRICT;

-- Every typed event in one timeline; data holds the row's non-NULL data columns (json_remove drops
-- the NULL ones; '$.-' names no member, so it removes nothing).
CREATE VIEW all_events AS
SELECT 'ACPI_DEVICE_OST' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('info_device', t.info_device, 'info_slot', t.info_slot, 'info_slot_type', t.info_slot_type, 'info_source', t.info_source, 'info_status', t.info_status), CASE WHEN t.info_device IS NULL THEN '$.info_device' ELSE '$.-' END, CASE WHEN t.info_slot IS NULL THEN '$.info_slot' ELSE '$.-' END, CASE WHEN t.info_slot_type IS NULL THEN '$.info_slot_type' ELSE '$.-' END, CASE WHEN t.info_source IS NULL THEN '$.info_source' ELSE '$.-' END, CASE WHEN t.info_status IS NULL THEN '$.info_status' ELSE '$.-' END) AS data FROM acpi_device_ost AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'BALLOON_CHANGE' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('actual', t.actual), CASE WHEN t.actual IS NULL THEN '$.actual' ELSE '$.-' END) AS data FROM balloon_change AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'BLOCK_EXPORT_DELETED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('id', t.id), CASE WHEN t.id IS NULL THEN '$.id' ELSE '$.-' END) AS data FROM block_export_deleted AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'BLOCK_IMAGE_CORRUPTED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device', t.device, 'node_name', t.node_name, 'msg', t.msg, 'offset', t.offset, 'size', t.size, 'fatal', t.fatal), CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.node_name IS NULL THEN '$.node_name' ELSE '$.-' END, CASE WHEN t.msg IS NULL THEN '$.msg' ELSE '$.-' END, CASE WHEN t.offset IS NULL THEN '$.offset' ELSE '$.-' END, CASE WHEN t.size IS NULL THEN '$.size' ELSE '$.-' END, CASE WHEN t.fatal IS NULL THEN '$.fatal' ELSE '$.-' END) AS data FROM block_image_corrupted AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'BLOCK_IO_ERROR' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('qom_path', t.qom_path, 'device', t.device, 'node_name', t.node_name, 'operation', t.operation, 'action', t.action, 'nospace', t.nospace, 'reason', t.reason), CASE WHEN t.qom_path IS NULL THEN '$.qom_path' ELSE '$.-' END, CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.node_name IS NULL THEN '$.node_name' ELSE '$.-' END, CASE WHEN t.operation IS NULL THEN '$.operation' ELSE '$.-' END, CASE WHEN t.action IS NULL THEN '$.action' ELSE '$.-' END, CASE WHEN t.nospace IS NULL THEN '$.nospace' ELSE '$.-' END, CASE WHEN t.reason IS NULL THEN '$.reason' ELSE '$.-' END) AS data FROM block_io_error AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'BLOCK_JOB_CANCELLED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('type', t.type, 'device', t.device, 'len', t.len, 'offset', t.offset, 'speed', t.speed), CASE WHEN t.type IS NULL THEN '$.type' ELSE '$.-' END, CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.len IS NULL THEN '$.len' ELSE '$.-' END, CASE WHEN t.offset IS NULL THEN '$.offset' ELSE '$.-' END, CASE WHEN t.speed IS NULL THEN '$.speed' ELSE '$.-' END) AS data FROM block_job_cancelled AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'BLOCK_JOB_COMPLETED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('type', t.type, 'device', t.device, 'len', t.len, 'offset', t.offset, 'speed', t.speed, 'error', t.error), CASE WHEN t.type IS NULL THEN '$.type' ELSE '$.-' END, CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.len IS NULL THEN '$.len' ELSE '$.-' END, CASE WHEN t.offset IS NULL THEN '$.offset' ELSE '$.-' END, CASE WHEN t.speed IS NULL THEN '$.speed' ELSE '$.-' END, CASE WHEN t.error IS NULL THEN '$.error' ELSE '$.-' END) AS data FROM block_job_completed AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'BLOCK_JOB_ERROR' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device', t.device, 'operation', t.operation, 'action', t.action), CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.operation IS NULL THEN '$.operation' ELSE '$.-' END, CASE WHEN t.action IS NULL THEN '$.action' ELSE '$.-' END) AS data FROM block_job_error AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'BLOCK_JOB_PENDING' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('type', t.type, 'id', t.id), CASE WHEN t.type IS NULL THEN '$.type' ELSE '$.-' END, CASE WHEN t.id IS NULL THEN '$.id' ELSE '$.-' END) AS data FROM block_job_pending AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'BLOCK_JOB_READY' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('type', t.type, 'device', t.device, 'len', t.len, 'offset', t.offset, 'speed', t.speed), CASE WHEN t.type IS NULL THEN '$.type' ELSE '$.-' END, CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.len IS NULL THEN '$.len' ELSE '$.-' END, CASE WHEN t.offset IS NULL THEN '$.offset' ELSE '$.-' END, CASE WHEN t.speed IS NULL THEN '$.speed' ELSE '$.-' END) AS data FROM block_job_ready AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'BLOCK_WRITE_THRESHOLD' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('node_name', t.node_name, 'amount_exceeded', t.amount_exceeded, 'write_threshold', t.write_threshold), CASE WHEN t.node_name IS NULL THEN '$.node_name' ELSE '$.-' END, CASE WHEN t.amount_exceeded IS NULL THEN '$.amount_exceeded' ELSE '$.-' END, CASE WHEN t.write_threshold IS NULL THEN '$.write_threshold' ELSE '$.-' END) AS data FROM block_write_threshold AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'COLO_EXIT' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('mode', t.mode, 'reason', t.reason), CASE WHEN t.mode IS NULL THEN '$.mode' ELSE '$.-' END, CASE WHEN t.reason IS NULL THEN '$.reason' ELSE '$.-' END) AS data FROM colo_exit AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'COMMAND_DROPPED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('id', json(t.id), 'reason', t.reason), CASE WHEN t.id IS NULL THEN '$.id' ELSE '$.-' END, CASE WHEN t.reason IS NULL THEN '$.reason' ELSE '$.-' END) AS data FROM command_dropped AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'CPU_POLARIZATION_CHANGE' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('polarization', t.polarization), CASE WHEN t.polarization IS NULL THEN '$.polarization' ELSE '$.-' END) AS data FROM cpu_polarization_change AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'DEVICE_DELETED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device', t.device, 'path', t.path), CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.path IS NULL THEN '$.path' ELSE '$.-' END) AS data FROM device_deleted AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'DEVICE_TRAY_MOVED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device', t.device, 'id', t.id, 'tray_open', t.tray_open), CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.id IS NULL THEN '$.id' ELSE '$.-' END, CASE WHEN t.tray_open IS NULL THEN '$.tray_open' ELSE '$.-' END) AS data FROM device_tray_moved AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'DEVICE_UNPLUG_GUEST_ERROR' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device', t.device, 'path', t.path), CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.path IS NULL THEN '$.path' ELSE '$.-' END) AS data FROM device_unplug_guest_error AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'DUMP_COMPLETED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('result_status', t.result_status, 'result_completed', t.result_completed, 'result_total', t.result_total, 'error', t.error), CASE WHEN t.result_status IS NULL THEN '$.result_status' ELSE '$.-' END, CASE WHEN t.result_completed IS NULL THEN '$.result_completed' ELSE '$.-' END, CASE WHEN t.result_total IS NULL THEN '$.result_total' ELSE '$.-' END, CASE WHEN t.error IS NULL THEN '$.error' ELSE '$.-' END) AS data FROM dump_completed AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'FAILOVER_NEGOTIATED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device_id', t.device_id), CASE WHEN t.device_id IS NULL THEN '$.device_id' ELSE '$.-' END) AS data FROM failover_negotiated AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'GUEST_CRASHLOADED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('action', t.action, 'info_type', t.info_type, 'info_arg1', t.info_arg1, 'info_arg2', t.info_arg2, 'info_arg3', t.info_arg3, 'info_arg4', t.info_arg4, 'info_arg5', t.info_arg5, 'info_core', t.info_core, 'info_psw_mask', t.info_psw_mask, 'info_psw_addr', t.info_psw_addr, 'info_reason', t.info_reason, 'info_error_code', t.info_error_code, 'info_message', t.info_message, 'info_gpa', t.info_gpa, 'info_set', t.info_set, 'info_code', t.info_code), CASE WHEN t.action IS NULL THEN '$.action' ELSE '$.-' END, CASE WHEN t.info_type IS NULL THEN '$.info_type' ELSE '$.-' END, CASE WHEN t.info_arg1 IS NULL THEN '$.info_arg1' ELSE '$.-' END, CASE WHEN t.info_arg2 IS NULL THEN '$.info_arg2' ELSE '$.-' END, CASE WHEN t.info_arg3 IS NULL THEN '$.info_arg3' ELSE '$.-' END, CASE WHEN t.info_arg4 IS NULL THEN '$.info_arg4' ELSE '$.-' END, CASE WHEN t.info_arg5 IS NULL THEN '$.info_arg5' ELSE '$.-' END, CASE WHEN t.info_core IS NULL THEN '$.info_core' ELSE '$.-' END, CASE WHEN t.info_psw_mask IS NULL THEN '$.info_psw_mask' ELSE '$.-' END, CASE WHEN t.info_psw_addr IS NULL THEN '$.info_psw_addr' ELSE '$.-' END, CASE WHEN t.info_reason IS NULL THEN '$.info_reason' ELSE '$.-' END, CASE WHEN t.info_error_code IS NULL THEN '$.info_error_code' ELSE '$.-' END, CASE WHEN t.info_message IS NULL THEN '$.info_message' ELSE '$.-' END, CASE WHEN t.info_gpa IS NULL THEN '$.info_gpa' ELSE '$.-' END, CASE WHEN t.info_set IS NULL THEN '$.info_set' ELSE '$.-' END, CASE WHEN t.info_code IS NULL THEN '$.info_code' ELSE '$.-' END) AS data FROM guest_crashloaded AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'GUEST_PANICKED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('action', t.action, 'info_type', t.info_type, 'info_arg1', t.info_arg1, 'info_arg2', t.info_arg2, 'info_arg3', t.info_arg3, 'info_arg4', t.info_arg4, 'info_arg5', t.info_arg5, 'info_core', t.info_core, 'info_psw_mask', t.info_psw_mask, 'info_psw_addr', t.info_psw_addr, 'info_reason', t.info_reason, 'info_error_code', t.info_error_code, 'info_message', t.info_message, 'info_gpa', t.info_gpa, 'info_set', t.info_set, 'info_code', t.info_code), CASE WHEN t.action IS NULL THEN '$.action' ELSE '$.-' END, CASE WHEN t.info_type IS NULL THEN '$.info_type' ELSE '$.-' END, CASE WHEN t.info_arg1 IS NULL THEN '$.info_arg1' ELSE '$.-' END, CASE WHEN t.info_arg2 IS NULL THEN '$.info_arg2' ELSE '$.-' END, CASE WHEN t.info_arg3 IS NULL THEN '$.info_arg3' ELSE '$.-' END, CASE WHEN t.info_arg4 IS NULL THEN '$.info_arg4' ELSE '$.-' END, CASE WHEN t.info_arg5 IS NULL THEN '$.info_arg5' ELSE '$.-' END, CASE WHEN t.info_core IS NULL THEN '$.info_core' ELSE '$.-' END, CASE WHEN t.info_psw_mask IS NULL THEN '$.info_psw_mask' ELSE '$.-' END, CASE WHEN t.info_psw_addr IS NULL THEN '$.info_psw_addr' ELSE '$.-' END, CASE WHEN t.info_reason IS NULL THEN '$.info_reason' ELSE '$.-' END, CASE WHEN t.info_error_code IS NULL THEN '$.info_error_code' ELSE '$.-' END, CASE WHEN t.info_message IS NULL THEN '$.info_message' ELSE '$.-' END, CASE WHEN t.info_gpa IS NULL THEN '$.info_gpa' ELSE '$.-' END, CASE WHEN t.info_set IS NULL THEN '$.info_set' ELSE '$.-' END, CASE WHEN t.info_code IS NULL THEN '$.info_code' ELSE '$.-' END) AS data FROM guest_panicked AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'GUEST_PVSHUTDOWN' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data FROM guest_pvshutdown AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'HV_BALLOON_STATUS_REPORT' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('committed', t.committed, 'available', t.available), CASE WHEN t.committed IS NULL THEN '$.committed' ELSE '$.-' END, CASE WHEN t.available IS NULL THEN '$.available' ELSE '$.-' END) AS data FROM hv_balloon_status_report AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'JOB_STATUS_CHANGE' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('id', t.id, 'status', t.status), CASE WHEN t.id IS NULL THEN '$.id' ELSE '$.-' END, CASE WHEN t.status IS NULL THEN '$.status' ELSE '$.-' END) AS data FROM job_status_change AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'MEMORY_DEVICE_SIZE_CHANGE' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('id', t.id, 'size', t.size, 'qom_path', t.qom_path), CASE WHEN t.id IS NULL THEN '$.id' ELSE '$.-' END, CASE WHEN t.size IS NULL THEN '$.size' ELSE '$.-' END, CASE WHEN t.qom_path IS NULL THEN '$.qom_path' ELSE '$.-' END) AS data FROM memory_device_size_change AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'MEMORY_FAILURE' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('recipient', t.recipient, 'action', t.action, 'flags_action_required', t.flags_action_required, 'flags_recursive', t.flags_recursive), CASE WHEN t.recipient IS NULL THEN '$.recipient' ELSE '$.-' END, CASE WHEN t.action IS NULL THEN '$.action' ELSE '$.-' END, CASE WHEN t.flags_action_required IS NULL THEN '$.flags_action_required' ELSE '$.-' END, CASE WHEN t.flags_recursive IS NULL THEN '$.flags_recursive' ELSE '$.-' END) AS data FROM memory_failure AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'MEM_UNPLUG_ERROR' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device', t.device, 'msg', t.msg), CASE WHEN t.device IS NULL THEN '$.device' ELSE '$.-' END, CASE WHEN t.msg IS NULL THEN '$.msg' ELSE '$.-' END) AS data FROM mem_unplug_error AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'MIGRATION' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('status', t.status), CASE WHEN t.status IS NULL THEN '$.status' ELSE '$.-' END) AS data FROM migration AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'MIGRATION_PASS' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('pass', t.pass), CASE WHEN t.pass IS NULL THEN '$.pass' ELSE '$.-' END) AS data FROM migration_pass AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'NETDEV_STREAM_CONNECTED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('netdev_id', t.netdev_id, 'addr_type', t.addr_type, 'addr_host', t.addr_host, 'addr_port', t.addr_port, 'addr_numeric', t.addr_numeric, 'addr_to', t.addr_to, 'addr_ipv4', t.addr_ipv4, 'addr_ipv6', t.addr_ipv6, 'addr_keep_alive', t.addr_keep_alive, 'addr_keep_alive_count', t.addr_keep_alive_count, 'addr_keep_alive_idle', t.addr_keep_alive_idle, 'addr_keep_alive_interval', t.addr_keep_alive_interval, 'addr_mptcp', t.addr_mptcp, 'addr_path', t.addr_path, 'addr_abstract', t.addr_abstract, 'addr_tight', t.addr_tight, 'addr_cid', t.addr_cid, 'addr_str', t.addr_str), CASE WHEN t.netdev_id IS NULL THEN '$.netdev_id' ELSE '$.-' END, CASE WHEN t.addr_type IS NULL THEN '$.addr_type' ELSE '$.-' END, CASE WHEN t.addr_host IS NULL THEN '$.addr_host' ELSE '$.-' END, CASE WHEN t.addr_port IS NULL THEN '$.addr_port' ELSE '$.-' END, CASE WHEN t.addr_numeric IS NULL THEN '$.addr_numeric' ELSE '$.-' END, CASE WHEN t.addr_to IS NULL THEN '$.addr_to' ELSE '$.-' END, CASE WHEN t.addr_ipv4 IS NULL THEN '$.addr_ipv4' ELSE '$.-' END, CASE WHEN t.addr_ipv6 IS NULL THEN '$.addr_ipv6' ELSE '$.-' END, CASE WHEN t.addr_keep_alive IS NULL THEN '$.addr_keep_alive' ELSE '$.-' END, CASE WHEN t.addr_keep_alive_count IS NULL THEN '$.addr_keep_alive_count' ELSE '$.-' END, CASE WHEN t.addr_keep_alive_idle IS NULL THEN '$.addr_keep_alive_idle' ELSE '$.-' END, CASE WHEN t.addr_keep_alive_interval IS NULL THEN '$.addr_keep_alive_interval' ELSE '$.-' END, CASE WHEN t.addr_mptcp IS NULL THEN '$.addr_mptcp' ELSE '$.-' END, CASE WHEN t.addr_path IS NULL THEN '$.addr_path' ELSE '$.-' END, CASE WHEN t.addr_abstract IS NULL THEN '$.addr_abstract' ELSE '$.-' END, CASE WHEN t.addr_tight IS NULL THEN '$.addr_tight' ELSE '$.-' END, CASE WHEN t.addr_cid IS NULL THEN '$.addr_cid' ELSE '$.-' END, CASE WHEN t.addr_str IS NULL THEN '$.addr_str' ELSE '$.-' END) AS data FROM netdev_stream_connected AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'NETDEV_STREAM_DISCONNECTED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('netdev_id', t.netdev_id), CASE WHEN t.netdev_id IS NULL THEN '$.netdev_id' ELSE '$.-' END) AS data FROM netdev_stream_disconnected AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'NETDEV_VHOST_USER_CONNECTED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('netdev_id', t.netdev_id, 'chardev_id', t.chardev_id), CASE WHEN t.netdev_id IS NULL THEN '$.netdev_id' ELSE '$.-' END, CASE WHEN t.chardev_id IS NULL THEN '$.chardev_id' ELSE '$.-' END) AS data FROM netdev_vhost_user_connected AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'NETDEV_VHOST_USER_DISCONNECTED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('netdev_id', t.netdev_id), CASE WHEN t.netdev_id IS NULL THEN '$.netdev_id' ELSE '$.-' END) AS data FROM netdev_vhost_user_disconnected AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'NIC_RX_FILTER_CHANGED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('name', t.name, 'path', t.path), CASE WHEN t.name IS NULL THEN '$.name' ELSE '$.-' END, CASE WHEN t.path IS NULL THEN '$.path' ELSE '$.-' END) AS data FROM nic_rx_filter_changed AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'POWERDOWN' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data FROM powerdown AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'PR_MANAGER_STATUS_CHANGED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('id', t.id, 'connected', t.connected), CASE WHEN t.id IS NULL THEN '$.id' ELSE '$.-' END, CASE WHEN t.connected IS NULL THEN '$.connected' ELSE '$.-' END) AS data FROM pr_manager_status_changed AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'QUORUM_FAILURE' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('reference', t.reference, 'sector_num', t.sector_num, 'sectors_count', t.sectors_count), CASE WHEN t.reference IS NULL THEN '$.reference' ELSE '$.-' END, CASE WHEN t.sector_num IS NULL THEN '$.sector_num' ELSE '$.-' END, CASE WHEN t.sectors_count IS NULL THEN '$.sectors_count' ELSE '$.-' END) AS data FROM quorum_failure AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'QUORUM_REPORT_BAD' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('type', t.type, 'error', t.error, 'node_name', t.node_name, 'sector_num', t.sector_num, 'sectors_count', t.sectors_count), CASE WHEN t.type IS NULL THEN '$.type' ELSE '$.-' END, CASE WHEN t.error IS NULL THEN '$.error' ELSE '$.-' END, CASE WHEN t.node_name IS NULL THEN '$.node_name' ELSE '$.-' END, CASE WHEN t.sector_num IS NULL THEN '$.sector_num' ELSE '$.-' END, CASE WHEN t.sectors_count IS NULL THEN '$.sectors_count' ELSE '$.-' END) AS data FROM quorum_report_bad AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'RDMA_GID_STATUS_CHANGED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('netdev', t.netdev, 'gid_status', t.gid_status, 'subnet_prefix', t.subnet_prefix, 'interface_id', t.interface_id), CASE WHEN t.netdev IS NULL THEN '$.netdev' ELSE '$.-' END, CASE WHEN t.gid_status IS NULL THEN '$.gid_status' ELSE '$.-' END, CASE WHEN t.subnet_prefix IS NULL THEN '$.subnet_prefix' ELSE '$.-' END, CASE WHEN t.interface_id IS NULL THEN '$.interface_id' ELSE '$.-' END) AS data FROM rdma_gid_status_changed AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'RESET' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('guest', t.guest, 'reason', t.reason), CASE WHEN t.guest IS NULL THEN '$.guest' ELSE '$.-' END, CASE WHEN t.reason IS NULL THEN '$.reason' ELSE '$.-' END) AS data FROM reset AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'RESUME' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data FROM resume AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'RTC_CHANGE' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('offset', t.offset, 'qom_path', t.qom_path), CASE WHEN t.offset IS NULL THEN '$.offset' ELSE '$.-' END, CASE WHEN t.qom_path IS NULL THEN '$.qom_path' ELSE '$.-' END) AS data FROM rtc_change AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'SCLP_CPI_INFO_AVAILABLE' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data FROM sclp_cpi_info_available AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'SHUTDOWN' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('guest', t.guest, 'reason', t.reason), CASE WHEN t.guest IS NULL THEN '$.guest' ELSE '$.-' END, CASE WHEN t.reason IS NULL THEN '$.reason' ELSE '$.-' END) AS data FROM shutdown AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'SPICE_CONNECTED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('server_host', t.server_host, 'server_port', t.server_port, 'server_family', t.server_family, 'client_host', t.client_host, 'client_port', t.client_port, 'client_family', t.client_family), CASE WHEN t.server_host IS NULL THEN '$.server_host' ELSE '$.-' END, CASE WHEN t.server_port IS NULL THEN '$.server_port' ELSE '$.-' END, CASE WHEN t.server_family IS NULL THEN '$.server_family' ELSE '$.-' END, CASE WHEN t.client_host IS NULL THEN '$.client_host' ELSE '$.-' END, CASE WHEN t.client_port IS NULL THEN '$.client_port' ELSE '$.-' END, CASE WHEN t.client_family IS NULL THEN '$.client_family' ELSE '$.-' END) AS data FROM spice_connected AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'SPICE_DISCONNECTED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('server_host', t.server_host, 'server_port', t.server_port, 'server_family', t.server_family, 'client_host', t.client_host, 'client_port', t.client_port, 'client_family', t.client_family), CASE WHEN t.server_host IS NULL THEN '$.server_host' ELSE '$.-' END, CASE WHEN t.server_port IS NULL THEN '$.server_port' ELSE '$.-' END, CASE WHEN t.server_family IS NULL THEN '$.server_family' ELSE '$.-' END, CASE WHEN t.client_host IS NULL THEN '$.client_host' ELSE '$.-' END, CASE WHEN t.client_port IS NULL THEN '$.client_port' ELSE '$.-' END, CASE WHEN t.client_family IS NULL THEN '$.client_family' ELSE '$.-' END) AS data FROM spice_disconnected AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'SPICE_INITIALIZED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('server_host', t.server_host, 'server_port', t.server_port, 'server_family', t.server_family, 'server_auth', t.server_auth, 'client_host', t.client_host, 'client_port', t.client_port, 'client_family', t.client_family, 'client_connection_id', t.client_connection_id, 'client_channel_type', t.client_channel_type, 'client_channel_id', t.client_channel_id, 'client_tls', t.client_tls), CASE WHEN t.server_host IS NULL THEN '$.server_host' ELSE '$.-' END, CASE WHEN t.server_port IS NULL THEN '$.server_port' ELSE '$.-' END, CASE WHEN t.server_family IS NULL THEN '$.server_family' ELSE '$.-' END, CASE WHEN t.server_auth IS NULL THEN '$.server_auth' ELSE '$.-' END, CASE WHEN t.client_host IS NULL THEN '$.client_host' ELSE '$.-' END, CASE WHEN t.client_port IS NULL THEN '$.client_port' ELSE '$.-' END, CASE WHEN t.client_family IS NULL THEN '$.client_family' ELSE '$.-' END, CASE WHEN t.client_connection_id IS NULL THEN '$.client_connection_id' ELSE '$.-' END, CASE WHEN t.client_channel_type IS NULL THEN '$.client_channel_type' ELSE '$.-' END, CASE WHEN t.client_channel_id IS NULL THEN '$.client_channel_id' ELSE '$.-' END, CASE WHEN t.client_tls IS NULL THEN '$.client_tls' ELSE '$.-' END) AS data FROM spice_initialized AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'SPICE_MIGRATE_COMPLETED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data FROM spice_migrate_completed AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'STOP' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data FROM stop AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'SUSPEND' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data FROM suspend AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'SUSPEND_DISK' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data FROM suspend_disk AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'UNPLUG_PRIMARY' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device_id', t.device_id), CASE WHEN t.device_id IS NULL THEN '$.device_id' ELSE '$.-' END) AS data FROM unplug_primary AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'VFIO_MIGRATION' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('device_id', t.device_id, 'qom_path', t.qom_path, 'device_state', t.device_state), CASE WHEN t.device_id IS NULL THEN '$.device_id' ELSE '$.-' END, CASE WHEN t.qom_path IS NULL THEN '$.qom_path' ELSE '$.-' END, CASE WHEN t.device_state IS NULL THEN '$.device_state' ELSE '$.-' END) AS data FROM vfio_migration AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'VFU_CLIENT_HANGUP' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('vfu_id', t.vfu_id, 'vfu_qom_path', t.vfu_qom_path, 'dev_id', t.dev_id, 'dev_qom_path', t.dev_qom_path), CASE WHEN t.vfu_id IS NULL THEN '$.vfu_id' ELSE '$.-' END, CASE WHEN t.vfu_qom_path IS NULL THEN '$.vfu_qom_path' ELSE '$.-' END, CASE WHEN t.dev_id IS NULL THEN '$.dev_id' ELSE '$.-' END, CASE WHEN t.dev_qom_path IS NULL THEN '$.dev_qom_path' ELSE '$.-' END) AS data FROM vfu_client_hangup AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'VNC_CONNECTED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('server_host', t.server_host, 'server_service', t.server_service, 'server_family', t.server_family, 'server_websocket', t.server_websocket, 'server_auth', t.server_auth, 'client_host', t.client_host, 'client_service', t.client_service, 'client_family', t.client_family, 'client_websocket', t.client_websocket), CASE WHEN t.server_host IS NULL THEN '$.server_host' ELSE '$.-' END, CASE WHEN t.server_service IS NULL THEN '$.server_service' ELSE '$.-' END, CASE WHEN t.server_family IS NULL THEN '$.server_family' ELSE '$.-' END, CASE WHEN t.server_websocket IS NULL THEN '$.server_websocket' ELSE '$.-' END, CASE WHEN t.server_auth IS NULL THEN '$.server_auth' ELSE '$.-' END, CASE WHEN t.client_host IS NULL THEN '$.client_host' ELSE '$.-' END, CASE WHEN t.client_service IS NULL THEN '$.client_service' ELSE '$.-' END, CASE WHEN t.client_family IS NULL THEN '$.client_family' ELSE '$.-' END, CASE WHEN t.client_websocket IS NULL THEN '$.client_websocket' ELSE '$.-' END) AS data FROM vnc_connected AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'VNC_DISCONNECTED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('server_host', t.server_host, 'server_service', t.server_service, 'server_family', t.server_family, 'server_websocket', t.server_websocket, 'server_auth', t.server_auth, 'client_host', t.client_host, 'client_service', t.client_service, 'client_family', t.client_family, 'client_websocket', t.client_websocket, 'client_x509_dname', t.client_x509_dname, 'client_sasl_username', t.client_sasl_username), CASE WHEN t.server_host IS NULL THEN '$.server_host' ELSE '$.-' END, CASE WHEN t.server_service IS NULL THEN '$.server_service' ELSE '$.-' END, CASE WHEN t.server_family IS NULL THEN '$.server_family' ELSE '$.-' END, CASE WHEN t.server_websocket IS NULL THEN '$.server_websocket' ELSE '$.-' END, CASE WHEN t.server_auth IS NULL THEN '$.server_auth' ELSE '$.-' END, CASE WHEN t.client_host IS NULL THEN '$.client_host' ELSE '$.-' END, CASE WHEN t.client_service IS NULL THEN '$.client_service' ELSE '$.-' END, CASE WHEN t.client_family IS NULL THEN '$.client_family' ELSE '$.-' END, CASE WHEN t.client_websocket IS NULL THEN '$.client_websocket' ELSE '$.-' END, CASE WHEN t.client_x509_dname IS NULL THEN '$.client_x509_dname' ELSE '$.-' END, CASE WHEN t.client_sasl_username IS NULL THEN '$.client_sasl_username' ELSE '$.-' END) AS data FROM vnc_disconnected AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'VNC_INITIALIZED' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('server_host', t.server_host, 'server_service', t.server_service, 'server_family', t.server_family, 'server_websocket', t.server_websocket, 'server_auth', t.server_auth, 'client_host', t.client_host, 'client_service', t.client_service, 'client_family', t.client_family, 'client_websocket', t.client_websocket, 'client_x509_dname', t.client_x509_dname, 'client_sasl_username', t.client_sasl_username), CASE WHEN t.server_host IS NULL THEN '$.server_host' ELSE '$.-' END, CASE WHEN t.server_service IS NULL THEN '$.server_service' ELSE '$.-' END, CASE WHEN t.server_family IS NULL THEN '$.server_family' ELSE '$.-' END, CASE WHEN t.server_websocket IS NULL THEN '$.server_websocket' ELSE '$.-' END, CASE WHEN t.server_auth IS NULL THEN '$.server_auth' ELSE '$.-' END, CASE WHEN t.client_host IS NULL THEN '$.client_host' ELSE '$.-' END, CASE WHEN t.client_service IS NULL THEN '$.client_service' ELSE '$.-' END, CASE WHEN t.client_family IS NULL THEN '$.client_family' ELSE '$.-' END, CASE WHEN t.client_websocket IS NULL THEN '$.client_websocket' ELSE '$.-' END, CASE WHEN t.client_x509_dname IS NULL THEN '$.client_x509_dname' ELSE '$.-' END, CASE WHEN t.client_sasl_username IS NULL THEN '$.client_sasl_username' ELSE '$.-' END) AS data FROM vnc_initialized AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'VSERPORT_CHANGE' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('id', t.id, 'open', t.open), CASE WHEN t.id IS NULL THEN '$.id' ELSE '$.-' END, CASE WHEN t.open IS NULL THEN '$.open' ELSE '$.-' END) AS data FROM vserport_change AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'WAKEUP' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_object() AS data FROM wakeup AS t JOIN files AS f ON f.id = t.file_id
UNION ALL
SELECT 'WATCHDOG' AS event, t.file_id, f.label, t.line, t.ts_us, CASE WHEN t.ts_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (t.ts_us - ((t.ts_us % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((t.ts_us % 1000000) + 1000000) % 1000000) END AS time, json_remove(json_object('action', t.action), CASE WHEN t.action IS NULL THEN '$.action' ELSE '$.-' END) AS data FROM watchdog AS t JOIN files AS f ON f.id = t.file_id;

CREATE VIEW quorum_failures_by_node AS
SELECT reference AS node, count(*) AS failures,
       CASE WHEN min(ts_us) IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (min(ts_us) - ((min(ts_us) % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((min(ts_us) % 1000000) + 1000000) % 1000000) END AS first_time,
       CASE WHEN max(ts_us) IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (max(ts_us) - ((max(ts_us) % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((max(ts_us) % 1000000) + 1000000) % 1000000) END AS last_time
FROM quorum_failure GROUP BY reference;

CREATE VIEW quorum_reports_by_node AS
SELECT node_name AS node, count(*) AS reports,
       CASE WHEN min(ts_us) IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (min(ts_us) - ((min(ts_us) % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((min(ts_us) % 1000000) + 1000000) % 1000000) END AS first_time,
       CASE WHEN max(ts_us) IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', (max(ts_us) - ((max(ts_us) % 1000000) + 1000000) % 1000000) / 1000000, 'unixepoch') || printf('.%06dZ', ((max(ts_us) % 1000000) + 1000000) % 1000000) END AS last_time
FROM quorum_report_bad GROUP BY node_name;
