-- Reviews: one row per country review, its reviewing States, its channel and its categories.

CREATE TABLE reviews (
    id                INTEGER PRIMARY KEY,
    sur               TEXT    NOT NULL REFERENCES parties (code) ON UPDATE CASCADE,
    cluster           INTEGER NOT NULL CHECK (cluster BETWEEN 1 AND 4),
    start_date        TEXT    NOT NULL,
    stage             TEXT    NOT NULL DEFAULT 'opened' CHECK (stage IN (
                          'opened', 'questionnaire_submitted', 'written_feedback_sent',
                          'dialogue', 'observations_agreed', 'summary_agreed', 'closed')),
    answers_received  TEXT,
    paused            INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    draw_id           TEXT,
    created_by        TEXT    NOT NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    closed_at         TEXT
);

-- At most one review of a State in a cluster that is not closed.
CREATE UNIQUE INDEX reviews_one_open ON reviews (sur, cluster) WHERE stage <> 'closed';

CREATE TABLE review_reviewers (
    review_id    INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    party        TEXT    NOT NULL REFERENCES parties (code) ON UPDATE CASCADE,
    slot         TEXT    NOT NULL CHECK (slot IN ('same_group', 'other_group')
                          OR slot LIKE 'additional:%'),
    source       TEXT    NOT NULL CHECK (source IN ('draw', 'secretariat')),
    reason       TEXT    NOT NULL DEFAULT '',
    assigned_by  TEXT    NOT NULL,
    assigned_at  TEXT    NOT NULL,
    PRIMARY KEY (review_id, party)
);

CREATE INDEX review_reviewers_by_party ON review_reviewers (party);

-- The Discord projection of a review: the bot's record of what it created.
CREATE TABLE review_channels (
    review_id        INTEGER PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    channel_id       INTEGER UNIQUE,
    category_id      INTEGER,
    card_message_id  INTEGER,
    card_digest      TEXT,
    archived         INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    transcript_sent  INTEGER NOT NULL DEFAULT 0 CHECK (transcript_sent IN (0, 1)),
    updated_at       TEXT    NOT NULL
);

-- Categories holding review channels: cluster 1-4, or 0 for the archive.
CREATE TABLE review_categories (
    cluster      INTEGER NOT NULL CHECK (cluster BETWEEN 0 AND 4),
    idx          INTEGER NOT NULL CHECK (idx >= 1),
    category_id  INTEGER NOT NULL UNIQUE,
    PRIMARY KEY (cluster, idx)
);
