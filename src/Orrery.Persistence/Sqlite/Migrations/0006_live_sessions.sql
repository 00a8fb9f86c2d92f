-- Live sessions (SPEC §8): each session pool's games, keyed by the node (process) that runs it and written on
-- every change, so a pool that crashed restarts its sessions; and each session's periodic backup, by game.
CREATE TABLE live_pools (
    node_id    TEXT    NOT NULL,
    pool_id    TEXT    NOT NULL,
    game_ids   TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (node_id, pool_id)
);

-- No foreign key to games: a backup of a game deleted meanwhile is harmless, and its session deletes it on stopping.
CREATE TABLE live_session_backups (
    game_id      TEXT    NOT NULL PRIMARY KEY,
    node_id      TEXT    NOT NULL,
    pool_id      TEXT    NOT NULL,
    session_id   TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    turn         INTEGER NOT NULL,
    connections  INTEGER NOT NULL,
    idle_since   INTEGER,
    backed_up_at INTEGER NOT NULL
);
