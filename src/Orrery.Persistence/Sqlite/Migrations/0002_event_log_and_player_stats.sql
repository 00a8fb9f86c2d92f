-- The embedded event log (SPEC §1, §6) and each player's standing over a game (SPEC §5).

-- One row per entry. The id is (ms, seq), the shape of a Redis stream id; the primary key orders a stream's
-- entries, so reads after an id and trimming are range scans. Fields are one JSON object of strings: entries
-- are written and read whole, never queried by field.
CREATE TABLE stream_entries (
    stream TEXT    NOT NULL,
    ms     INTEGER NOT NULL,
    seq    INTEGER NOT NULL,
    fields TEXT    NOT NULL,
    PRIMARY KEY (stream, ms, seq)
) WITHOUT ROWID;

-- The last entry each consumer label has processed, per stream.
CREATE TABLE stream_offsets (
    stream   TEXT NOT NULL,
    consumer TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    PRIMARY KEY (stream, consumer)
) WITHOUT ROWID;

-- Latest planets and population of each player and the largest values over the game. Kept across stops and
-- restarts (player mappings are not), deleted with the game.
CREATE TABLE player_stats (
    game_id            TEXT    NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    user_id            TEXT    NOT NULL,
    race_name          TEXT    NOT NULL,
    current_planets    INTEGER NOT NULL,
    current_population INTEGER NOT NULL,
    max_planets        INTEGER NOT NULL,
    max_population     INTEGER NOT NULL,
    PRIMARY KEY (game_id, user_id)
);
