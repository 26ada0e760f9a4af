-- Placeholder so that this branch's migrations run 1, 2, 3, ... without a gap: 0005 belongs to another
-- branch of this round. Delete this file when that branch's real 0005_*.sql is merged.
SELECT 1;
