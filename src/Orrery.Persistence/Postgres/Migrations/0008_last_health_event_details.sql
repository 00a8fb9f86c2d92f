-- The details object of the last health event applied (SPEC §6: exit code, OOM, probe error, health check output),
-- kept as the producer sent it instead of being dropped once validated.
ALTER TABLE runtime_records ADD COLUMN last_health_event_details text;
