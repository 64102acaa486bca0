-- Calls held inside Discord: the room and notes thread of each call, who was in the room
-- from when to when, the attendance record kept after the call; and each person's own zone.

CREATE TABLE call_rooms (
    call_id            INTEGER PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
    channel_id         INTEGER,  -- the private voice channel; NULL until Discord made it
    opened_at          TEXT,
    link_message_id    INTEGER,  -- the message in the review channel pointing to the room
    closed_at          TEXT,     -- when the room was deleted (NULL while open)
    notes_thread_id    INTEGER,  -- "Call n · notes" under the review channel
    record_json        TEXT,     -- the attendance record, fixed when the room closes
    record_message_id  INTEGER   -- the record as posted in the review channel
);

CREATE UNIQUE INDEX call_rooms_by_channel ON call_rooms (channel_id)
    WHERE channel_id IS NOT NULL;

-- One row per stay in a room: a person leaving and coming back has two rows.
CREATE TABLE call_presence (
    id         INTEGER PRIMARY KEY,
    call_id    INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    party      TEXT,               -- their State; NULL for the secretariat and for outsiders
    standing   TEXT    NOT NULL CHECK (standing IN ('member', 'secretariat', 'outsider')),
    joined_at  TEXT    NOT NULL,
    left_at    TEXT                -- NULL while in the room
);

CREATE INDEX call_presence_by_call ON call_presence (call_id, user_id, joined_at);
CREATE UNIQUE INDEX call_presence_open ON call_presence (call_id, user_id)
    WHERE left_at IS NULL;

-- A person's own IANA time zone (anyone in the server: registered people and the secretariat).
CREATE TABLE person_zones (
    user_id  INTEGER PRIMARY KEY,
    zone     TEXT    NOT NULL,
    set_at   TEXT    NOT NULL
);
