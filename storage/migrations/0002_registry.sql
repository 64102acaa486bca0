-- Registry: the States parties (every column of the registry CSV) and their registered people.

CREATE TABLE parties (
    code            TEXT    PRIMARY KEY CHECK (length(code) = 3 AND code = upper(code)),
    name            TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    regional_group  TEXT    CHECK (regional_group IS NULL OR regional_group IN
                        ('AFRICA', 'ASIA_PACIFIC', 'EASTERN_EUROPE', 'GRULAC', 'WEOG')),
    legal_system    TEXT    NOT NULL DEFAULT '',
    untoc           INTEGER NOT NULL DEFAULT 1 CHECK (untoc = 1),
    tip             INTEGER NOT NULL CHECK (tip IN (0, 1)),
    som             INTEGER NOT NULL CHECK (som IN (0, 1)),
    firearms        INTEGER NOT NULL CHECK (firearms IN (0, 1)),
    uncac           INTEGER NOT NULL CHECK (uncac IN (0, 1)),
    timezone        TEXT    NOT NULL,
    unconfirmed     TEXT    NOT NULL DEFAULT '',
    derived         TEXT    NOT NULL DEFAULT '',
    edited          TEXT    NOT NULL DEFAULT '',
    source          TEXT    NOT NULL,
    as_of           TEXT    NOT NULL,
    notes           TEXT    NOT NULL DEFAULT '',
    updated_at      TEXT    NOT NULL
);

CREATE TABLE people (
    user_id   INTEGER PRIMARY KEY,
    party     TEXT    NOT NULL REFERENCES parties (code) ON UPDATE CASCADE ON DELETE RESTRICT,
    role      TEXT    NOT NULL CHECK (role IN ('focal_point', 'expert', 'observer')),
    added_at  TEXT    NOT NULL,
    added_by  TEXT    NOT NULL
);

CREATE INDEX people_by_party ON people (party, role);

-- At most one focal point per party: naming a new one must first demote the old one.
CREATE UNIQUE INDEX people_one_focal_point ON people (party) WHERE role = 'focal_point';
