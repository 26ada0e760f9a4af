-- Reserved: migration number 0004 belongs to another branch of this round; this placeholder keeps the
-- numbers without gaps on the progress branch. Delete it when the real 0004 is merged.
SELECT 1;
