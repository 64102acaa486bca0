-- Every message, thread or card the bot creates in Discord on behalf of a job, a reconcile or
-- a publication is written here before the request (object_id NULL: the request is out) and
-- completed as soon as Discord answers. A retry after a crash or a lost answer finds the entry:
-- done, it reuses the object; still out, it looks in Discord for what was already made before
-- making it again. Entries go once their scope (the job, the reconcile) is recorded done.
CREATE TABLE discord_effects (
    key         TEXT    PRIMARY KEY,
    scope       TEXT    NOT NULL,
    channel_id  INTEGER NOT NULL,
    object_id   INTEGER,
    started_at  TEXT    NOT NULL,
    done_at     TEXT
);

CREATE INDEX discord_effects_by_scope ON discord_effects (scope);
