-- State-machine specifications (SPEC §9): the registered specifications as .spex text, their instances (each shard
-- reads back the rows whose route_hash modulo the shard count is its index), and the learned implementation models.
CREATE TABLE spec_definitions (
    name       text        NOT NULL PRIMARY KEY,
    spex       text        NOT NULL,
    updated_at timestamptz NOT NULL
);

-- No foreign key to spec_definitions: a specification read from the folder at start-up may be renamed or removed,
-- and its instances wait for it.
CREATE TABLE spec_instances (
    id               text        NOT NULL PRIMARY KEY,
    spec             text        NOT NULL,
    state            text        NOT NULL,
    meta             text,
    route_hash       bigint      NOT NULL,
    created_at       timestamptz NOT NULL,
    state_changed_at timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

CREATE TABLE spec_model_transitions (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    spec       text NOT NULL,
    from_state text NOT NULL,
    action     text NOT NULL,
    to_state   text NOT NULL,
    UNIQUE (spec, from_state, action, to_state)
);
