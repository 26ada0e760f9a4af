"""Settings from the environment: one frozen object, validated at start with clear messages."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_COURSE = "docker-basics"
DEFAULT_TIMEZONE = "Asia/Seoul"
DEFAULT_API_BASE = "https://discord.com/api/v10"
DEFAULT_GATEWAY = "wss://gateway.discord.gg"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LOG_FORMATS = ("text", "json")
# A bot token is three base64url parts joined by dots; checking the shape catches pasted junk early.
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{10,}$")


class ConfigError(Exception):
    """A setting is wrong; the message says which and what to do."""


def default_content_dir() -> Path:
    """The bundled courses: inside the installed package, or the checkout's content/ folder."""
    package = Path(__file__).resolve().parent
    installed = package / "_content"
    if installed.is_dir():
        return installed
    return package.parent / "content"


def _zone(name: str, variable: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"{variable}={name!r} 은(는) 알 수 없는 시간대입니다. 'Asia/Seoul' 같은 IANA 이름을 쓰세요."
        ) from exc


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...], upper: bool) -> str:
    value = env.get(name, default).strip() or default
    value = value.upper() if upper else value.lower()
    if value not in allowed:
        raise ConfigError(f"{name}={value!r} 은(는) 쓸 수 없습니다. 가능한 값: {', '.join(allowed)}")
    return value


def _url(env: Mapping[str, str], name: str, default: str, schemes: tuple[str, ...]) -> str:
    value = env.get(name, "").strip() or default
    if not value.startswith(schemes):
        raise ConfigError(f"{name}={value!r} 은(는) {' 또는 '.join(schemes)} 로 시작하는 주소여야 합니다.")
    return value.rstrip("/")


@dataclass(frozen=True)
class Settings:
    db_path: Path
    content_dir: Path
    course_id: str
    timezone: str
    dev_guild: int | None
    api_base: str
    gateway: str
    log_level: str
    log_format: str
    health_file: Path
    log_http_debug: bool  # discord.http at DEBUG only when asked for: its lines are noisy
    token_env: str | None  # raw values; read through `token()` so a missing token only stops `run`
    token_file: str | None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        timezone = env.get("STUDYBOT_TIMEZONE", "").strip() or DEFAULT_TIMEZONE
        _zone(timezone, "STUDYBOT_TIMEZONE")
        dev_guild_text = env.get("STUDYBOT_DEV_GUILD", "").strip()
        dev_guild: int | None = None
        if dev_guild_text:
            if not dev_guild_text.isdigit():
                raise ConfigError(
                    f"STUDYBOT_DEV_GUILD={dev_guild_text!r} 은(는) 서버 ID(숫자)여야 합니다. "
                    "Discord 개발자 모드에서 서버를 우클릭해 'ID 복사'로 얻을 수 있습니다."
                )
            dev_guild = int(dev_guild_text)
        content = env.get("STUDYBOT_CONTENT", "").strip()
        content_dir = Path(content) if content else default_content_dir()
        if not content_dir.is_dir():
            raise ConfigError(f"STUDYBOT_CONTENT={str(content_dir)!r} 폴더가 없습니다.")
        return cls(
            db_path=Path(env.get("STUDYBOT_DB", "").strip() or "./data/studybot.db"),
            content_dir=content_dir,
            course_id=env.get("STUDYBOT_COURSE", "").strip() or DEFAULT_COURSE,
            timezone=timezone,
            dev_guild=dev_guild,
            api_base=_url(env, "STUDYBOT_DISCORD_API_BASE", DEFAULT_API_BASE, ("http://", "https://")),
            gateway=_url(env, "STUDYBOT_DISCORD_GATEWAY", DEFAULT_GATEWAY, ("ws://", "wss://")),
            log_level=_choice(env, "STUDYBOT_LOG_LEVEL", "INFO", LOG_LEVELS, upper=True),
            log_format=_choice(env, "STUDYBOT_LOG_FORMAT", "text", LOG_FORMATS, upper=False),
            health_file=Path(env.get("STUDYBOT_HEALTH_FILE", "").strip() or "/tmp/studybot.health"),
            log_http_debug=env.get("STUDYBOT_LOG_DISCORD_HTTP", "").strip().lower() in ("1", "true", "yes"),
            token_env=env.get("DISCORD_TOKEN"),
            token_file=env.get("DISCORD_TOKEN_FILE"),
        )

    @classmethod
    def from_env_and_flags(
        cls,
        *,
        content: Path | None = None,
        course: str | None = None,
        db: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> Settings:
        """The environment with a verb's command-line flags on top: every verb reads the same settings,
        and a flag that was given wins over its variable (checked by the same rules)."""
        merged = dict(os.environ if env is None else env)
        for name, value in (("STUDYBOT_CONTENT", content), ("STUDYBOT_COURSE", course), ("STUDYBOT_DB", db)):
            if value is not None:
                merged[name] = str(value)
        return cls.from_env(merged)

    def token(self) -> str:
        """The bot token, from DISCORD_TOKEN or the file named by DISCORD_TOKEN_FILE; never echoed."""
        token = (self.token_env or "").strip()
        if not token and self.token_file:
            try:
                token = Path(self.token_file).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(
                    f"DISCORD_TOKEN_FILE={self.token_file!r} 을(를) 읽을 수 없습니다 ({exc.strerror})."
                ) from exc
        if not token:
            raise ConfigError(
                "봇 토큰이 없습니다. DISCORD_TOKEN 또는 DISCORD_TOKEN_FILE 을 설정하세요 "
                "(Discord 개발자 포털 > Bot > Reset Token)."
            )
        if token.lower().startswith("bot "):
            token = token[4:].strip()
        if not _TOKEN_SHAPE.match(token):
            raise ConfigError(
                "봇 토큰의 형식이 올바르지 않습니다 (점으로 나뉜 세 부분이어야 합니다). "
                "개발자 포털에서 토큰을 다시 복사해 주세요."
            )
        return token
