-- Reserved: migration number 0006 belongs to another branch of this round; this placeholder keeps the
-- numbers without gaps on the progress branch. Delete it when the real 0006 is merged.
SELECT 1;
