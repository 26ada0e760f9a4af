"""Static checks of Dockerfile, compose.yaml, .dockerignore and .env.example (no container engine needed).

The image itself is built and run by scripts/container-test.sh; these catch drift early and cheaply.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

CHECKOUT = Path(__file__).resolve().parents[2]


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    text = (CHECKOUT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    out = []
    for line in joined.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def runtime_stage() -> list[tuple[str, str]]:
    found = instructions()
    last_from = max(i for i, (word, _) in enumerate(found) if word == "FROM")
    return found[last_from:]


def settings_read_by_the_bot() -> set[str]:
    names: set[str] = set()
    for source in ("bot/config.py", "bot/cli/health.py"):
        text = (CHECKOUT / source).read_text(encoding="utf-8")
        names |= set(re.findall(r"\"((?:STUDYBOT|DISCORD)_[A-Z_]+)\"", text))
    return names


def test_dockerfile_is_multi_stage_on_a_versioned_slim_python() -> None:
    found = instructions()
    assert ("ARG", "PYTHON_VERSION=3.11") in found
    froms = [args for word, args in found if word == "FROM"]
    assert len(froms) == 2
    assert all(f.startswith("python:${PYTHON_VERSION}-slim") for f in froms)
    copies = [args for word, args in runtime_stage() if word == "COPY"]
    assert any(c.startswith("--from=build /opt/") for c in copies)


def test_runtime_stage_runs_studybot_as_a_numeric_non_root_user() -> None:
    stage = dict(runtime_stage())
    user = stage["USER"]
    uid = user.split(":")[0]
    assert uid.isdigit() and int(uid) != 0
    assert json.loads(stage["ENTRYPOINT"]) == ["studybot"]
    assert json.loads(stage["CMD"]) == ["run"]
    assert stage["STOPSIGNAL"] == "SIGTERM"
    assert json.loads(stage["VOLUME"]) == ["/data"]
    health = stage["HEALTHCHECK"]
    assert health.endswith('CMD ["studybot", "health"]')
    env = " ".join(args for word, args in runtime_stage() if word == "ENV")
    assert "STUDYBOT_DB=/data/studybot.db" in env
    assert "PYTHONUNBUFFERED=1" in env


def test_no_token_is_baked_in() -> None:
    for word, args in instructions():
        if word in ("ENV", "ARG", "LABEL"):
            assert "DISCORD_TOKEN" not in args, (word, args)


def test_dockerignore_sends_only_what_the_package_needs() -> None:
    lines = [
        line.strip()
        for line in (CHECKOUT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "*"
    included = {line[1:].rstrip("/") for line in lines if line.startswith("!")}
    assert included == {"pyproject.toml", "README.md", "bot", "content"}
    copied = {args.split()[0] for word, args in instructions() if word == "COPY" and not args.startswith("--from")}
    assert {c.rstrip("/") for c in copied} <= included


def test_compose_runs_one_service_with_its_volume_init_restart_and_healthcheck() -> None:
    compose = yaml.safe_load((CHECKOUT / "compose.yaml").read_text(encoding="utf-8"))
    (name, service), *others = compose["services"].items()
    assert others == []
    assert service["init"] is True
    assert service["restart"] == "unless-stopped"
    assert service["env_file"] in (".env", [".env"])
    volume, target = service["volumes"][0].split(":")[:2]
    assert target == "/data" and volume in compose["volumes"]
    assert service["healthcheck"]["test"] == ["CMD", "studybot", "health"]
    assert "ports" not in service  # the bot only connects out
    assert name == "studybot"


def test_env_example_names_only_real_settings() -> None:
    known = settings_read_by_the_bot()
    text = (CHECKOUT / ".env.example").read_text(encoding="utf-8")
    names = re.findall(r"^([A-Z_]+)=", text, flags=re.MULTILINE)
    assert "DISCORD_TOKEN" in names
    assert set(names) <= known, set(names) - known
    assert re.search(r"^DISCORD_TOKEN=$", text, flags=re.MULTILINE), "the example must not hold a token"


def test_readme_deploy_section_documents_every_setting() -> None:
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    assert "\n## Deploy\n" in readme
    deploy = readme.split("\n## Deploy\n", 1)[1].split("\n## ", 1)[0]
    missing = sorted(name for name in settings_read_by_the_bot() if f"`{name}`" not in deploy)
    assert missing == [], f"add these to the configuration table in README.md (Deploy): {missing}"
