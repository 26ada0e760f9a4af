-- What scoring and streaks need, recorded when it happens, so that the leaderboard, /progress, the
-- group report and the export read indexed aggregates instead of replaying a server's whole history.
--
--   score_events   one row per scoring event. Points as bot.core.progress.POINTS: read 10, correct 2,
--                  first try +3, mission 20. The UNIQUE key gives a question's correct-answer points once
--                  per member and server-local day (`day`; '' for the kinds that score once ever).
--   member_points  each member's all-time total, kept by the triggers below; reached_at is the time of
--                  their last scoring event (ties: whoever got there first ranks higher).
--   member_days    the server-local days a member read or answered; member_streaks is kept from it.
--
-- Reads and mission confirmations score through triggers (their points need no time zone). A correct
-- answer, its first-try bonus and the study day are written by the application in the answer's own
-- transaction (Database.add_attempt, which knows the server's zone); a read's day by ProgressRepo.add_read.

CREATE TABLE score_events (
    event_id INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('read', 'correct', 'first_try', 'mission')),
    subject  TEXT NOT NULL,           -- concept id, question id or mission id
    day      TEXT NOT NULL DEFAULT '', -- correct answers: YYYY-MM-DD in the server's zone
    points   INTEGER NOT NULL,
    at       TEXT NOT NULL,
    UNIQUE (guild_id, user_id, kind, subject, day),
    FOREIGN KEY (guild_id, user_id) REFERENCES members (guild_id, user_id)
);

CREATE INDEX score_events_period ON score_events (guild_id, at, user_id, points, kind);
CREATE INDEX score_events_member ON score_events (guild_id, user_id, at, points, kind);

CREATE TABLE member_points (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    points     INTEGER NOT NULL,
    reached_at TEXT NOT NULL,
    reads      INTEGER NOT NULL,  -- scoring events by kind, for the leaderboard line
    correct    INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) WITHOUT ROWID;

CREATE INDEX member_points_rank ON member_points (guild_id, points DESC, reached_at, user_id);

CREATE TABLE member_days (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    day      TEXT NOT NULL,  -- YYYY-MM-DD in the server's zone
    PRIMARY KEY (guild_id, user_id, day)
) WITHOUT ROWID;

CREATE TABLE member_streaks (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    last_day TEXT NOT NULL,     -- the latest study day
    current  INTEGER NOT NULL,  -- the run of consecutive days ending at last_day
    longest  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) WITHOUT ROWID;

CREATE INDEX member_streaks_last ON member_streaks (guild_id, last_day);

-- Report and export paths: per member and question (also "answered before?"). Per question of a server
-- uses quiz_attempts_question (0004); per mission and status, mission_confirmations_queue (0005), which
-- makes 0004's shorter mission_confirmations_mission redundant.
CREATE INDEX quiz_attempts_member_question ON quiz_attempts (guild_id, user_id, question_id, correct);
DROP INDEX mission_confirmations_mission;

CREATE TRIGGER score_events_total_add AFTER INSERT ON score_events
BEGIN
    INSERT INTO member_points (guild_id, user_id, points, reached_at, reads, correct)
    VALUES (NEW.guild_id, NEW.user_id, NEW.points, NEW.at, NEW.kind = 'read', NEW.kind = 'correct')
    ON CONFLICT (guild_id, user_id) DO UPDATE SET
        points = points + excluded.points,
        reached_at = max(reached_at, excluded.reached_at),
        reads = reads + excluded.reads,
        correct = correct + excluded.correct;
END;

CREATE TRIGGER score_events_total_remove AFTER DELETE ON score_events
BEGIN
    UPDATE member_points SET
        points = points - OLD.points,
        reads = reads - (OLD.kind = 'read'),
        correct = correct - (OLD.kind = 'correct'),
        reached_at = coalesce(
            (SELECT max(at) FROM score_events WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id), '')
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id;
END;

CREATE TRIGGER concept_reads_score AFTER INSERT ON concept_reads
BEGIN
    INSERT OR IGNORE INTO score_events (guild_id, user_id, kind, subject, points, at)
    VALUES (NEW.guild_id, NEW.user_id, 'read', NEW.concept_id, 10, NEW.read_at);
END;

-- A confirmed mission scores at the time it was confirmed; revoked (or pending again), it no longer does.
CREATE TRIGGER mission_confirmations_score_insert AFTER INSERT ON mission_confirmations
WHEN NEW.status = 'confirmed'
BEGIN
    INSERT OR IGNORE INTO score_events (guild_id, user_id, kind, subject, points, at)
    VALUES (NEW.guild_id, NEW.user_id, 'mission', NEW.mission_id, 20, NEW.updated_at);
END;

CREATE TRIGGER mission_confirmations_score_update AFTER UPDATE ON mission_confirmations
BEGIN
    DELETE FROM score_events
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND kind = 'mission' AND subject = OLD.mission_id
      AND day = '';
    INSERT OR IGNORE INTO score_events (guild_id, user_id, kind, subject, points, at)
    SELECT NEW.guild_id, NEW.user_id, 'mission', NEW.mission_id, 20, NEW.updated_at WHERE NEW.status = 'confirmed';
