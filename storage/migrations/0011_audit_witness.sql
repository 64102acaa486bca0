-- The audit chain's witnesses: how each entry is hashed, and the checkpoints published.

-- 'sha256' (plain, as every entry before this) or 'hmac-sha256' (under DESKREVIEW_AUDIT_KEY)
ALTER TABLE audit_log ADD COLUMN alg TEXT NOT NULL DEFAULT 'sha256';

CREATE TABLE audit_checkpoints (
    id          INTEGER PRIMARY KEY,
    seq         INTEGER NOT NULL,
    hash        TEXT    NOT NULL,
    as_of       TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    channel_id  INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    posted_at   TEXT    NOT NULL
);
