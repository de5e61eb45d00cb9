-- 0005: bookkeeping of `qmp-ingest export` (the Parquet lake). The lake is derived from this
-- database; these tables say how far each table has been exported, so a re-run writes only what
-- changed.

-- One row: this database's id, made once, written into every lake file it exports so that a file
-- of another database (a second host under the same --host name) is never overwritten.
CREATE TABLE lake_source (
    id TEXT NOT NULL
) STRICT;
INSERT INTO lake_source (id) VALUES (lower(hex(randomblob(16))));

-- Per lake, host and table: the rows already in the lake. It moves only after their files are
-- in place, so a killed export redoes at most what was in flight.
CREATE TABLE lake_watermarks (
    lake         TEXT NOT NULL,    -- the lake directory, absolute
    host         TEXT NOT NULL,    -- --host
    tbl          TEXT NOT NULL,    -- the table exported
    max_rowid    INTEGER NOT NULL, -- rows up to this rowid are in the lake
    row_count    INTEGER NOT NULL, -- how many rows had rowid <= max_rowid then
    last_file_id INTEGER,          -- file_id and line of the row at max_rowid: if they no longer
    last_line    INTEGER,          --   match, rowids changed (VACUUM) and the table is rebuilt
    digest       TEXT,             -- files: a hash of the whole table, whose rows change in place
    PRIMARY KEY (lake, host, tbl)
) STRICT;
