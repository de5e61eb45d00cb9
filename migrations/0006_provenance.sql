-- Schema version 6: sources that name the VM of each event (virsh output, libvirt daemon logs).
--
-- `parent`: NULL for the row that registers a physical source; for a VM found in such a source,
-- the id of that row. A child row holds the VM's `label` (the domain name, exactly as written)
-- and its own event counts (`events`, `typed`, `unknown`, `rejects`); its path is the parent's,
-- its fingerprint empty, and its offsets and line counts zero. Event, unknown and reject rows
-- point at the child of their VM, so `file_id -> files.label` is the event's VM.
-- `format`: how the source was read: qmp, virsh, virsh-receive-time (ts_us is virsh's receive
-- time), libvirt-log, kubevirt. Every row before this version was raw QMP.
-- `format_state`: what the reader must know to go on after `ingested_bytes` (a libvirt log's
-- monitor-to-domain map, JSON); NULL for formats without state.
ALTER TABLE files ADD COLUMN parent INTEGER REFERENCES files(id);
ALTER TABLE files ADD COLUMN format TEXT NOT NULL DEFAULT 'qmp';
ALTER TABLE files ADD COLUMN format_state TEXT;
CREATE INDEX files_by_parent ON files(parent, label);
