-- Archives of closed reviews: one ZIP per review, kept by the bot (bytes and SHA-256), so that
-- a closed review's channel can leave the server after its retention period.

CREATE TABLE review_archives (
    id           INTEGER PRIMARY KEY,
    review_id    INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    made_at      TEXT    NOT NULL,
    sha256       TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    messages     INTEGER NOT NULL,
    attachments  INTEGER NOT NULL,
    complete     INTEGER NOT NULL CHECK (complete IN (0, 1)),  -- every attachment's bytes kept
    language     TEXT    NOT NULL,
    source       TEXT    NOT NULL,  -- the channel as read, without the bytes (in the ZIP)
    data         BLOB    NOT NULL
);

CREATE INDEX review_archives_by_review ON review_archives (review_id, id);

-- When the channel of a closed review was deleted, its archive kept (retention is over).
ALTER TABLE review_channels ADD COLUMN removed_at TEXT;

-- Reviews waiting for room on the server (Discord's 500 channels): told once, served in order.
CREATE TABLE review_waits (
    review_id  INTEGER PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    since      TEXT    NOT NULL
);
