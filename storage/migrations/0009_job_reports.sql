-- A job that keeps failing is reported to the secretariat once, then at most daily: the time of
-- the last report replaces the bare flag as the thing consulted.

ALTER TABLE jobs ADD COLUMN reported_at TEXT;
