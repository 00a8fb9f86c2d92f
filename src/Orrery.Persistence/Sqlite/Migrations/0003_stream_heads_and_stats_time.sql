-- Each stream's head, and when a player's stats last changed.

-- The head of a stream: its last id, from which an append computes the next one inside its transaction, and
-- how many entries the stream holds, so retention knows when to trim without counting them. Kept in the file,
-- not in memory, so both stay exact when a restarted node or a second process appends to the same stream.
CREATE TABLE stream_heads (
    stream      TEXT    NOT NULL PRIMARY KEY,
    last_ms     INTEGER NOT NULL,
    last_seq    INTEGER NOT NULL,
    entry_count INTEGER NOT NULL
) WITHOUT ROWID;

-- Streams written before this migration: their newest entry and their length.
INSERT INTO stream_heads (stream, last_ms, last_seq, entry_count)
SELECT e.stream, e.ms, e.seq, (SELECT COUNT(*) FROM stream_entries c WHERE c.stream = e.stream)
FROM stream_entries e
WHERE (e.ms, e.seq) = (SELECT l.ms, l.seq FROM stream_entries l WHERE l.stream = e.stream ORDER BY l.ms DESC, l.seq DESC LIMIT 1);

-- Unix milliseconds of the last record; 0 for rows written before this migration.
ALTER TABLE player_stats ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
