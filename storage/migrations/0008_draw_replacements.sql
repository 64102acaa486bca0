-- A draw whose manifest could not be published in the draw channel before its beacon round is
-- never used (draw-protocol.md section 8.5): the bot announces a new draw, with a new round, in
-- its place. `unused_reason` says why (NULL: the draw is in use); `replaced_by` names the new
-- draw, when one could be opened.
ALTER TABLE draws ADD COLUMN unused_reason TEXT;
ALTER TABLE draws ADD COLUMN replaced_by TEXT;
