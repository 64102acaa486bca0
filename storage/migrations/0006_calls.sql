-- Conference calls of a review, who answers what, and availability polls.

CREATE TABLE calls (
    id                INTEGER PRIMARY KEY,
    review_id         INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    title             TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    start_utc         TEXT    NOT NULL,
    duration_minutes  INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 480),
    link              TEXT,
    zone              TEXT    NOT NULL,  -- the zone the start was given in, shown back
    sequence          INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),  -- .ics SEQUENCE
    status            TEXT    NOT NULL DEFAULT 'scheduled'
                      CHECK (status IN ('scheduled', 'cancelled')),
    cancel_reason     TEXT,
    poll_id           INTEGER REFERENCES call_polls (id),
    channel_id        INTEGER,  -- where the announcement is (the review channel)
    message_id        INTEGER,  -- the announcement, edited in place
    created_by        TEXT    NOT NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL
);

CREATE INDEX calls_by_review ON calls (review_id, status, start_utc);

CREATE TABLE call_attendance (
    call_id  INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL,
    party    TEXT,  -- the State they answered for; NULL for the secretariat
    answer   TEXT    NOT NULL CHECK (answer IN ('accept', 'tentative', 'decline')),
    at       TEXT    NOT NULL,
    PRIMARY KEY (call_id, user_id)
);

CREATE TABLE call_polls (
    id                INTEGER PRIMARY KEY,
    review_id         INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    title             TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    duration_minutes  INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 480),
    zone              TEXT    NOT NULL,
    status            TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed')),
    chosen_slot       INTEGER,
    call_id           INTEGER,  -- the call the chosen slot became
    channel_id        INTEGER,
    message_id        INTEGER,
    created_by        TEXT    NOT NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL
);

CREATE INDEX call_polls_by_review ON call_polls (review_id, status);

CREATE TABLE call_poll_slots (
    poll_id    INTEGER NOT NULL REFERENCES call_polls (id) ON DELETE CASCADE,
    slot       INTEGER NOT NULL CHECK (slot BETWEEN 1 AND 10),
    start_utc  TEXT    NOT NULL,
    PRIMARY KEY (poll_id, slot),
    UNIQUE (poll_id, start_utc)
);

CREATE TABLE call_poll_votes (
    poll_id  INTEGER NOT NULL,
    slot     INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    party    TEXT,  -- NULL for the secretariat
    at       TEXT    NOT NULL,
    PRIMARY KEY (poll_id, slot, user_id),
    FOREIGN KEY (poll_id, slot) REFERENCES call_poll_slots (poll_id, slot) ON DELETE CASCADE
);
