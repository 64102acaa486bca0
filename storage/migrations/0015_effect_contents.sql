-- What an effect's request sent (a digest of its text, cards and file names), so that a retry
-- after a lost answer looks in Discord for what that earlier request made, even when the retry
-- itself would word it differently (a notice that is now late says so).
ALTER TABLE discord_effects ADD COLUMN sent_digest TEXT;
