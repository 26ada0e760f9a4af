#!/usr/bin/env bash
# Container test: lint the Dockerfile, build the image and run it against the project's fake Discord.
#
# Needs no Docker engine and no Docker Hub: buildah builds, podman runs (with runc), and when the base
# image python:X.Y-slim is not in podman's storage a stand-in is made from Debian (debootstrap) and kept
# there for the next run. Run from anywhere, as root (apt-get installs what is missing):
#     bash scripts/container-test.sh
# Settings (environment): STUDYBOT_CT_MIRROR (Debian mirror for the stand-in; default: this host's apt
# mirror), STUDYBOT_CT_KEEP=1 (keep the work folder with logs and the calls file).
#
# It proves, in this order:
#   hadolint passes at --failure-threshold warning; the image builds (multi-stage, nothing secret baked);
#   its configuration (numeric non-root USER, HEALTHCHECK, STOPSIGNAL, /data volume, no token);
#   `studybot check` passes inside; without a token it stops with exit code 2 and one clear line;
#   container 1 (token as a secret file, read-only root, no capabilities) logs in, syncs the commands,
#   is healthy, answers /concept today, writes the database into the volume, backs up online, and
#   `podman stop` ends it with exit code 0;
#   container 2, started from compose.yaml on the same volume, logs in without syncing again (the sync
#   hash is in the database), is healthy, shows the concept read in container 1, and stops with 0;
#   the README's restore steps (stop, `compose run` copying the backup back) bring the backup's data back.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

START=$SECONDS
RUN_ID="ct$$"
IMAGE="localhost/studybot:container-test"
PROJECT="studybot-$RUN_ID"            # compose project: the volume is "${PROJECT}_studybot-data"
VOLUME="${PROJECT}_studybot-data"
C1="studybot-$RUN_ID-run"
WORK=$(mktemp -d /tmp/studybot-ct.XXXXXX)
FAKE_PID=""
BUILT=""
BACKED_UP=""
PROVEN=()

step() { printf '\n== [%3ds] %s\n' "$((SECONDS - START))" "$*"; }
ok() {
  printf '   ok: %s\n' "$*"
  PROVEN+=("$*")
}
fail() {
  printf '\ncontainer-test: FAIL: %s\n' "$*" >&2
  exit 1
}

# -- cleanup: containers, pod, volume, the fake; on failure first what helps to see why ---------------
cleanup() {
  local status=$?
  set +e
  if [ "$status" -ne 0 ]; then
    echo "--- diagnostics (exit status $status) ---" >&2
    for c in $(podman ps -a --format '{{.Names}}' 2>/dev/null | grep -E "studybot-${RUN_ID}([-_]|$)"); do
      echo "--- podman logs $c (last 40 lines)" >&2
      podman logs --tail 40 "$c" >&2 2>&1
    done
    [ -f "$WORK/fake.log" ] && { echo "--- fake Discord log" >&2; tail -20 "$WORK/fake.log" >&2; }
    [ -f "$WORK/calls.jsonl" ] && { echo "--- last calls to the fake" >&2; tail -15 "$WORK/calls.jsonl" >&2; }
    [ -f "$WORK/build.log" ] && [ -z "$BUILT" ] && { echo "--- build log (last 30 lines)" >&2; tail -30 "$WORK/build.log" >&2; }
  fi
  if [ -f "$WORK/compose/compose.yaml" ] && [ -x "$VENV/bin/podman-compose" ]; then
    (cd "$WORK/compose" && timeout 60 "$VENV/bin/podman-compose" -p "$PROJECT" -f compose.yaml \
      -f compose.test.yaml down -t 5 >/dev/null 2>&1)
  fi
  for c in $(podman ps -a --format '{{.Names}}' 2>/dev/null | grep -E "studybot-${RUN_ID}([-_]|$)"); do
    podman rm -f -t 2 "$c" >/dev/null 2>&1
  done
  for p in $(podman pod ls --format '{{.Name}}' 2>/dev/null | grep -E "studybot-${RUN_ID}([-_]|$)"); do
    podman pod rm -f "$p" >/dev/null 2>&1
  done
  podman volume rm -f "$VOLUME" >/dev/null 2>&1
  if [ -n "$FAKE_PID" ] && kill -0 "$FAKE_PID" 2>/dev/null; then
    kill -TERM "$FAKE_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$FAKE_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$FAKE_PID" 2>/dev/null
  fi
  if [ "${STUDYBOT_CT_KEEP:-}" = 1 ] || [ "$status" -ne 0 ]; then
    echo "container-test: work folder kept: $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Poll a command until it succeeds or `seconds` pass: wait_until SECONDS WHAT COMMAND...
wait_until() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "timed out after ${seconds}s waiting for $what"
    sleep 1
  done
}

