-- Servers, the bot's own state, members, the daily posting ledger and concept reads.
-- Times are UTC ISO 8601 text with microseconds and "+00:00" (one format, so text order is time order).

CREATE TABLE guilds (
    guild_id          INTEGER PRIMARY KEY,
    channel_id        INTEGER,
    post_time         TEXT CHECK (post_time IS NULL OR post_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    timezone          TEXT,  -- NULL: the bot's default zone (STUDYBOT_TIMEZONE)
    paused            INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    organizer_role_id INTEGER,
    course_position   INTEGER NOT NULL DEFAULT 0 CHECK (course_position >= 0),
    command_sync_hash TEXT
);

CREATE TABLE bot_state (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE members (
    guild_id     INTEGER NOT NULL REFERENCES guilds (guild_id),
    user_id      INTEGER NOT NULL,
    display_name TEXT NOT NULL,
    first_seen   TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

-- One row per server and local day: claimed (pending) before posting, so a restart never posts twice.
CREATE TABLE posts (
    guild_id   INTEGER NOT NULL REFERENCES guilds (guild_id),
    local_date TEXT NOT NULL,  -- YYYY-MM-DD in the server's zone
    concept_id TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    message_id INTEGER,
    reason     TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, local_date)
);

CREATE TABLE concept_reads (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    concept_id TEXT NOT NULL,
    read_at    TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id, concept_id),
    FOREIGN KEY (guild_id, user_id) REFERENCES members (guild_id, user_id)
);
