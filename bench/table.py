"""The table `python -m bench` prints (markdown, so it can be pasted into bench/README.md as it is)."""

from __future__ import annotations

from bench.measure import Row


def _num(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit in ("answers/s",) or value >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:,.1f} {unit}"


def render(rows: list[Row]) -> str:
    lines = [
        "| | measure | value | baseline (same run) | ratio | target | note |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        baseline = f"{_num(row.baseline, row.unit)} ({row.baseline_what})" if row.baseline is not None else "—"
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        cells = [row.bench, row.what, _num(row.value, row.unit), baseline, ratio, row.target or "—", row.note]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
