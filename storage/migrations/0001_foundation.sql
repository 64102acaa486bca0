-- Foundation: the audit chain and the jobs table.

CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    at         TEXT    NOT NULL,
    actor      TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    details    TEXT    NOT NULL,
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL UNIQUE
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL,
    key         TEXT    UNIQUE,
    payload     TEXT    NOT NULL DEFAULT '{}',
    due_at      TEXT    NOT NULL,
    run_at      TEXT    NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'done', 'cancelled')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    reported    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL,
    done_at     TEXT
);

CREATE INDEX jobs_pending ON jobs (status, run_at);

CREATE TABLE settings_kv (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
