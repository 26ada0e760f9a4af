"""Storage: SQLite (one writer thread, a pool of reader threads), numbered SQL migrations, repositories scoped by server."""

from bot.store.database import Database
from bot.store.engine import Clock, utc_now
from bot.store.errors import DatabaseCorrupt, DatabaseTooNew, DatabaseTooOld, MigrationError, StoreError
from bot.store.records import (
    AnswerStatus,
    AttemptRow,
    AuditEntry,
    Confirmation,
    ConfirmationChange,
    GuildSettings,
    Member,
    MissionStatus,
    PostKind,
    PostRecord,
    PostStatus,
    QuizKind,
    QuizSessionRecord,
)

__all__ = [
    "AnswerStatus",
    "AttemptRow",
    "AuditEntry",
    "Clock",
    "Confirmation",
    "ConfirmationChange",
    "Database",
    "DatabaseCorrupt",
    "DatabaseTooNew",
    "DatabaseTooOld",
    "GuildSettings",
    "Member",
    "MigrationError",
    "MissionStatus",
    "PostKind",
    "PostRecord",
    "PostStatus",
    "QuizKind",
    "QuizSessionRecord",
    "StoreError",
    "utc_now",
]
