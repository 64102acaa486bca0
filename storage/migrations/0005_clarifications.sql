-- Clarification requests of a review, their history, and the follow-up state of each.

-- The last number given in each review: numbers are never reused, even after a withdrawal.
CREATE TABLE clarification_numbers (
    review_id    INTEGER PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    last_number  INTEGER NOT NULL CHECK (last_number >= 1)
);

CREATE TABLE clarification_requests (
    id                 INTEGER PRIMARY KEY,
    review_id          INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    number             INTEGER NOT NULL CHECK (number >= 1),
    article            TEXT,
    question           TEXT    NOT NULL CHECK (length(question) >= 1),
    asked_by           INTEGER NOT NULL,
    asked_party        TEXT,             -- NULL: asked by the secretariat
    asked_at           TEXT    NOT NULL,
    due_date           TEXT    NOT NULL, -- YYYY-MM-DD
    due_set_at         TEXT    NOT NULL, -- when the current due date was set
    status             TEXT    NOT NULL DEFAULT 'open'
                       CHECK (status IN ('open', 'answered', 'accepted', 'withdrawn')),
    round              INTEGER NOT NULL DEFAULT 0 CHECK (round >= 0), -- follow-ups asked
    thread_id          INTEGER UNIQUE,
    message_id         INTEGER,          -- the request message (status card) in the thread
    answer             TEXT,
    answered_by        INTEGER,
    answered_party     TEXT,
    answered_at        TEXT,
    remind_askers_at   TEXT,             -- when the askers are reminded of an unreviewed answer
    before_sent        INTEGER NOT NULL DEFAULT 0 CHECK (before_sent IN (0, 1)),
    on_due_sent        INTEGER NOT NULL DEFAULT 0 CHECK (on_due_sent IN (0, 1)),
    overdue_sent       INTEGER NOT NULL DEFAULT 0 CHECK (overdue_sent >= 0),
    escalated          INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1)),
    askers_reminded    INTEGER NOT NULL DEFAULT 0 CHECK (askers_reminded IN (0, 1)),
    version            INTEGER NOT NULL DEFAULT 1,  -- bumped by every change
    shown_version      INTEGER NOT NULL DEFAULT 0,  -- the version the thread shows
    closed_at          TEXT,
    closed_by          INTEGER,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    UNIQUE (review_id, number)
);

CREATE INDEX clarification_requests_by_status ON clarification_requests (review_id, status);

-- Everything that happened to a request, in order: the question, edits, answers, follow-up
-- questions, acceptance, withdrawal, due dates moved. `message_id` is the thread message
-- that shows the entry (NULL until it is posted; entries that need no message stay NULL).
CREATE TABLE clarification_entries (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES clarification_requests (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('question', 'edit', 'answer', 'follow_up',
                    'accept', 'withdraw', 'due_moved')),
    round       INTEGER NOT NULL,
    text        TEXT    NOT NULL DEFAULT '',
    previous    TEXT,                    -- the text before an edit
    due_date    TEXT,                    -- a due date set by this entry
    by_user     TEXT    NOT NULL,        -- a user id, or 'system'
    by_party    TEXT,
    at          TEXT    NOT NULL,
    posted      INTEGER NOT NULL DEFAULT 0 CHECK (posted IN (0, 1)),
    message_id  INTEGER
);

CREATE INDEX clarification_entries_by_request ON clarification_entries (request_id, id);

-- Reviews whose follow-ups are held because the review is paused, since when.
CREATE TABLE clarification_pauses (
    review_id  INTEGER PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    paused_at  TEXT    NOT NULL
);

-- Files attached to a question or an answer, kept so that the thread can always show them.
CREATE TABLE clarification_files (
    id        INTEGER PRIMARY KEY,
    entry_id  INTEGER NOT NULL REFERENCES clarification_entries (id) ON DELETE CASCADE,
    name      TEXT    NOT NULL,
    data      BLOB    NOT NULL
);

CREATE INDEX clarification_files_by_entry ON clarification_files (entry_id);
