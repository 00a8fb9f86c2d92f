-- The first schema of the production store (SPEC §2), the PostgreSQL twin of Sqlite/Migrations/0001_initial.sql.
-- Storage formats, the same in every table (see PostgresValues):
--   UUIDs       uuid
--   timestamps  timestamptz, written as UTC; a DateTimeOffset round-trips at microsecond precision
--   enums       text, the snake_case wire names (WireNames<TEnum>)
--   booleans    boolean
--   versions    text, the canonical semver (SemVersion.ToString(), no build metadata)
-- Tables whose listings need an insertion order have a `seq` identity column beside their uuid key: it breaks
-- ties between rows created in the same instant, as SQLite's rowid does in the embedded store.

CREATE TABLE games (
    id                    uuid        NOT NULL PRIMARY KEY,
    target_engine_version text        NOT NULL,
    turn_schedule         text        NOT NULL,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);

-- Listing order of games.
CREATE INDEX games_created ON games (created_at, id);

CREATE TABLE memberships (
    game_id   uuid    NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    -- Keeps the order the lobby registered the players in.
    position  integer NOT NULL,
    user_id   uuid    NOT NULL,
    race_name text    NOT NULL,
    PRIMARY KEY (game_id, user_id),
    UNIQUE (game_id, race_name)
);

CREATE TABLE engine_versions (
    version    text        NOT NULL PRIMARY KEY,
    image_ref  text        NOT NULL,
    deprecated boolean     NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE runtime_records (
    game_id           uuid        NOT NULL PRIMARY KEY REFERENCES games (id) ON DELETE CASCADE,
    status            text        NOT NULL,
    engine_id         text,
    image_ref         text,
    engine_version    text,
    engine_endpoint   text,
    state_path        text,
    network           text,
    turn_schedule     text        NOT NULL,
    current_turn      integer     NOT NULL,
    engine_health     text,
    paused            boolean     NOT NULL,
    paused_at         timestamptz,
    skip_next_tick    boolean     NOT NULL,
    next_turn_at      timestamptz,
    started_at        timestamptz,
    stopped_at        timestamptz,
    finished_at       timestamptz,
    last_observed_at  timestamptz,
    status_changed_at timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    -- Compare-and-swap token: every write checks and increments it.
    version           bigint      NOT NULL
);

-- Games listed by runtime status (GET /games?status=...).
CREATE INDEX runtime_records_status ON runtime_records (status);

CREATE TABLE player_mappings (
    game_id          uuid NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    user_id          uuid NOT NULL,
    race_name        text NOT NULL,
    engine_player_id uuid NOT NULL,
    PRIMARY KEY (game_id, user_id)
);

-- payload is json, not jsonb: it is written and read whole, never queried by field, and json keeps the
-- engine's text exactly (jsonb would reorder keys and reformat it); the type still refuses text that is not JSON.
CREATE TABLE health_snapshots (
    id          uuid        NOT NULL PRIMARY KEY,
    seq         bigint      NOT NULL GENERATED ALWAYS AS IDENTITY,
    game_id     uuid        NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    observed_at timestamptz NOT NULL,
    turn        integer     NOT NULL,
    payload     json        NOT NULL
);

-- Newest-first listing per game, in the order of the listing itself.
CREATE INDEX health_snapshots_game ON health_snapshots (game_id, observed_at DESC, seq DESC);

-- The audit log: no foreign key on game_id, so operations outlive the games they were about.
CREATE TABLE operations (
    id              uuid        NOT NULL PRIMARY KEY,
    seq             bigint      NOT NULL GENERATED ALWAYS AS IDENTITY,
    game_id         uuid        NOT NULL,
    op              text        NOT NULL,
    source          text        NOT NULL,
    status          text        NOT NULL,
    target_version  text,
    image_ref       text,
    engine_id       text,
    error_code      text,
    error_message   text,
    idempotency_key text,
    created_at      timestamptz NOT NULL,
    started_at      timestamptz,
    finished_at     timestamptz
);

CREATE INDEX operations_game ON operations (game_id, created_at DESC, seq DESC);

CREATE UNIQUE INDEX operations_idempotency_key ON operations (idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Crash recovery reads the unfinished operations; this index holds only those, so it stays small.
CREATE INDEX operations_unfinished ON operations (created_at, seq) WHERE status IN ('queued', 'running');
