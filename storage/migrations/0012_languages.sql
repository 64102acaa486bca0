-- The six UN languages: each person's own, and each review's working language(s).

CREATE TABLE reader_languages (
    user_id   INTEGER PRIMARY KEY,
    chosen    TEXT CHECK (chosen IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),  -- with /language
    client    TEXT CHECK (client IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),  -- last seen client
    set_at    TEXT NOT NULL
);

CREATE TABLE review_languages (
    review_id  INTEGER PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    languages  TEXT    NOT NULL,  -- one or two tags, comma-separated, in the order shown
    set_by     TEXT    NOT NULL,
    set_at     TEXT    NOT NULL
);
