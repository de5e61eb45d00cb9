-- 0007: which lake files an export has written, so one that disappears (deleted by hand, lost
-- with a disk) is written again by the next export instead of staying missing while the
-- watermark says the table is exported.

-- `files`: this host's files of the table in the lake, as paths from the lake's root, one per
-- line, sorted (`quorum_failure/month=2026-11/hv01.parquet`). NULL for marks written before
-- this version: the next export takes the files it finds there.
ALTER TABLE lake_watermarks ADD COLUMN files TEXT;
