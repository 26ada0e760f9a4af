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
