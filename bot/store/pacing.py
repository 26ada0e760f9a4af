"""Long Python loops on worker threads (the export's thousands of rows) hand the GIL over now and then.

A thread that keeps the GIL makes the event loop wait for CPython's switch interval (5 ms) each time it wants
the GIL back, and an asyncio iteration wants it twice (around its select), so one busy worker delayed the loop
by about 10 ms, and up to 20 ms while the next piece of work was handed over (bench b, `/study export`).
`time.sleep(0)` releases the GIL at once, so the loop takes it when it is waiting instead of after the interval.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

EVERY = 200  # rows between hand-overs: well under a millisecond of work each, a negligible cost


def paced(items: Iterable[T], every: int = EVERY) -> Iterator[T]:
    """`items`, releasing the GIL after every `every` of them."""
    for count, item in enumerate(items, 1):
        yield item
        if count % every == 0:
            time.sleep(0)
