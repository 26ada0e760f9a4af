"""Helpers for scripts/container-test.sh: host facts, the fake Discord's control API, image and database checks.

Each subcommand prints what it found and exits 0, or prints `FAIL: ...` to stderr and exits 1. Run with
the project's venv from the checkout root: `python -m tests.container.ctl SUBCOMMAND ...`.
The fake Discord's port file (from `python -m tests.fakediscord --port-file F`) is named by $CT_FAKE_INFO.
"""

from __future__ import annotations

import argparse
import configparser
import glob
import json
import os
import sqlite3
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
# pip settings that only say where and how to reach an index: safe to forward into a build.
PIP_KEYS = ("index-url", "extra-index-url", "trusted-host", "proxy", "timeout", "default-timeout", "retries")
URL_KEYS = ("index-url", "extra-index-url", "proxy")


class Failed(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)


# -- host facts ----------------------------------------------------------------------------------------
def _apt_entries() -> list[tuple[str, list[str]]]:
    """(uri, suites) of every `deb` entry in /etc/apt/sources.list{,.d/*.list,.d/*.sources}."""
    entries: list[tuple[str, list[str]]] = []
    one_line = ["/etc/apt/sources.list", *sorted(glob.glob("/etc/apt/sources.list.d/*.list"))]
    for name in one_line:
        if not os.path.isfile(name):
            continue
        for line in Path(name).read_text(encoding="utf-8", errors="replace").splitlines():
            words = line.split("#", 1)[0].split()
            if len(words) >= 3 and words[0] == "deb":
                rest = [w for w in words[1:] if not w.startswith("[")]
                if len(rest) >= 2:
                    entries.append((rest[0], [rest[1]]))
    for name in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
        for stanza in Path(name).read_text(encoding="utf-8", errors="replace").split("\n\n"):
            fields: dict[str, str] = {}
            for line in stanza.splitlines():
                if line.startswith("#") or ":" not in line or line[0].isspace():
                    continue
                key, value = line.split(":", 1)
                fields[key.strip().lower()] = value.strip()
            if "deb" in fields.get("types", "").split() and fields.get("enabled", "yes").lower() != "no":
                for uri in fields.get("uris", "").split():
                    entries.append((uri, fields.get("suites", "").split()))
    return entries


def cmd_mirror(args: argparse.Namespace) -> None:
    """The Debian mirror this host's apt uses for `suite` (not a security or third-party archive)."""
    entries = [(u, s) for u, s in _apt_entries() if u.startswith(("http://", "https://"))]
    exact = [u for u, suites in entries if args.suite in suites and "security" not in u]
    debian = [u for u, _ in entries if u.rstrip("/").endswith("/debian")]
    found = exact or debian
    check(bool(found), f"no Debian mirror for {args.suite} in /etc/apt/sources.list.d: set STUDYBOT_CT_MIRROR")
    print(found[0])


def _pip_config_files() -> list[str]:
    """pip's configuration files in pip's order (later ones win): global, user, site, PIP_CONFIG_FILE."""
    xdg = os.environ.get("XDG_CONFIG_DIRS", "/etc/xdg").split(":")
    files = [os.path.join(d, "pip", "pip.conf") for d in xdg] + ["/etc/pip.conf"]
    home = Path.home()
    files += [str(home / ".pip" / "pip.conf"), str(home / ".config" / "pip" / "pip.conf")]
    if os.environ.get("VIRTUAL_ENV"):
        files.append(os.path.join(os.environ["VIRTUAL_ENV"], "pip.conf"))
    if os.environ.get("PIP_CONFIG_FILE"):
        files.append(os.environ["PIP_CONFIG_FILE"])
    return files


def _reachable_from_a_build(key: str, value: str) -> str:
    """Drop file:// and path values (the host's local wheel folders are not inside the build)."""
    if key not in URL_KEYS:
        return value
    kept = [v for v in value.split() if v.startswith(("http://", "https://"))]
    return " ".join(kept)


