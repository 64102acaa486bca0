-- The outputs of each review's steps: every version's bytes, kept by the bot itself (a
-- Discord attachment's link expires), with its SHA-256, and each State's clearance of it.

CREATE TABLE output_versions (
    id              INTEGER PRIMARY KEY,
    review_id       INTEGER NOT NULL REFERENCES reviews (id),
    kind            TEXT    NOT NULL
                    CHECK (kind IN ('questionnaire', 'feedback', 'observations', 'summary')),
    party           TEXT    NOT NULL DEFAULT '',  -- the owning State; '' for the review's own
    number          INTEGER NOT NULL CHECK (number >= 1),  -- version, from 1 per output
    filename        TEXT    NOT NULL,
    media_type      TEXT    NOT NULL,
    size            INTEGER NOT NULL CHECK (size > 0),
    sha256          TEXT    NOT NULL,
    data            BLOB    NOT NULL,
    uploaded_by     INTEGER NOT NULL,
    uploaded_party  TEXT,
    uploaded_at     TEXT    NOT NULL,
    message_id      INTEGER,  -- the copy posted in the review's channel, once posted
    shown           INTEGER NOT NULL DEFAULT 0,  -- bumped at each change the post must show
    published_at    TEXT,     -- marked for publication by the secretariat (agreed summaries)
    published_by    INTEGER,
    UNIQUE (review_id, kind, party, number)
);

CREATE INDEX output_versions_by_review ON output_versions (review_id, kind, party, number);

-- What a version is never changes: its bytes, name, size, digest, uploader and time.
CREATE TRIGGER output_versions_keep_bytes BEFORE UPDATE OF
    review_id, kind, party, number, filename, media_type, size, sha256, data, uploaded_by,
    uploaded_party, uploaded_at ON output_versions
BEGIN
    SELECT RAISE(ABORT, 'an output version never changes');
END;

CREATE TRIGGER output_versions_no_delete BEFORE DELETE ON output_versions
BEGIN
    SELECT RAISE(ABORT, 'output versions are kept');
END;

CREATE TABLE output_clearances (
    id          INTEGER PRIMARY KEY,
    version_id  INTEGER NOT NULL REFERENCES output_versions (id),
    party       TEXT    NOT NULL,
    cleared_by  INTEGER NOT NULL,
    on_behalf   INTEGER NOT NULL DEFAULT 0 CHECK (on_behalf IN (0, 1)),  -- by the secretariat
    reason      TEXT,
    cleared_at  TEXT    NOT NULL,
    UNIQUE (version_id, party)
);

CREATE TRIGGER output_clearances_no_update BEFORE UPDATE ON output_clearances
BEGIN
    SELECT RAISE(ABORT, 'a clearance never changes');
END;

CREATE TRIGGER output_clearances_no_delete BEFORE DELETE ON output_clearances
BEGIN
    SELECT RAISE(ABORT, 'a clearance never changes');
END;
