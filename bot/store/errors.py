"""Errors of the storage layer, with messages an operator can act on."""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do."""


class DatabaseTooNew(StoreError):
    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"데이터베이스 스키마 버전 {found} 은(는) 이 studybot 이 아는 버전 {supported} 보다 새롭습니다. "
            "더 새 버전의 studybot 으로 실행하거나, 이 버전으로 만든 백업에서 복원하세요."
        )
        self.found = found
        self.supported = supported


class DatabaseCorrupt(StoreError):
    """The file is not a SQLite database, or its integrity check failed."""


class MigrationError(StoreError):
    """A migration failed; it was rolled back and the database stays at the previous version."""


class DatabaseTooOld(StoreError):
    """Opened read-only (export, ...) but the schema is older than the code's; only the bot migrates."""

    def __init__(self, found: int, expected: int) -> None:
        super().__init__(
            f"데이터베이스 스키마 버전 {found} 은(는) 이 studybot 이 기대하는 버전 {expected} 보다 오래되었습니다. "
            "이 명령은 데이터베이스를 바꾸지 않아요. 새 버전의 봇을 한 번 실행해 마이그레이션한 뒤 다시 시도하세요."
        )
        self.found = found
        self.expected = expected