def cmd_pipconf(args: argparse.Namespace) -> None:
    """A pip.conf for the build holding only how this host reaches its package index (mirror, proxy,
    trusted hosts) plus `cert` = the CA bundle the build mounts read-only. Given to the build as a
    secret, so it never lands in a layer. Prints the forwarded keys, never their values."""
    settings: dict[str, str] = {}
    for name in _pip_config_files():
        if not os.path.isfile(name):
            continue
        parser = configparser.RawConfigParser()
        try:
            parser.read(name, encoding="utf-8")
        except configparser.Error:
            continue
        for section in ("global", "install"):
            if parser.has_section(section):
                for key in PIP_KEYS:
                    if parser.has_option(section, key):
                        settings[key] = parser.get(section, key).strip()
    for key in PIP_KEYS:
        value = os.environ.get("PIP_" + key.upper().replace("-", "_"))
        if value:
            settings[key] = value.strip()
    settings = {k: _reachable_from_a_build(k, v) for k, v in settings.items()}
    settings = {k: v for k, v in settings.items() if v}
    if os.path.isfile(CA_BUNDLE):
        settings["cert"] = CA_BUNDLE
    lines = ["[global]"] + [f"{k} = {v}" for k, v in sorted(settings.items())]
    out = Path(args.out)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out.chmod(0o600)
    print(", ".join(sorted(settings)) or "(nothing: PyPI)")


# -- the fake Discord ----------------------------------------------------------------------------------
def _fake_info() -> dict[str, Any]:
    path = os.environ.get("CT_FAKE_INFO")
    check(bool(path) and os.path.isfile(str(path)), "CT_FAKE_INFO does not name the fake's port file")
    info: dict[str, Any] = json.loads(Path(str(path)).read_text(encoding="utf-8"))
    return info


def _control(path: str, body: Any = None, timeout: float = 30.0) -> tuple[int, Any]:
    url = _fake_info()["control"] + path
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout + 10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def cmd_info(args: argparse.Namespace) -> None:
    print(_fake_info()[args.key])


def cmd_state(args: argparse.Namespace) -> None:
    _, state = _control("/state")
    if args.key:
        value = state[args.key]
        print(len(value) if args.count else json.dumps(value, ensure_ascii=False))
    else:
        print(json.dumps(state, ensure_ascii=False, indent=1))


def cmd_wait_identify(args: argparse.Namespace) -> None:
    status, body = _control(f"/wait-identify?count={args.count}&timeout={args.timeout}", timeout=args.timeout)
    check(status == 200, f"the bot did not log in to the fake Discord ({body})")
    print(f"gateway IDENTIFY #{body['identifies']} accepted, READY")


def cmd_wait_call(args: argparse.Namespace) -> None:
    query = urllib.parse.urlencode(
        {"method": args.method, "path": args.path, "count": args.count, "timeout": args.timeout}
    )
    status, body = _control(f"/wait?{query}", timeout=args.timeout)
    check(status == 200, f"no {args.method} {args.path} within {args.timeout}s ({body})")
    print("; ".join(body["found"]))


def _reply_text(reply: dict[str, Any]) -> str:
    parts = [reply.get("content") or ""]
    for embed in reply.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f.get('name')}: {f.get('value')}" for f in embed.get("fields") or []]
    return "\n".join(p for p in parts if p)


def cmd_slash(args: argparse.Namespace) -> None:
    options = dict(option.split("=", 1) for option in args.option or [])
    body = {
        "member": args.member,
        "command": args.command,
        "subcommand": args.subcommand,
        "options": options,
        "timeout": args.timeout,
    }
    status, answer = _control("/slash", body, timeout=args.timeout)
    check(status == 200, f"/{args.command} {args.subcommand or ''} got no reply: {answer}")
    text = _reply_text(answer["reply"])
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text.splitlines()[0] if text else "(empty reply)")


