-- Missions, part two. A draft is evidence that failed the bot's check, kept server-side so that the member
-- can still send it to the organizers with a button (the button's custom id carries no evidence). One
-- draft per member and mission, replaced by the next submission; drafts older than a day are refused and
-- purged. A notice is a message owed to a member (an organizer revoked their confirmation) that could not
-- be delivered by DM; it is shown on the member's next use of the bot, then deleted.

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

-- The organizers' review queue: a server's pending confirmations of a mission, oldest first.
CREATE INDEX mission_confirmations_queue ON mission_confirmations (guild_id, mission_id, status, updated_at);
