-- The weekly leaderboard (and the week's rank on /progress) read kept totals instead of summing the week's
-- events of every member who ever scored.
--
--   week_points_span    per server, the week member_week_points holds: [since, until) as stored times (UTC),
--                       the server's local Monday 00:00 and the next one. SQLite knows no time zones, so the
--                       application sets it (ProgressRepo, when a week's ranking is asked for a new week or
--                       after the server's zone changed) and fills the week's totals from score_events once.
--   member_week_points  each member's totals over the events of that week, kept by the triggers below for
--                       every scoring event (answers, reads, missions confirmed or revoked).
--
-- Existing databases start with no span: the first weekly ranking of a server fills it.

CREATE TABLE week_points_span (
    guild_id INTEGER PRIMARY KEY,
    since    TEXT NOT NULL,
    until    TEXT NOT NULL
);

CREATE TABLE member_week_points (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    points     INTEGER NOT NULL,
    reached_at TEXT NOT NULL,
    reads      INTEGER NOT NULL,
    correct    INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) WITHOUT ROWID;

CREATE INDEX member_week_points_rank ON member_week_points (guild_id, points DESC, reached_at, user_id);

CREATE TRIGGER score_events_week_add AFTER INSERT ON score_events
WHEN EXISTS (SELECT 1 FROM week_points_span
             WHERE guild_id = NEW.guild_id AND NEW.at >= since AND NEW.at < until)
BEGIN
    INSERT INTO member_week_points (guild_id, user_id, points, reached_at, reads, correct)
    VALUES (NEW.guild_id, NEW.user_id, NEW.points, NEW.at, NEW.kind = 'read', NEW.kind = 'correct')
    ON CONFLICT (guild_id, user_id) DO UPDATE SET
        points = points + excluded.points,
        reached_at = max(reached_at, excluded.reached_at),
        reads = reads + excluded.reads,
        correct = correct + excluded.correct;
END;

CREATE TRIGGER score_events_week_remove AFTER DELETE ON score_events
WHEN EXISTS (SELECT 1 FROM week_points_span
             WHERE guild_id = OLD.guild_id AND OLD.at >= since AND OLD.at < until)
BEGIN
    UPDATE member_week_points SET
        points = points - OLD.points,
        reads = reads - (OLD.kind = 'read'),
        correct = correct - (OLD.kind = 'correct'),
        reached_at = coalesce(
            (SELECT max(e.at) FROM score_events AS e, week_points_span AS w
             WHERE w.guild_id = OLD.guild_id AND e.guild_id = OLD.guild_id AND e.user_id = OLD.user_id
               AND e.at >= w.since AND e.at < w.until), '')
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id;
END;

-- /quiz start reads only the latest answers of each question a member answered (the review box depends on
-- the last TOP_BOX - 1 of them, bot.core.review), newest first within each question, from this index.
CREATE INDEX quiz_attempts_review
    ON quiz_attempts (guild_id, user_id, question_id, answered_at DESC, attempt_id DESC, correct);
