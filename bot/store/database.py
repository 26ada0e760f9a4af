"""The database the bot runs on: the engine and its repositories, opened in one call.

    db = await Database.open(path, clock=..., default_timezone=...)
    db.guilds    settings, the bot's own state, members        (bot/store/guilds.py)
    db.posts     the daily post ledger                         (bot/store/posts.py)
    db.quizzes   quiz sessions, items and attempts             (bot/store/quizzes.py)
    db.progress  reads, scoring and the progress aggregates    (bot/store/progress_repo.py)
    db.missions  confirmations, drafts, roster, notices        (bot/store/missions.py)
    db.audit     the organizers' audit log                     (bot/store/audit.py)

Every repository is a small class over the `Engine`; services take narrow protocols of them (bot/app.py
wires them). Every query filters by server, except the two start-up reads `guilds.list_guilds` and
`quizzes.open_channel_quizzes`.
"""

from __future__ import annotations

from pathlib import Path

from bot.config import DEFAULT_TIMEZONE
from bot.store.audit import AuditLog
from bot.store.connections import ConnectionThread
from bot.store.engine import Clock, Engine, ReaderPool, utc_now
from bot.store.guilds import GuildRecords
from bot.store.missions import MissionRecords
from bot.store.posts import PostLedger
from bot.store.progress_repo import ProgressRepo
from bot.store.quizzes import QuizRecords


class Database(Engine):
    """Open with `await Database.open(path)` (or `open_read_only`); close with `await db.close()`."""

    def __init__(
        self,
        path: Path,
        writer: ConnectionThread | None,
        reader: ReaderPool,
        *,
        clock: Clock,
        default_timezone: str,
        migrated_from: int,
        schema_version: int,
    ) -> None:
        super().__init__(
            path,
            writer,
            reader,
            clock=clock,
            default_timezone=default_timezone,
            migrated_from=migrated_from,
            schema_version=schema_version,
        )
        self.guilds = GuildRecords(self)
        self.posts = PostLedger(self)  # claim times on the real clock: see PostLedger
        self.quizzes = QuizRecords(self)
        self.progress = ProgressRepo(self)
        self.missions = MissionRecords(self)
        self.audit = AuditLog(self)

    @classmethod
    async def open(
        cls, path: Path | str, *, clock: Clock = utc_now, default_timezone: str = DEFAULT_TIMEZONE
    ) -> Database:
        """Create the parent folder, connect, set the PRAGMAs, run quick_check and the migrations.

        Raises DatabaseCorrupt (not a database, or quick_check failed), DatabaseTooNew (made by a newer
        studybot), MigrationError, or StoreError (cannot open the file).
        """
        path = Path(path)
        writer, reader, before, after = await cls._connect(path)
        return cls(
            path,
            writer,
            reader,
            clock=clock,
            default_timezone=default_timezone,
            migrated_from=before,
            schema_version=after,
        )
