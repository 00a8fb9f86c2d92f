-- Live sessions (SPEC §8): each session pool's games, keyed by the node (process) that runs it and written on
-- every change, so a pool that crashed restarts its sessions; and each session's periodic backup, by game.
CREATE TABLE live_pools (
    node_id    text        NOT NULL,
    pool_id    text        NOT NULL,
    game_ids   text        NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (node_id, pool_id)
);

-- No foreign key to games: a backup of a game deleted meanwhile is harmless, and its session deletes it on stopping.
CREATE TABLE live_session_backups (
    game_id      uuid        NOT NULL PRIMARY KEY,
    node_id      text        NOT NULL,
    pool_id      text        NOT NULL,
    session_id   text        NOT NULL,
    seq          bigint      NOT NULL,
    turn         integer     NOT NULL,
    connections  integer     NOT NULL,
    idle_since   timestamptz,
    backed_up_at timestamptz NOT NULL
);
