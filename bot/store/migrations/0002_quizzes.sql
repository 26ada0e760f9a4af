-- Quizzes: a personal quiz (one member, several questions) or a channel quiz (one question for the
-- channel until closes_at). An attempt is unique per question of a session and member, so a double
-- click records one answer.

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

CREATE INDEX quiz_sessions_open_channel ON quiz_sessions (closes_at)
    WHERE kind = 'channel' AND closed_at IS NULL;

CREATE TABLE quiz_items (
    session_id  INTEGER NOT NULL REFERENCES quiz_sessions (session_id),
    position    INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    PRIMARY KEY (session_id, position),
    UNIQUE (session_id, question_id)  -- a question never repeats within a session
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

CREATE INDEX quiz_attempts_member ON quiz_attempts (guild_id, user_id, answered_at);
