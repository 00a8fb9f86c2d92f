-- The last health event applied to each runtime (SPEC §6, shown in the API): its type and when it occurred.
ALTER TABLE runtime_records ADD COLUMN last_health_event text;
ALTER TABLE runtime_records ADD COLUMN last_health_event_at timestamptz;
