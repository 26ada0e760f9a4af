"""The Docker mission's evidence rules against a table of real terminal output (tests/services/evidence_samples.py):
every real output of a working install passes; podman, a missing docker, a silent daemon and the mission's own
words pasted back do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.course import Mission
from bot.core.evidence import check_evidence, unwrap
from bot.core.loader import load_course
from tests.services import evidence_samples as samples

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(scope="module")
def mission() -> Mission:
    course = load_course(CONTENT / "docker-basics").course
    assert course is not None
    found = course.mission("docker-install")
    assert found is not None
    return found


@pytest.mark.parametrize("sample", samples.REAL_PASSING, ids=lambda s: s.name)
def test_real_output_of_a_working_install_passes(mission: Mission, sample: samples.Sample) -> None:
    result = check_evidence(mission, sample.text)
    assert result.passed, [(r.rule_id, r.hint) for r in result.missing]


@pytest.mark.parametrize("sample", samples.REFUSED, ids=lambda s: s.name)
def test_output_that_is_not_a_working_docker_is_refused(mission: Mission, sample: samples.Sample) -> None:
    result = check_evidence(mission, sample.text)
    assert not result.passed
    assert tuple(r.rule_id for r in result.missing) == sample.missing


def test_the_table_covers_what_the_mission_promises() -> None:
    names = {s.name for s in samples.REAL_PASSING}
    assert len(samples.REAL_PASSING) >= 20 and len(samples.REFUSED) >= 15
    assert {"docker-version-captured-28", "version-in-backticks", "text-before-version"} <= names
    assert sum(1 for n in names if n.startswith("greeting-wrapped")) >= 3
    assert sum(1 for s in samples.REFUSED if "podman" in s.name) >= 4


def test_the_missions_own_words_pasted_back_do_not_pass(mission: Mission) -> None:
    """Hints, labels and instructions name the output they ask for; none of them may stand in for it."""
    own_words = [mission.instructions, mission.title, *(r.hint for r in mission.evidence)]
    own_words += [r.label for r in mission.evidence]
    for text in [*own_words, "\n".join(own_words)]:
        result = check_evidence(mission, text)
        assert [r.rule_id for r in result.results if r.matched] == [], text[:60]


def test_a_wrapped_greeting_is_shown_back_as_pasted() -> None:
    course = load_course(CONTENT / "docker-basics").course
    assert course is not None
    mission = course.mission("docker-install")
    assert mission is not None
    result = check_evidence(mission, samples.CAPTURED_VERSION_28 + samples.hard_wrapped(samples.GREETING, 30))
    shown = {r.rule_id: r.excerpt for r in result.results}
    assert shown["version"] == "Docker version 28.2.2, build e6534b4"
    # the member's own text, line breaks shown as spaces, even where the terminal cut a word
    assert shown["hello-world"] == (
        "Hello from Docker! This message shows that your i nstallation appears to be work ing correctly"
    )


def test_unwrap_removes_line_breaks_and_remembers_where_each_character_was() -> None:
    text = "Hello from Docker!\nThis message shows that your installatio\n  n appears"
    joined, where = unwrap(text)
    assert joined == "Hello from Docker!This message shows that your installation appears"
    assert "".join(text[i] for i in where) == joined
