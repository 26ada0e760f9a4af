-- The post ledger becomes the one truth about the course: one row per post (a day may hold several:
-- the scheduled post plus extra `post-now`s), each claimed (pending) before it is sent. Today's concept
-- and the course position are read from it, so the drifting guilds.course_position counter goes.
-- Existing rows are kept as post number 1 of their day; a row left pending by an older version (which had
-- no way to finish it) becomes failed, so that nothing tries to resend it without a nonce.

CREATE TABLE posts_v4 (
    post_id    INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL REFERENCES guilds (guild_id),
    local_date TEXT NOT NULL,  -- YYYY-MM-DD in the server's zone when the post was claimed
    seq        INTEGER NOT NULL CHECK (seq >= 1),  -- 1, 2, ... within the day (a second post-now is 2)
    kind       TEXT NOT NULL DEFAULT 'concept' CHECK (kind IN ('concept', 'mission', 'review', 'none')),
    concept_id TEXT,  -- the concept of a concept or review post
    mission_id TEXT,  -- the mission of a mission post
    manual     INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),  -- 1: /schedule post-now
    channel_id INTEGER,
    nonce      TEXT CHECK (nonce IS NULL OR length(nonce) <= 25),
    status     TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    message_id INTEGER,
    reason     TEXT,
    claimed_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (guild_id, local_date, seq),
    CHECK ((kind IN ('concept', 'review')) = (concept_id IS NOT NULL)),
    CHECK ((kind = 'mission') = (mission_id IS NOT NULL))
);

INSERT INTO posts_v4 (guild_id, local_date, seq, kind, concept_id, status, message_id, reason, claimed_at, updated_at)
SELECT guild_id, local_date, 1, 'concept', concept_id,
       CASE status WHEN 'pending' THEN 'failed' ELSE status END,
       message_id,
       CASE status WHEN 'pending' THEN 'interrupted before the upgrade' ELSE reason END,
       updated_at, updated_at
FROM posts;

DROP TABLE posts;
ALTER TABLE posts_v4 RENAME TO posts;

-- The latest sent post of a server (today's concept, the course position) and the last deliveries.
CREATE INDEX posts_guild_status ON posts (guild_id, status, post_id);

ALTER TABLE guilds DROP COLUMN course_position;
-- Why the schedule paused itself (3 failed days in a row); NULL when an organizer paused it or it runs.
ALTER TABLE guilds ADD COLUMN paused_reason TEXT;
-- When the schedule was last set or resumed: a post time before it is not owed (no surprise post at once).
ALTER TABLE guilds ADD COLUMN schedule_since TEXT;

-- Guild-wide figures of the daily post are SQL aggregates over these.
CREATE INDEX concept_reads_concept ON concept_reads (guild_id, concept_id);
CREATE INDEX quiz_attempts_question ON quiz_attempts (guild_id, question_id, correct);
CREATE INDEX mission_confirmations_mission ON mission_confirmations (guild_id, mission_id, status);
