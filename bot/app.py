"""The one object graph: settings, course, database and services, built in one place and passed in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings
from bot.core.course import Course
from bot.core.loader import CourseNotFound, load_named_course
from bot.services.concepts import ConceptService
from bot.services.daily_posts import DailyPostService
from bot.services.export import ExportService
from bot.services.guild_settings import GuildSettingsService
from bot.services.mission_roster import MissionRoster
from bot.services.missions import MissionService
from bot.services.progress import ProgressService
from bot.services.quizzes import QuizService
from bot.services.schedules import ScheduleService
from bot.store.database import Database
from bot.store.engine import Clock, utc_now
from bot.store.posts import PostLedger


class CourseUnavailable(Exception):
    """The configured course cannot be loaded; the message lists what is wrong."""


def load_configured_course(settings: Settings) -> Course:
    try:
        load = load_named_course(settings.content_dir, settings.course_id)
    except CourseNotFound as exc:
        raise CourseUnavailable(str(exc)) from exc
    if load.course is None:
        details = "; ".join(str(e) for e in load.errors[:5])
        raise CourseUnavailable(f"코스 '{settings.course_id}'에 오류가 있습니다 (studybot check 로 확인): {details}")
    return load.course


@dataclass
class Services:
    """Every service, wired to the store's repositories. `build_services` is the one place that does it."""

    progress: ProgressService
    concepts: ConceptService
    exports: ExportService
    guild_settings: GuildSettingsService
    quizzes: QuizService
    missions: MissionService
    mission_roster: MissionRoster
    daily_posts: DailyPostService
    schedules: ScheduleService


def build_services(db: Database, course: Course, *, clock: Clock, default_timezone: str) -> Services:
    """The services over `db`'s repositories; each takes only the narrow protocols it uses."""
    progress = ProgressService(course, db.progress, db.guilds, clock=clock)
    daily_posts = DailyPostService(course, db.posts, db.guilds, db.audit, progress, clock=clock)
    concepts = ConceptService(course, progress, daily_posts)
    return Services(
        progress=progress,
        concepts=concepts,
        exports=ExportService(course, progress, db.guilds, db.audit, clock=clock),
        guild_settings=GuildSettingsService(db.guilds, db.audit),
        quizzes=QuizService(course, db.quizzes, db.progress, db.posts, db.guilds, concepts, clock=clock),
        missions=MissionService(course, db.missions, db.guilds, clock=clock),
        mission_roster=MissionRoster(course, db.missions, db.guilds),
        daily_posts=daily_posts,
        schedules=ScheduleService(
            db.guilds, db.audit, daily_posts, db.posts, default_timezone=default_timezone, clock=clock
        ),
    )


@dataclass
class App:
    settings: Settings
    course: Course
    db: Database
    progress: ProgressService
    concepts: ConceptService
    exports: ExportService
    guild_settings: GuildSettingsService
    quizzes: QuizService
    missions: MissionService
    posts: PostLedger
    daily_posts: DailyPostService
    schedules: ScheduleService
    clock: Clock  # "now" for every service; the console and tests give a simulated clock
    mission_roster: MissionRoster

    @property
    def course_folder(self) -> Path:
        return Path(self.course.folder)

    @classmethod
    async def build(cls, settings: Settings, course: Course | None = None, *, clock: Clock = utc_now) -> App:
        # `clock` is the one time source of the database and so of every service (the console's simulated time).
        course = course or load_configured_course(settings)
        db = await Database.open(settings.db_path, clock=clock, default_timezone=settings.timezone)
        services = build_services(db, course, clock=clock, default_timezone=settings.timezone)
        return cls(
            settings=settings,
            course=course,
            db=db,
            posts=db.posts,
            clock=clock,
            progress=services.progress,
            concepts=services.concepts,
            exports=services.exports,
            guild_settings=services.guild_settings,
            quizzes=services.quizzes,
            missions=services.missions,
            mission_roster=services.mission_roster,
            daily_posts=services.daily_posts,
            schedules=services.schedules,
        )

    async def close(self) -> None:
        await self.db.close()
