CREATE TABLE audit_log (
    audit_id  INTEGER PRIMARY KEY,
    guild_id  INTEGER NOT NULL REFERENCES guilds (guild_id),
    actor_id  INTEGER NOT NULL,
    action    TEXT NOT NULL,
    target_id INTEGER,
    detail    TEXT NOT NULL DEFAULT '',
    at        TEXT NOT NULL
);

CREATE TABLE bot_state (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE concept_reads (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    concept_id TEXT NOT NULL,
    read_at    TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id, concept_id),
    FOREIGN KEY (guild_id, user_id) REFERENCES members (guild_id, user_id)
);

CREATE TABLE guilds (
    guild_id          INTEGER PRIMARY KEY,
    channel_id        INTEGER,
    post_time         TEXT CHECK (post_time IS NULL OR post_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    timezone          TEXT,  -- NULL: the bot's default zone (STUDYBOT_TIMEZONE)
    paused            INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    organizer_role_id INTEGER,
    command_sync_hash TEXT
, paused_reason TEXT, schedule_since TEXT);

CREATE TABLE member_days (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    day      TEXT NOT NULL,  -- YYYY-MM-DD in the server's zone
    PRIMARY KEY (guild_id, user_id, day)
) WITHOUT ROWID;

CREATE TABLE member_points (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    points     INTEGER NOT NULL,
    reached_at TEXT NOT NULL,
    reads      INTEGER NOT NULL,  -- scoring events by kind, for the leaderboard line
    correct    INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) WITHOUT ROWID;

CREATE TABLE member_streaks (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    last_day TEXT NOT NULL,     -- the latest study day
    current  INTEGER NOT NULL,  -- the run of consecutive days ending at last_day
    longest  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) WITHOUT ROWID;

CREATE TABLE member_week_points (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    points     INTEGER NOT NULL,
    reached_at TEXT NOT NULL,
    reads      INTEGER NOT NULL,
    correct    INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) WITHOUT ROWID;

CREATE TABLE members (
    guild_id     INTEGER NOT NULL REFERENCES guilds (guild_id),
    user_id      INTEGER NOT NULL,
    display_name TEXT NOT NULL,
    first_seen   TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

CREATE TABLE mission_confirmations (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    mission_id TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('not_started', 'pending', 'confirmed', 'revoked')),
    evidence   TEXT CHECK (evidence IS NULL OR length(evidence) <= 4000),
    decided_by INTEGER,  -- the organizer who verified or revoked; NULL when the bot's check decided
    updated_at TEXT NOT NULL,
    reason     TEXT,
    PRIMARY KEY (guild_id, user_id, mission_id),
    FOREIGN KEY (guild_id, user_id) REFERENCES members (guild_id, user_id)
);

CREATE TABLE mission_drafts (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    mission_id TEXT NOT NULL,
    evidence   TEXT NOT NULL CHECK (length(evidence) <= 4000),
    missing    TEXT NOT NULL DEFAULT '',  -- the labels of the rules that failed, for the organizers
    created_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id, mission_id),
    FOREIGN KEY (guild_id, user_id) REFERENCES members (guild_id, user_id)
);

CREATE TABLE mission_notices (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    mission_id TEXT NOT NULL,
    reason     TEXT NOT NULL CHECK (length(reason) <= 500),
    created_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id, mission_id),
    FOREIGN KEY (guild_id, user_id) REFERENCES members (guild_id, user_id)
);

CREATE TABLE "posts" (
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

CREATE TABLE quiz_attempts (
    attempt_id  INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    session_id  INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    user_id     INTEGER NOT NULL,
    answer      TEXT NOT NULL CHECK (length(answer) <= 200),
    correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
    answered_at TEXT NOT NULL,
    UNIQUE (session_id, question_id, user_id),
    FOREIGN KEY (session_id, question_id) REFERENCES quiz_items (session_id, question_id),
    FOREIGN KEY (guild_id, user_id) REFERENCES members (guild_id, user_id)
);

CREATE TABLE quiz_items (
    session_id  INTEGER NOT NULL REFERENCES quiz_sessions (session_id),
    position    INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    PRIMARY KEY (session_id, position),
    UNIQUE (session_id, question_id)  -- a question never repeats within a session
);

CREATE TABLE quiz_sessions (
    session_id INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL REFERENCES guilds (guild_id),
    kind       TEXT NOT NULL CHECK (kind IN ('personal', 'channel')),
    user_id    INTEGER,  -- the member of a personal quiz; NULL for a channel quiz
    concept_id TEXT,     -- NULL: questions from the whole course
    channel_id INTEGER,
    message_id INTEGER,
    created_at TEXT NOT NULL,
    closes_at  TEXT,
    closed_at  TEXT,
    CHECK ((kind = 'personal') = (user_id IS NOT NULL)),
    CHECK (kind = 'personal' OR (channel_id IS NOT NULL AND closes_at IS NOT NULL)),
    FOREIGN KEY (guild_id, user_id) REFERENCES members (guild_id, user_id)
);

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

CREATE TABLE week_points_span (
    guild_id INTEGER PRIMARY KEY,
    since    TEXT NOT NULL,
    until    TEXT NOT NULL
);

CREATE INDEX audit_log_guild ON audit_log (guild_id, at);

CREATE INDEX concept_reads_concept ON concept_reads (guild_id, concept_id);

CREATE TRIGGER concept_reads_score AFTER INSERT ON concept_reads
BEGIN
    INSERT OR IGNORE INTO score_events (guild_id, user_id, kind, subject, points, at)
    VALUES (NEW.guild_id, NEW.user_id, 'read', NEW.concept_id, 10, NEW.read_at);
END;

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

CREATE INDEX member_points_rank ON member_points (guild_id, points DESC, reached_at, user_id);

CREATE INDEX member_streaks_last ON member_streaks (guild_id, last_day);

CREATE INDEX member_week_points_rank ON member_week_points (guild_id, points DESC, reached_at, user_id);

CREATE INDEX mission_confirmations_queue ON mission_confirmations (guild_id, mission_id, status, updated_at);

CREATE TRIGGER mission_confirmations_score_delete AFTER DELETE ON mission_confirmations
BEGIN
    DELETE FROM score_events
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND kind = 'mission' AND subject = OLD.mission_id
      AND day = '';
END;

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

CREATE INDEX posts_guild_status ON posts (guild_id, status, post_id);

CREATE INDEX quiz_attempts_member ON quiz_attempts (guild_id, user_id, answered_at);

CREATE INDEX quiz_attempts_member_question ON quiz_attempts (guild_id, user_id, question_id, correct);

CREATE INDEX quiz_attempts_question ON quiz_attempts (guild_id, question_id, correct);

CREATE INDEX quiz_attempts_review
    ON quiz_attempts (guild_id, user_id, question_id, answered_at DESC, attempt_id DESC, correct);

CREATE INDEX quiz_sessions_open_channel ON quiz_sessions (closes_at)
    WHERE kind = 'channel' AND closed_at IS NULL;

CREATE INDEX score_events_member ON score_events (guild_id, user_id, at, points, kind);

CREATE INDEX score_events_period ON score_events (guild_id, at, user_id, points, kind);

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
