-- Mission confirmations (the current state per member and mission; no row = not_started) and the audit
-- log of organizer actions.

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

CREATE TABLE audit_log (
    audit_id  INTEGER PRIMARY KEY,
    guild_id  INTEGER NOT NULL REFERENCES guilds (guild_id),
    actor_id  INTEGER NOT NULL,
    action    TEXT NOT NULL,
    target_id INTEGER,
    detail    TEXT NOT NULL DEFAULT '',
    at        TEXT NOT NULL
);

CREATE INDEX audit_log_guild ON audit_log (guild_id, at);