END;

CREATE TRIGGER mission_confirmations_score_delete AFTER DELETE ON mission_confirmations
BEGIN
    DELETE FROM score_events
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND kind = 'mission' AND subject = OLD.mission_id
      AND day = '';
END;

-- Days arrive in time order (one writer, the clock's order), so the run either goes on, starts again, or
-- (a day already counted, or one older than the last) stays as it is.
CREATE TRIGGER member_days_streak AFTER INSERT ON member_days
BEGIN
    INSERT INTO member_streaks (guild_id, user_id, last_day, current, longest)
    VALUES (NEW.guild_id, NEW.user_id, NEW.day, 1, 1)
    ON CONFLICT (guild_id, user_id) DO UPDATE SET
        current = CASE
            WHEN excluded.last_day = date(last_day, '+1 day') THEN current + 1
            WHEN excluded.last_day > last_day THEN 1
            ELSE current END,
        longest = max(longest, CASE
            WHEN excluded.last_day = date(last_day, '+1 day') THEN current + 1
            ELSE 1 END),
        last_day = max(last_day, excluded.last_day);
END;

-- Existing history into the new record. SQLite knows no time zones, so an existing answer's local day
-- uses the zone's standard UTC offset (exact for fixed-offset zones such as the default Asia/Seoul; for
-- zones with summer time an answer in the hour around midnight may fall on the next day). A server with
-- no zone set uses Asia/Seoul, the shipped default. New answers use the real zone.
CREATE TEMP TABLE zone_shift AS
SELECT guild_id,
       CASE coalesce(timezone, 'Asia/Seoul')
           WHEN 'Asia/Seoul' THEN '+540 minutes' WHEN 'Asia/Tokyo' THEN '+540 minutes'
           WHEN 'Asia/Pyongyang' THEN '+540 minutes' WHEN 'Asia/Shanghai' THEN '+480 minutes'
           WHEN 'Asia/Hong_Kong' THEN '+480 minutes' WHEN 'Asia/Taipei' THEN '+480 minutes'
           WHEN 'Asia/Singapore' THEN '+480 minutes' WHEN 'Asia/Manila' THEN '+480 minutes'
           WHEN 'Asia/Bangkok' THEN '+420 minutes' WHEN 'Asia/Ho_Chi_Minh' THEN '+420 minutes'
           WHEN 'Asia/Jakarta' THEN '+420 minutes' WHEN 'Asia/Kolkata' THEN '+330 minutes'
           WHEN 'Australia/Brisbane' THEN '+600 minutes' WHEN 'Australia/Sydney' THEN '+600 minutes'
           WHEN 'Europe/Berlin' THEN '+60 minutes' WHEN 'Europe/Paris' THEN '+60 minutes'
           WHEN 'America/New_York' THEN '-300 minutes' WHEN 'America/Chicago' THEN '-360 minutes'
           WHEN 'America/Denver' THEN '-420 minutes' WHEN 'America/Los_Angeles' THEN '-480 minutes'
           ELSE '+0 minutes' END AS shift
FROM guilds;

INSERT OR IGNORE INTO score_events (guild_id, user_id, kind, subject, points, at)
SELECT guild_id, user_id, 'read', concept_id, 10, read_at FROM concept_reads ORDER BY read_at;

-- In time order: the first correct answer of a question on a local day is the one that scores.
INSERT OR IGNORE INTO score_events (guild_id, user_id, kind, subject, day, points, at)
SELECT a.guild_id, a.user_id, 'correct', a.question_id, date(substr(a.answered_at, 1, 19), z.shift), 2, a.answered_at
FROM quiz_attempts AS a JOIN temp.zone_shift AS z ON z.guild_id = a.guild_id
WHERE a.correct = 1
ORDER BY a.answered_at, a.attempt_id;

WITH numbered AS (
    SELECT guild_id, user_id, question_id, correct, answered_at,
           row_number() OVER (PARTITION BY guild_id, user_id, question_id ORDER BY answered_at, attempt_id) AS n
    FROM quiz_attempts
)
INSERT OR IGNORE INTO score_events (guild_id, user_id, kind, subject, points, at)
SELECT guild_id, user_id, 'first_try', question_id, 3, answered_at FROM numbered WHERE n = 1 AND correct = 1;

INSERT OR IGNORE INTO score_events (guild_id, user_id, kind, subject, points, at)
SELECT guild_id, user_id, 'mission', mission_id, 20, updated_at FROM mission_confirmations WHERE status = 'confirmed';

WITH activity (guild_id, user_id, at) AS (
    SELECT guild_id, user_id, read_at FROM concept_reads
    UNION ALL
    SELECT guild_id, user_id, answered_at FROM quiz_attempts
)
INSERT OR IGNORE INTO member_days (guild_id, user_id, day)
SELECT DISTINCT a.guild_id, a.user_id, date(substr(a.at, 1, 19), z.shift)
FROM activity AS a JOIN temp.zone_shift AS z ON z.guild_id = a.guild_id
ORDER BY 1, 2, 3;

DROP TABLE temp.zone_shift;
