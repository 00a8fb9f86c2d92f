-- The shard table of cluster fencing (SPEC §10): each virtual shard's current owner epoch and who took it.
-- Every write on behalf of a game checks, in the same transaction under the write lock, that the writer's epoch
-- is still the shard's. (The embedded store has no membership table: only epochs count.)
CREATE TABLE game_shards (
    shard       INTEGER NOT NULL PRIMARY KEY,
    epoch       INTEGER NOT NULL,
    cluster_id  TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    port        INTEGER NOT NULL,
    generation  INTEGER NOT NULL,
    acquired_at INTEGER NOT NULL
);