# -- the image -----------------------------------------------------------------------------------------
def cmd_check_image(args: argparse.Namespace) -> None:
    """The built image's configuration (from `podman image inspect`) and history (`podman history`)."""
    inspect = json.loads(Path(args.inspect).read_text(encoding="utf-8"))[0]
    config = inspect.get("Config") or {}
    env = dict(e.split("=", 1) for e in config.get("Env") or [])
    user = str(config.get("User") or "")
    uid = user.split(":", 1)[0]
    check(uid.isdigit() and int(uid) != 0, f"USER must be a numeric non-root id, is {user!r}")
    check(env.get("STUDYBOT_DB") == "/data/studybot.db", f"STUDYBOT_DB is {env.get('STUDYBOT_DB')!r}")
    check(env.get("PYTHONUNBUFFERED") == "1", "PYTHONUNBUFFERED=1 is not set")
    check(
        not any(k.startswith("DISCORD_TOKEN") for k in env), "the image sets DISCORD_TOKEN*: tokens are run-time only"
    )
    check("PIP_CONFIG_FILE" not in env, "the runtime image points pip at the build secret")
    check(config.get("Entrypoint") == ["studybot"] and config.get("Cmd") == ["run"], "ENTRYPOINT/CMD: studybot run")
    check(config.get("StopSignal") in ("SIGTERM", "15"), f"STOPSIGNAL is {config.get('StopSignal')!r}")
    check("/data" in (config.get("Volumes") or {}), "no VOLUME /data")
    health = inspect.get("Healthcheck") or inspect.get("HealthCheck") or config.get("Healthcheck") or {}
    check(health.get("Test") == ["CMD", "studybot", "health"], f"HEALTHCHECK is {health.get('Test')!r}")
    history = Path(args.history).read_text(encoding="utf-8")
    for secret in args.secret or []:
        check(secret not in history and secret not in json.dumps(inspect), "a build secret is in the image")
    check("ca-certificates.crt:ro" not in history, "the build's CA mount shows in the image history")
    print(f"user {user}, healthcheck {' '.join(health['Test'][1:])}, STUDYBOT_DB={env['STUDYBOT_DB']}, no token")


# -- the database on the volume ------------------------------------------------------------------------
def cmd_check_db(args: argparse.Namespace) -> None:
    path = Path(args.path)
    check(path.is_file(), f"no database at {path}")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        check(integrity == "ok", f"integrity_check: {integrity}")
        reads = db.execute("SELECT count(*) FROM concept_reads").fetchone()[0]
        check(reads == args.reads, f"{reads} concept reads, expected {args.reads}")
        keys = [row[0] for row in db.execute("SELECT key FROM bot_state WHERE key LIKE 'command_sync:%'")]
        check(bool(keys), "no command sync hash in bot_state")
        version = db.execute("PRAGMA user_version").fetchone()[0]
    finally:
        db.close()
    print(f"integrity ok, {reads} concept read(s), sync hash {keys[0]}, user_version {version}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.container.ctl")
    verbs = parser.add_subparsers(dest="verb", required=True)
    p = verbs.add_parser("mirror")
    p.add_argument("suite")
    p.set_defaults(handler=cmd_mirror)
    p = verbs.add_parser("pipconf")
    p.add_argument("out")
    p.set_defaults(handler=cmd_pipconf)
    p = verbs.add_parser("info")
    p.add_argument("key")
    p.set_defaults(handler=cmd_info)
    p = verbs.add_parser("state")
    p.add_argument("key", nargs="?")
    p.add_argument("--count", action="store_true")
    p.set_defaults(handler=cmd_state)
    p = verbs.add_parser("wait-identify")
    p.add_argument("count", type=int)
    p.add_argument("--timeout", type=float, default=60)
    p.set_defaults(handler=cmd_wait_identify)
    p = verbs.add_parser("wait-call")
    p.add_argument("method")
    p.add_argument("path")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--timeout", type=float, default=60)
    p.set_defaults(handler=cmd_wait_call)
    p = verbs.add_parser("slash")
    p.add_argument("member")
    p.add_argument("command")
    p.add_argument("subcommand", nargs="?")
    p.add_argument("--option", action="append", help="NAME=VALUE (a string option)")
    p.add_argument("--out")
    p.add_argument("--timeout", type=float, default=15)
    p.set_defaults(handler=cmd_slash)
    p = verbs.add_parser("check-image")
    p.add_argument("inspect")
    p.add_argument("history")
    p.add_argument("--secret", action="append")
    p.set_defaults(handler=cmd_check_image)
    p = verbs.add_parser("check-db")
    p.add_argument("path")
    p.add_argument("--reads", type=int, required=True)
    p.set_defaults(handler=cmd_check_db)
    args = parser.parse_args(argv)
    try:
        args.handler(args)
    except Failed as exc:
        print(f"FAIL: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
