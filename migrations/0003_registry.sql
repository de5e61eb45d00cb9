-- Schema version 3: the registry tells sources apart exactly.
--
-- `path_bytes`: the exact bytes of a path that is not valid UTF-8 (then `path` shows it with the
-- odd bytes escaped as \xNN); NULL for every other path. A path is looked up by both.
-- `head_fingerprint`: xxh3-64 (hex) of exactly the first min(ingested_bytes, 64 KiB) bytes, so a
-- short source is recognised by all it holds, not by a shorter power-of-two prefix; NULL in rows
-- imported before this version.
ALTER TABLE files ADD COLUMN path_bytes BLOB;
ALTER TABLE files ADD COLUMN head_fingerprint TEXT;
