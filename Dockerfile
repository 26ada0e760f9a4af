# studybot: the Discord bot as a container. Build: docker build -t studybot .
# Run:   docker run -d --name studybot --env-file .env -v studybot-data:/data studybot
# (or `docker compose up -d` with compose.yaml). The token is given at run time only: DISCORD_TOKEN, or
# DISCORD_TOKEN_FILE naming a file such as a Docker secret. Nothing secret is baked into the image.

ARG PYTHON_VERSION=3.11

# ---- build: the package and its dependencies in a virtualenv under /opt ------------------------------
FROM python:${PYTHON_VERSION}-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PIP_CONFIG_FILE=/run/secrets/pipconf \
    PYTHONDONTWRITEBYTECODE=1
# An optional build secret "pipconf" (a pip.conf: index-url, cert ...) reaches pip through
# PIP_CONFIG_FILE for the RUN steps that mount it, and never lands in a layer. Without it pip uses PyPI.
RUN python -m venv /opt/studybot
WORKDIR /src
# Dependencies first, read from pyproject.toml: this layer is rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN --mount=type=secret,id=pipconf \
    python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && /opt/studybot/bin/pip install --no-cache-dir -r /tmp/requirements.txt
# Then the package itself: the wheel bundles content/ as bot/_content (see pyproject.toml).
COPY README.md ./
COPY bot ./bot
COPY content ./content
RUN --mount=type=secret,id=pipconf \
    /opt/studybot/bin/pip install --no-cache-dir --no-deps . \
    && /opt/studybot/bin/studybot check > /dev/null \
    && /opt/studybot/bin/pip uninstall --yes pip setuptools wheel
# (pip and setuptools are not needed to run: 25 MB less in the runtime image.)

# ---- runtime: the same slim base, the virtualenv, an unprivileged user -------------------------------
FROM python:${PYTHON_VERSION}-slim AS runtime
RUN groupadd --gid 10001 studybot \
    && useradd --uid 10001 --gid 10001 --home-dir /data --no-create-home \
        --shell /usr/sbin/nologin studybot \
    && install -d -o 10001 -g 10001 -m 0750 /data
COPY --from=build /opt/studybot /opt/studybot
ENV PATH=/opt/studybot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    STUDYBOT_DB=/data/studybot.db \
    STUDYBOT_HEALTH_FILE=/tmp/studybot.health
VOLUME ["/data"]
WORKDIR /data
USER 10001:10001
STOPSIGNAL SIGTERM
# `studybot health` reads the heartbeat the connected bot writes every 30 s (stale after 90 s).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["studybot", "health"]
ENTRYPOINT ["studybot"]
CMD ["run"]
