-- Each player's standing over a game (SPEC §5). The SQLite twin also creates the embedded event log here; a
-- PostgreSQL node streams through Redis, so this version holds the player stats alone.

-- Latest planets and population of each player and the largest values over the game. Kept across stops and
-- restarts (player mappings are not), deleted with the game.
CREATE TABLE player_stats (
    game_id            uuid    NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    user_id            uuid    NOT NULL,
    race_name          text    NOT NULL,
    current_planets    integer NOT NULL,
    current_population bigint  NOT NULL,
    max_planets        integer NOT NULL,
    max_population     bigint  NOT NULL,
    PRIMARY KEY (game_id, user_id)
);
