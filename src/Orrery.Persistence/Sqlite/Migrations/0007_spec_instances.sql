-- State-machine specifications (SPEC §9): the registered specifications as .spex text, their instances (each shard
-- reads back the rows whose route_hash modulo the shard count is its index), and the learned implementation models.
CREATE TABLE spec_definitions (
    name       TEXT    NOT NULL PRIMARY KEY,
    spex       TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);

-- No foreign key to spec_definitions: a specification read from the folder at start-up may be renamed or removed,
-- and its instances wait for it.
CREATE TABLE spec_instances (
    id               TEXT    NOT NULL PRIMARY KEY,
    spec             TEXT    NOT NULL,
    state            TEXT    NOT NULL,
    meta             TEXT,
    route_hash       INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    state_changed_at INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);

CREATE TABLE spec_model_transitions (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    spec       TEXT NOT NULL,
    from_state TEXT NOT NULL,
    action     TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    UNIQUE (spec, from_state, action, to_state)
);
