"""Run by test_crash.py as a subprocess: records answers as fast as it can, printing each member id once
the write that holds it has returned, until it is killed."""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from pathlib import Path

from bot.store import AnswerStatus, Database

IN_FLIGHT = 16


async def main(path: Path) -> None:
    db = await Database.open(path)
    quiz = await db.quizzes.create_quiz_session(1, ["q1"], channel_id=1, closes_at=db.clock() + timedelta(days=1))
    out = sys.stdout

    async def answer(user: int) -> None:
        status = await db.quizzes.add_attempt(1, user, f"멤버{user}", quiz.session_id, "q1", "A", user % 2 == 0)
        assert status is AnswerStatus.COUNTED
        out.write(f"{user}\n")
        out.flush()

    user = 0
    while True:
        await asyncio.gather(*(answer(user + i) for i in range(IN_FLIGHT)))
        user += IN_FLIGHT


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
