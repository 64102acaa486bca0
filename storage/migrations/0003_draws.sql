-- Draws of reviewing States (reviewer-draw/v1). The JSON Lines log is the truth; the other
-- tables are bookkeeping derived from it (status, assignments) or about Discord (messages).

CREATE TABLE draws (
    draw_id          TEXT    PRIMARY KEY,
    title            TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    cluster          INTEGER NOT NULL CHECK (cluster BETWEEN 1 AND 4),
    status           TEXT    NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'computed', 'closed')),
    manifest_sha256  TEXT    NOT NULL CHECK (length(manifest_sha256) = 64),
    beacon_source    TEXT    NOT NULL,
    beacon_round     INTEGER NOT NULL CHECK (beacon_round >= 1),
    announced_seq    INTEGER NOT NULL DEFAULT -1,  -- last log line whose assignments were announced
    opened_by        TEXT    NOT NULL,
    opened_at        TEXT    NOT NULL,
    computed_at      TEXT,
    closed_at        TEXT
);

CREATE INDEX draws_by_cluster ON draws (cluster, status);

-- The log itself, line by line, in order. Lines are only ever added.
CREATE TABLE draw_log_lines (
    draw_id  TEXT    NOT NULL REFERENCES draws (draw_id),
    seq      INTEGER NOT NULL CHECK (seq >= 0),
    type     TEXT    NOT NULL CHECK (type IN ('manifest', 'beacon', 'result', 'redraw_request',
                                              'redraw_result', 'close')),
    line     BLOB    NOT NULL,
    PRIMARY KEY (draw_id, seq)
);

CREATE TRIGGER draw_log_lines_no_update BEFORE UPDATE ON draw_log_lines
BEGIN
    SELECT RAISE(ABORT, 'a draw log is append-only');
END;

CREATE TRIGGER draw_log_lines_no_delete BEFORE DELETE ON draw_log_lines
BEGIN
    SELECT RAISE(ABORT, 'a draw log is append-only');
END;

-- The message in the draw channel that published a log line (manifest, result, request...).
CREATE TABLE draw_messages (
    draw_id     TEXT    NOT NULL REFERENCES draws (draw_id),
    seq         INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    posted_at   TEXT    NOT NULL,
    PRIMARY KEY (draw_id, seq)
);

-- Each State under review's current reviewers in a draw, as the log says after its last line.
CREATE TABLE draw_assignments (
    draw_id  TEXT NOT NULL REFERENCES draws (draw_id),
    sur      TEXT NOT NULL,
    party    TEXT NOT NULL,
    slot     TEXT NOT NULL CHECK (slot IN ('same_group', 'other_group')
                                  OR slot LIKE 'additional:%'),
    PRIMARY KEY (draw_id, sur, party)
);

CREATE INDEX draw_assignments_by_party ON draw_assignments (party);

-- Who asked for each redraw request in Discord (the log names the requesting State only).
CREATE TABLE draw_requests (
    draw_id       TEXT    NOT NULL REFERENCES draws (draw_id),
    seq           INTEGER NOT NULL,
    user_id       INTEGER NOT NULL,
    requested_at  TEXT    NOT NULL,
    PRIMARY KEY (draw_id, seq)
);

-- Notices said once per draw (a late round, a round that cannot be had).
CREATE TABLE draw_notices (
    draw_id  TEXT NOT NULL REFERENCES draws (draw_id),
    notice   TEXT NOT NULL,
    said_at  TEXT NOT NULL,
    PRIMARY KEY (draw_id, notice)
);
