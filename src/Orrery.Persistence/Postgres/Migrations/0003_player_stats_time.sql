-- When a player's stats last changed. (The SQLite twin also adds the event log's stream heads here.)

-- The Unix epoch for rows written before this migration, as in the embedded store.
ALTER TABLE player_stats ADD COLUMN updated_at timestamptz NOT NULL DEFAULT 'epoch';
ALTER TABLE player_stats ALTER COLUMN updated_at DROP DEFAULT;
