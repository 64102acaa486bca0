-- Appointments per review. A row of `people` is a State-wide appointment: the person serves
-- their State in every review of it (its role is their role there), as before. A row of
-- `review_appointments` appoints a person for one review only; in that review it takes the
-- place of their State-wide appointment. Every appointment made from now on records the note
-- verbale it rests on; the registrations made before (migrated as they are, State-wide) have
-- none recorded.
--
-- A State's focal point in a review: its focal point appointed for that review, else its
-- State-wide focal point (who is then an expert of that review). So there is one per State
-- per review at a time, existing focal points remain the focal point of each review of their
-- State, and a new review of the State starts with the State-wide one.

ALTER TABLE people ADD COLUMN note_ref TEXT;
ALTER TABLE people ADD COLUMN note_date TEXT;

CREATE TABLE review_appointments (
    review_id     INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL,
    party         TEXT    NOT NULL REFERENCES parties (code) ON UPDATE CASCADE
                          ON DELETE RESTRICT,
    role          TEXT    NOT NULL CHECK (role IN ('focal_point', 'expert', 'observer')),
    note_ref      TEXT    NOT NULL CHECK (length(note_ref) BETWEEN 1 AND 100),
    note_date     TEXT    NOT NULL CHECK (length(note_date) = 10),
    appointed_at  TEXT    NOT NULL,
    appointed_by  TEXT    NOT NULL,
    PRIMARY KEY (review_id, user_id)
);

CREATE INDEX review_appointments_by_user ON review_appointments (user_id);

-- One focal point per State per review among the appointments for that review.
CREATE UNIQUE INDEX review_appointments_one_focal_point
    ON review_appointments (review_id, party) WHERE role = 'focal_point';

-- A person serves one State party, whichever way they are appointed.
CREATE TRIGGER review_appointments_one_state BEFORE INSERT ON review_appointments
WHEN EXISTS (SELECT 1 FROM people WHERE user_id = NEW.user_id AND party <> NEW.party)
  OR EXISTS (SELECT 1 FROM review_appointments
             WHERE user_id = NEW.user_id AND party <> NEW.party)
BEGIN
    SELECT RAISE(ABORT, 'UNIQUE: a person serves one State party');
END;

CREATE TRIGGER people_one_state BEFORE INSERT ON people
WHEN EXISTS (SELECT 1 FROM review_appointments
             WHERE user_id = NEW.user_id AND party <> NEW.party)
BEGIN
    SELECT RAISE(ABORT, 'UNIQUE: a person serves one State party');
END;

-- Requests to be registered (`/register`), decided by the secretariat.
CREATE TABLE registration_requests (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL,
    party         TEXT    NOT NULL REFERENCES parties (code) ON UPDATE CASCADE
                          ON DELETE CASCADE,
    role          TEXT    NOT NULL CHECK (role IN ('focal_point', 'expert', 'observer')),
    note_ref      TEXT    NOT NULL CHECK (length(note_ref) BETWEEN 1 AND 100),
    note_date     TEXT    NOT NULL CHECK (length(note_date) = 10),
    status        TEXT    NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'approved', 'declined')),
    requested_at  TEXT    NOT NULL,
    decided_by    TEXT,
    decided_at    TEXT,
    message_id    INTEGER
);

-- One request waiting per person at a time.
CREATE UNIQUE INDEX registration_requests_one_pending
    ON registration_requests (user_id) WHERE status = 'pending';