# -- 1. tools ------------------------------------------------------------------------------------------
step "tools: python venv, hadolint, podman-compose, podman/buildah/debootstrap/runc"
if [ -x .venv/bin/python ]; then
  VENV="$ROOT/.venv"
else
  VENV="$WORK/venv"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -e '.[test]' >"$WORK/pip.log" 2>&1 || { cat "$WORK/pip.log"; fail "pip install failed"; }
fi
PY="$VENV/bin/python"
# hadolint and podman-compose come from the `container` extra of pyproject.toml.
if [ ! -x "$VENV/bin/hadolint" ] || [ ! -x "$VENV/bin/podman-compose" ]; then
  "$PY" -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['optional-dependencies']['container']))" \
    >"$WORK/container-requirements.txt"
  "$VENV/bin/pip" install -q -r "$WORK/container-requirements.txt" >>"$WORK/pip.log" 2>&1 ||
    { cat "$WORK/pip.log"; fail "pip install of the container extra failed"; }
fi
missing=()
for bin in podman buildah debootstrap runc; do command -v "$bin" >/dev/null || missing+=("$bin"); done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    fail "missing ${missing[*]}: install debootstrap buildah podman runc (needs root and apt-get)"
  fi
  echo "   installing debootstrap buildah podman runc"
  apt-get update -qq >"$WORK/apt.log" 2>&1 || { tail -20 "$WORK/apt.log"; fail "apt-get update failed"; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap buildah podman runc >>"$WORK/apt.log" 2>&1 ||
    { tail -20 "$WORK/apt.log"; fail "apt-get install failed"; }
fi
# crun fails here on setrlimit and on hybrid cgroups: runc, explicit ulimits, no systemd.
{
  echo '[containers]'
  echo 'default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]'
  echo '[engine]'
  echo 'runtime = "runc"'
  echo 'cgroup_manager = "cgroupfs"'
  echo 'events_logger = "file"'
  for init in /usr/libexec/podman/catatonit /usr/bin/catatonit; do
    if [ -x "$init" ]; then echo "init_path = \"$init\""; break; fi
  done
} >"$WORK/containers.conf"
export CONTAINERS_CONF="$WORK/containers.conf"
ok "tools ready ($(podman --version), $(buildah --version | cut -d' ' -f1-3))"

# -- 2. lint -------------------------------------------------------------------------------------------
step "hadolint Dockerfile (--failure-threshold warning)"
"$VENV/bin/hadolint" --failure-threshold warning Dockerfile || fail "hadolint found problems in the Dockerfile"
ok "hadolint: no warnings or errors"

# -- 3. base image: the real one if present, else a Debian stand-in kept in podman's storage -----------
PYTHON_VERSION=$(sed -n 's/^ARG PYTHON_VERSION=//p' Dockerfile | head -n 1)
BASE="docker.io/library/python:${PYTHON_VERSION}-slim"
step "base image $BASE"
if podman image exists "$BASE"; then
  ok "base image $BASE present (cached)"
else
  [ "$PYTHON_VERSION" = 3.11 ] || fail "the Debian stand-in has Python 3.11, the Dockerfile asks for $PYTHON_VERSION"
  mirror=${STUDYBOT_CT_MIRROR:-$("$PY" -m tests.container.ctl mirror bookworm)} || fail "no Debian mirror"
  echo "   debootstrap bookworm from $mirror (about a minute)"
  rootfs="$WORK/rootfs"
  debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,python-is-python3 \
    bookworm "$rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1 ||
    { tail -20 "$WORK/debootstrap.log"; fail "debootstrap failed"; }
  # Like the slim image: no package lists, caches, manuals or translations.
  rm -rf "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
  tar -C "$rootfs" -c . | podman import \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["python3"]' \
    --message "studybot container-test: Debian bookworm stand-in for $BASE" - "$BASE" >"$WORK/import.log" 2>&1 ||
    { cat "$WORK/import.log"; fail "podman import of the stand-in failed"; }
  rm -rf "$rootfs"
  ok "stand-in base image $BASE imported from debootstrap"
fi

# -- 4. build --------------------------------------------------------------------------------------------
step "buildah bud -> $IMAGE"
pip_keys=$("$PY" -m tests.container.ctl pipconf "$WORK/pip.conf")
echo "   pip settings given to the build as a secret: $pip_keys"
build_args=(--pull=never --isolation chroot --format docker --layers --secret "id=pipconf,src=$WORK/pip.conf")
# Outbound HTTPS may pass a CA that only the host trusts: lend the build the host bundle, read-only.
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  build_args+=(-v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro)
fi
build_started=$SECONDS
buildah bud "${build_args[@]}" -t "$IMAGE" -f Dockerfile . >"$WORK/build.log" 2>&1 ||
  fail "the image did not build (log below)"
BUILT=1
size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
ok "image built in $((SECONDS - build_started))s, $((size / 1000000)) MB"

podman image inspect "$IMAGE" >"$WORK/inspect.json"
podman history --no-trunc --format '{{.CreatedBy}}' "$IMAGE" >"$WORK/history.txt"
secrets_args=()
while read -r word; do [ -n "$word" ] && secrets_args+=(--secret "$word"); done < <(
  sed -n 's/^[a-z-]*url = //p' "$WORK/pip.conf" | tr ' ' '\n'
)
"$PY" -m tests.container.ctl check-image "$WORK/inspect.json" "$WORK/history.txt" "${secrets_args[@]}" >/dev/null ||
  fail "the image configuration is wrong"
podman run --rm --no-healthcheck --network none --entrypoint sh "$IMAGE" -c 'test ! -e /run/secrets/pipconf' ||
  fail "the build's pip secret is inside the image"
ok "image config: numeric non-root user, HEALTHCHECK studybot health, STOPSIGNAL SIGTERM, VOLUME /data, no token or build secret"

podman run --rm --no-healthcheck --runtime runc --network none "$IMAGE" check >"$WORK/check.log" 2>&1 ||
  { cat "$WORK/check.log"; fail "studybot check failed inside the image"; }
ok "studybot check passes inside the image ($(tail -n 1 "$WORK/check.log"))"

set +e
podman run --rm --no-healthcheck --runtime runc --network none "$IMAGE" >"$WORK/notoken.log" 2>&1
code=$?
set -e
if [ "$code" != 2 ] || ! grep -q DISCORD_TOKEN "$WORK/notoken.log"; then
  cat "$WORK/notoken.log"
  fail "without a token the bot should stop with exit code 2 and name DISCORD_TOKEN (got $code)"
fi
ok "no token baked in: without DISCORD_TOKEN it exits 2 saying so"

# -- 5. the fake Discord ---------------------------------------------------------------------------------
step "fake Discord on 127.0.0.1"
TOKEN=$("$PY" -c 'from tests.discord_app.conftest import TOKEN; print(TOKEN)')
export CT_FAKE_INFO="$WORK/fake.json"
"$PY" -m tests.fakediscord --port-file "$CT_FAKE_INFO" --token "$TOKEN" --calls-file "$WORK/calls.jsonl" \
  >"$WORK/fake.log" 2>&1 &
FAKE_PID=$!
wait_until 30 "the fake Discord's port file" test -s "$CT_FAKE_INFO"
kill -0 "$FAKE_PID" 2>/dev/null || fail "the fake Discord exited"
API_BASE=$("$PY" -m tests.container.ctl info api_base)
GATEWAY=$("$PY" -m tests.container.ctl info gateway)
ok "fake Discord at $API_BASE"

# -- 6. container 1: podman run, token as a secret file, read-only, no capabilities ------------------
step "container 1: podman run (token in a secret file, read-only root, no capabilities, no init)"
# A Docker secret is a read-only file mount; the container's user (10001) must be able to read it.
printf '%s\n' "$TOKEN" >"$WORK/token"
chown 10001:10001 "$WORK/token"
chmod 400 "$WORK/token"
podman volume create "$VOLUME" >/dev/null
podman run -d --name "$C1" --runtime runc --network host \
  --read-only --cap-drop all --security-opt no-new-privileges \
  --health-interval disable \
  -v "$WORK/token:/run/secrets/discord_token:ro" \
  -e DISCORD_TOKEN_FILE=/run/secrets/discord_token \
  -e STUDYBOT_DISCORD_API_BASE="$API_BASE" -e STUDYBOT_DISCORD_GATEWAY="$GATEWAY" \
  -v "$VOLUME:/data" "$IMAGE" >"$WORK/run1.log" 2>&1 || { cat "$WORK/run1.log"; fail "podman run failed"; }
"$PY" -m tests.container.ctl wait-identify 1 --timeout 90 >/dev/null || fail "container 1 did not log in"
"$PY" -m tests.container.ctl wait-call PUT '^/applications/\d+/commands$' --timeout 30 >/dev/null ||
  fail "container 1 did not sync its commands"
ok "container 1 logged in (gateway IDENTIFY accepted) and synced the commands (PUT /applications/{app}/commands)"

wait_until 60 "container 1 to be healthy" podman healthcheck run "$C1"
ok "podman healthcheck run $C1: healthy (studybot health reads a fresh heartbeat)"

"$PY" -m tests.container.ctl slash minsu concept list --out "$WORK/list1.txt" >/dev/null
[ "$(grep -c '✅' "$WORK/list1.txt" || true)" = 0 ] || fail "a fresh database already shows read concepts"
today=$("$PY" -m tests.container.ctl slash minsu concept today)
ok "/concept today as minsu answered: $today"

mountpoint=$(podman volume inspect --format '{{.Mountpoint}}' "$VOLUME")
[ -f "$mountpoint/studybot.db" ] || fail "no studybot.db in the volume ($mountpoint)"
[ -z "$(podman diff "$C1" | grep -E 'studybot\.db' || true)" ] || fail "a database was written outside /data"
ok "the database is in the mounted volume: $VOLUME -> /data/studybot.db"

if podman exec "$C1" studybot backup --help >/dev/null 2>&1; then
  podman exec "$C1" studybot backup /data/backup.db >"$WORK/backup.log" 2>&1 ||
    { cat "$WORK/backup.log"; fail "studybot backup failed in the running container"; }
  "$PY" -m tests.container.ctl check-db "$mountpoint/backup.db" --reads 1 >/dev/null ||
    fail "the online backup is not a complete copy"
  ok "studybot backup while running: $(head -n 1 "$WORK/backup.log")"
  BACKED_UP=1
else
  echo "   (no \`studybot backup\` in this version: online backup not checked)"
fi

stop_started=$SECONDS
timeout 60 podman stop -t 30 "$C1" >>"$WORK/podman.log" 2>&1 || fail "podman stop $C1 failed"
code=$(podman inspect --format '{{.State.ExitCode}}' "$C1")
podman logs "$C1" >"$WORK/c1.log" 2>&1
[ "$code" = 0 ] || fail "container 1 exited with $code after podman stop (SIGTERM), not 0"
grep -q 'stopped' "$WORK/c1.log" || fail "container 1 did not log its clean stop"
! grep -qF "$TOKEN" "$WORK/c1.log" || fail "the token appears in container 1's logs"
ok "podman stop (SIGTERM to PID 1): exit code 0 after $((SECONDS - stop_started))s, logged 'stopped', token not in the logs"
db_facts=$("$PY" -m tests.container.ctl check-db "$mountpoint/studybot.db" --reads 1) ||
  fail "the database in the volume is not as expected"
ok "database in the volume after the stop: $db_facts"

# -- 7. container 2: compose.yaml on the same volume ---------------------------------------------------
step "container 2: podman-compose with compose.yaml (init, env_file, named volume, healthcheck) on the same volume"
mkdir -p "$WORK/compose"
cp compose.yaml "$WORK/compose/compose.yaml"
printf 'DISCORD_TOKEN=%s\n' "$TOKEN" >"$WORK/compose/.env"
chmod 600 "$WORK/compose/.env"
# The test's only differences: this image, the host network (the fake is on 127.0.0.1), the fake's URLs.
cat >"$WORK/compose/compose.test.yaml" <<EOF
services:
  studybot:
    image: $IMAGE
    pull_policy: never
    network_mode: host
    environment:
      STUDYBOT_DISCORD_API_BASE: "$API_BASE"
      STUDYBOT_DISCORD_GATEWAY: "$GATEWAY"
EOF
syncs_before=$("$PY" -m tests.container.ctl state command_syncs --count)
(cd "$WORK/compose" && timeout 120 "$VENV/bin/podman-compose" -p "$PROJECT" -f compose.yaml -f compose.test.yaml \
  --podman-run-args="--runtime runc" up -d --no-build >"$WORK/compose-up.log" 2>&1) ||
  { cat "$WORK/compose-up.log"; fail "podman-compose up failed"; }
C2=$(podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}' | head -n 1)
[ -n "$C2" ] || { cat "$WORK/compose-up.log"; fail "compose started no container"; }
[ "$(podman inspect --format '{{range .Mounts}}{{.Name}}{{end}}' "$C2")" = "$VOLUME" ] ||
  fail "the compose container does not use the volume $VOLUME"
compose_facts=$(podman inspect --format \
  'init={{.HostConfig.Init}} restart={{.HostConfig.RestartPolicy.Name}} read_only={{.HostConfig.ReadonlyRootfs}}' "$C2")
[ "$compose_facts" = "init=true restart=unless-stopped read_only=true" ] ||
  fail "compose.yaml did not give the container init, restart and read-only as expected: $compose_facts"
"$PY" -m tests.container.ctl wait-identify 2 --timeout 90 >/dev/null || fail "container 2 did not log in"
wait_until 60 "container 2 to be healthy" podman healthcheck run "$C2"
podman logs "$C2" >"$WORK/c2.log" 2>&1
grep -q 'commands unchanged since the last sync' "$WORK/c2.log" || fail "container 2 did not find the sync hash"
[ "$("$PY" -m tests.container.ctl state command_syncs --count)" = "$syncs_before" ] ||
  fail "container 2 synced the commands again"
ok "container 2 ($C2; $compose_facts) logged in and is healthy; it did not re-sync: the sync hash from container 1 is in the volume"

"$PY" -m tests.container.ctl slash minsu concept list --out "$WORK/list2.txt" >/dev/null
read_line=$(grep '✅' "$WORK/list2.txt" || true)
[ "$(printf '%s\n' "$read_line" | grep -c '✅')" = 1 ] || { cat "$WORK/list2.txt"; fail "container 2 does not show exactly one read concept"; }
ok "container 2's /concept list for minsu shows the concept read in container 1: ${read_line}"
# A second read, after the backup: the restore below must take it away again.
last=$(tail -n 1 "$WORK/list2.txt" | sed 's/^⬜ [0-9]*\. //; s/  📍.*//')
"$PY" -m tests.container.ctl slash minsu concept show --option "concept=$last" >/dev/null

stop_started=$SECONDS
timeout 60 podman stop -t 30 "$C2" >>"$WORK/podman.log" 2>&1 || fail "podman stop $C2 failed"
code=$(podman inspect --format '{{.State.ExitCode}}' "$C2")
[ "$code" = 0 ] || fail "container 2 exited with $code after podman stop, not 0"
ok "podman stop (SIGTERM through the init): exit code 0 after $((SECONDS - stop_started))s"
"$PY" -m tests.container.ctl check-db "$mountpoint/studybot.db" --reads 2 >/dev/null || fail "database after container 2"

# -- 8. restore, as README (Deploy) says: stop, copy the backup back as /data/studybot.db, start --------
if [ -n "$BACKED_UP" ]; then
  step "restore the online backup with compose run (README: Backup and restore)"
  mkdir -p "$WORK/restore"
  podman cp "$C2:/data/backup.db" "$WORK/restore/studybot-backup.db"
  chmod 755 "$WORK/restore" && chmod 644 "$WORK/restore/studybot-backup.db"
  (cd "$WORK/compose" && timeout 120 "$VENV/bin/podman-compose" -p "$PROJECT" -f compose.yaml -f compose.test.yaml \
    --podman-run-args="--runtime runc" run --rm --no-deps -v "$WORK/restore:/restore:ro" --entrypoint sh studybot \
    -c 'cp /restore/studybot-backup.db /data/studybot.db && rm -f /data/studybot.db-wal /data/studybot.db-shm' \
    >"$WORK/restore.log" 2>&1) || { cat "$WORK/restore.log"; fail "the restore command failed"; }
  "$PY" -m tests.container.ctl check-db "$mountpoint/studybot.db" --reads 1 >/dev/null ||
    fail "after the restore the database is not the backup"
  owner=$(stat -c %u "$mountpoint/studybot.db")
  [ "$owner" = 10001 ] || fail "the restored database belongs to uid $owner, not 10001"
  timeout 60 podman start "$C2" >>"$WORK/podman.log" 2>&1 || fail "podman start $C2 after the restore failed"
  "$PY" -m tests.container.ctl wait-identify 3 --timeout 90 >/dev/null || fail "container 2 did not log in after the restore"
  "$PY" -m tests.container.ctl slash minsu concept list --out "$WORK/list3.txt" >/dev/null
  [ "$(grep -c '✅' "$WORK/list3.txt" || true)" = 1 ] || { cat "$WORK/list3.txt"; fail "the bot does not show the restored data"; }
  timeout 60 podman stop -t 30 "$C2" >>"$WORK/podman.log" 2>&1 || fail "podman stop $C2 failed"
  [ "$(podman inspect --format '{{.State.ExitCode}}' "$C2")" = 0 ] || fail "container 2 did not stop with 0 after the restore"
  ok "restore: the backup (1 read) replaced the database (2 reads); owned by 10001; the restarted bot shows 1 read"
fi

# -- 9. the fake saw nothing unexpected ------------------------------------------------------------------
unexpected=$("$PY" -m tests.container.ctl state unexpected --count)
[ "$unexpected" = 0 ] || { "$PY" -m tests.container.ctl state unexpected; fail "unexpected calls to the fake Discord"; }
kill -TERM "$FAKE_PID"
wait "$FAKE_PID" || fail "the fake Discord reported a problem at its stop (see $WORK/fake.log)"
FAKE_PID=""
ok "the fake Discord saw no unexpected call"

# Build cache left untagged by earlier runs with other sources: drop what is older than three days.
podman image prune -f --filter until=72h >/dev/null 2>&1 || true

step "container test passed in $((SECONDS - START))s; image $IMAGE is $((size / 1000000)) MB"
for line in "${PROVEN[@]}"; do printf '   - %s\n' "$line"; done
