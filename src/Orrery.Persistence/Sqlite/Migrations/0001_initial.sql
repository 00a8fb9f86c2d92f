-- The first schema of the embedded store (SPEC §2).
-- Storage formats, the same in every table (SqliteValues converts them):
--   UUIDs       lowercase TEXT in 'D' format (8-4-4-4-12)
--   timestamps  INTEGER Unix milliseconds, UTC (DateTimeOffset round-trips at millisecond precision)
--   enums       TEXT, the snake_case wire names (WireNames<TEnum>)
--   booleans    INTEGER 0 or 1
--   versions    TEXT, the canonical semver (SemVersion.ToString(), no build metadata)
-- Tables whose listings need an insertion order have `seq INTEGER PRIMARY KEY` (SQLite's rowid, declared so
-- VACUUM keeps it) and their UUID as a UNIQUE natural key; every lookup goes by that UUID.

CREATE TABLE games (
    id                    TEXT    NOT NULL PRIMARY KEY,
    target_engine_version TEXT    NOT NULL,
    turn_schedule         TEXT    NOT NULL,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);

-- Listing order of games.
CREATE INDEX games_created ON games (created_at, id);

CREATE TABLE memberships (
    game_id   TEXT    NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    -- Keeps the order the lobby registered the players in.
    position  INTEGER NOT NULL,
    user_id   TEXT    NOT NULL,
    race_name TEXT    NOT NULL,
    UNIQUE (game_id, user_id),
    UNIQUE (game_id, race_name)
);

CREATE TABLE engine_versions (
    version    TEXT    NOT NULL PRIMARY KEY,
    image_ref  TEXT    NOT NULL,
    deprecated INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE runtime_records (
    game_id           TEXT    NOT NULL PRIMARY KEY REFERENCES games (id) ON DELETE CASCADE,
    status            TEXT    NOT NULL,
    engine_id         TEXT,
    image_ref         TEXT,
    engine_version    TEXT,
    engine_endpoint   TEXT,
    state_path        TEXT,
    network           TEXT,
    turn_schedule     TEXT    NOT NULL,
    current_turn      INTEGER NOT NULL,
    engine_health     TEXT,
    paused            INTEGER NOT NULL,
    paused_at         INTEGER,
    skip_next_tick    INTEGER NOT NULL,
    next_turn_at      INTEGER,
    started_at        INTEGER,
    stopped_at        INTEGER,
    finished_at       INTEGER,
    last_observed_at  INTEGER,
    status_changed_at INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    -- Compare-and-swap token: every write checks and increments it.
    version           INTEGER NOT NULL
);

CREATE TABLE player_mappings (
    game_id          TEXT NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL,
    race_name        TEXT NOT NULL,
    engine_player_id TEXT NOT NULL,
    PRIMARY KEY (game_id, user_id)
);

CREATE TABLE health_snapshots (
    seq         INTEGER NOT NULL PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    game_id     TEXT    NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    observed_at INTEGER NOT NULL,
    turn        INTEGER NOT NULL,
    payload     TEXT    NOT NULL
);

-- Newest-first listing per game; SQLite appends the rowid (seq) to every index entry, which breaks ties.
CREATE INDEX health_snapshots_game ON health_snapshots (game_id, observed_at);

-- The audit log: no foreign key on game_id, so operations outlive the games they were about.
CREATE TABLE operations (
    seq             INTEGER NOT NULL PRIMARY KEY,
    id              TEXT    NOT NULL UNIQUE,
    game_id         TEXT    NOT NULL,
    op              TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    target_version  TEXT,
    image_ref       TEXT,
    engine_id       TEXT,
    error_code      TEXT,
    error_message   TEXT,
    idempotency_key TEXT,
    created_at      INTEGER NOT NULL,
    started_at      INTEGER,
    finished_at     INTEGER
);

CREATE INDEX operations_game ON operations (game_id, created_at);

CREATE UNIQUE INDEX operations_idempotency_key ON operations (idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Crash recovery reads the unfinished operations; this index holds only those, so it stays small.
CREATE INDEX operations_unfinished ON operations (created_at) WHERE status IN ('queued', 'running');
