-- Placeholder so that this branch's migrations run 1, 2, 3, ... without a gap: 0004 belongs to another
-- branch of this round. Delete this file when that branch's real 0004_*.sql is merged.
SELECT 1;
