"""What members paste for the Docker mission: real terminal output, and output that must not pass.

Where each text comes from:
- CAPTURED: run on the development machine (a real Docker CLI 28.2.2 without a daemon; Debian 12's
  podman 4.3.1 and podman-docker; bash and dash without docker on the PATH). The permission-denied texts
  were captured against a socket the user may not open; its path is written back as the default
  /var/run/docker.sock (also in the URL-escaped form the CLI prints).
- PUBLISHED: the well-known text, not run here (no daemon, no other OS): the hello-world image's message,
  `docker --version` lines and `docker version` client/server blocks of Docker Engine 20.10–28 and
  Docker Desktop on macOS, Windows (PowerShell) and WSL2, as printed in Docker's documentation and
  release notes, and the "not recognized" messages of PowerShell and cmd.
"""

from __future__ import annotations

from dataclasses import dataclass

# PUBLISHED: the hello-world image prints the same message on every engine and OS (linux and windows images).
HELLO = """\
Unable to find image 'hello-world:latest' locally
latest: Pulling from library/hello-world
c1ec31eb5944: Pull complete
Digest: sha256:305243c734571da2d100c8c8b3c3167a098cab6049c9a5b066b6021a60fcb966
Status: Downloaded newer image for hello-world:latest

Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
    ({arch})
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/
"""

GREETING = "Hello from Docker!\nThis message shows that your installation appears to be working correctly.\n"


def hard_wrapped(text: str, columns: int) -> str:
    """`text` as a terminal `columns` wide shows it and copying keeps it: every line cut at the column,
    inside a word if that is where the column ends."""
    out: list[str] = []
    for line in text.split("\n"):
        out.extend([line[i : i + columns] for i in range(0, len(line), columns)] or [""])
    return "\n".join(out)


LINUX = (
    "minji@ubuntu:~$ docker --version\n"
    "Docker version 27.3.1, build ce12230\n"
    "minji@ubuntu:~$ docker run hello-world\n" + HELLO.format(arch="amd64")
)

MACOS = (
    "minji@MacBook-Pro ~ % docker --version\n"
    "Docker version 27.4.0, build bde2b89\n"
    "minji@MacBook-Pro ~ % docker run hello-world\n" + HELLO.format(arch="arm64v8")
)

WINDOWS = (
    "PS C:\\Users\\minji> docker --version\n"
    "Docker version 24.0.7, build afdd53b\n"
    "PS C:\\Users\\minji> docker run hello-world\n" + HELLO.format(arch="amd64")
).replace("\n", "\r\n")

# Ubuntu's own docker.io package prints its package version as the build.
UBUNTU_DOCKER_IO = "Docker version 24.0.7, build 24.0.7-0ubuntu2~22.04.1\n" + HELLO.format(arch="amd64")

VERSION_WORDS_ONLY = "Docker version\n" + HELLO.format(arch="amd64")

GREETING_ONLY = HELLO.format(arch="amd64")

# An old sample kept for the tests that use it: podman's own greeting image (quay.io/podman/hello).
PODMAN = """\
$ docker --version
Emulate Docker CLI using podman. Create /etc/containers/nodocker to quiet msg.
podman version 4.9.3
$ docker run hello-world
Emulate Docker CLI using podman. Create /etc/containers/nodocker to quiet msg.
!... Hello Podman World ...!

         .--"--.
       / -     - \\
      / (O)   (O) \\
   ~~~| -=(,Y,)=- |
    .---. /`  \\   |~~
 ~/  o  o \\~~~~.----. ~~
  | =(X)= |~  / (O (O) \\
   ~~~~~~~  ~| =(Y_)=-  |
  ~~~~    ~~~|   U      |~~

Project:   https://github.com/containers/podman
Website:   https://podman.io
Documents: https://docs.podman.io
"""

# ── CAPTURED on the development machine ───────────────────────────────────────────────────────────
CAPTURED_VERSION_28 = "Docker version 28.2.2, build e6534b4\n"

CAPTURED_CLIENT_28 = """\
Client:
 Version:           28.2.2
 API version:       1.50
 Go version:        go1.24.3
 Git commit:        e6534b4
 Built:             Fri May 30 12:07:14 2025
 OS/Arch:           linux/amd64
 Context:           default
"""

CAPTURED_NO_DAEMON = (
    CAPTURED_CLIENT_28
    + "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n"
)

CAPTURED_PERMISSION_DENIED = (
    CAPTURED_CLIENT_28 + "permission denied while trying to connect to the Docker daemon socket at "
    'unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.50/version": '
    "dial unix /var/run/docker.sock: connect: permission denied\n"
)

CAPTURED_RUN_PERMISSION_DENIED = (
    "docker: permission denied while trying to connect to the Docker daemon socket at "
    'unix:///var/run/docker.sock: Head "http://%2Fvar%2Frun%2Fdocker.sock/_ping": '
    "dial unix /var/run/docker.sock: connect: permission denied\n\n"
    "Run 'docker run --help' for more information\n"
)

CAPTURED_RUN_NO_DAEMON = (
    "docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n\n"
    "Run 'docker run --help' for more information\n"
)

CAPTURED_PODMAN_VERSION_FLAG = "podman version 4.3.1\n"

CAPTURED_PODMAN_VERSION = """\
Client:       Podman Engine
Version:      4.3.1
API Version:  4.3.1
Go Version:   go1.19.8
Built:        Thu Jan  1 00:00:00 1970
OS/Arch:      linux/amd64
"""

EMULATE = "Emulate Docker CLI using podman. Create /etc/containers/nodocker to quiet msg.\n"

# podman resolves the short name hello-world to docker.io/library/hello-world
# (/etc/containers/registries.conf.d/shortnames.conf), so its greeting is Docker's own.
CAPTURED_PODMAN_DOCKER = (
    "$ docker --version\n" + EMULATE + CAPTURED_PODMAN_VERSION_FLAG + "$ docker version\n" + EMULATE
    + CAPTURED_PODMAN_VERSION
    + "$ docker run hello-world\n"
    + EMULATE
    + 'Resolved "hello-world" as an alias (/etc/containers/registries.conf.d/shortnames.conf)\n'
    + "Trying to pull docker.io/library/hello-world:latest...\n"
    + GREETING
)  # fmt: skip

CAPTURED_BASH_NOT_FOUND = "bash: docker: command not found\n"
CAPTURED_DASH_NOT_FOUND = "/bin/sh: 1: docker: not found\n"

# ── PUBLISHED `docker version` blocks ─────────────────────────────────────────────────────────────
ENGINE_20_10_LINUX = """\
Client: Docker Engine - Community
 Version:           20.10.21
 API version:       1.41
 Go version:        go1.18.7
 Git commit:        baeda1f
 Built:             Tue Oct 25 18:02:21 2022
 OS/Arch:           linux/amd64
 Context:           default
 Experimental:      true

Server: Docker Engine - Community
 Engine:
  Version:          20.10.21
  API version:      1.41 (minimum version 1.12)
  Go version:       go1.18.7
  Git commit:       3056208
  Built:            Tue Oct 25 18:00:04 2022
  OS/Arch:          linux/amd64
  Experimental:     false
"""

DESKTOP_20_10_WINDOWS = """\
PS C:\\Users\\minji> docker version
Client:
 Cloud integration: v1.0.29
 Version:           20.10.21
 API version:       1.41
 Go version:        go1.18.7
 Git commit:        baeda1f
 Built:             Tue Oct 25 18:08:16 2022
 OS/Arch:           windows/amd64
 Context:           default
 Experimental:      true

Server: Docker Desktop 4.15.0 (93002)
 Engine:
  Version:          20.10.21
  API version:      1.41 (minimum version 1.12)
""".replace("\n", "\r\n")

DESKTOP_27_MACOS = """\
Client:
 Version:           27.4.0
 API version:       1.47
 Go version:        go1.22.10
 Git commit:        bde2b89
 Built:             Sat Dec  7 10:35:43 2024
 OS/Arch:           darwin/arm64
 Context:           desktop-linux

Server: Docker Desktop 4.37.1 (178610)
 Engine:
  Version:          27.4.0
  API version:      1.47 (minimum version 1.24)
"""

DESKTOP_27_WSL2 = """\
minji@DESKTOP-ABC:~$ docker version
Client:
 Version:           27.3.1
 API version:       1.47
 Go version:        go1.22.7
 Git commit:        ce12230
 Built:             Fri Sep 20 11:40:59 2024
 OS/Arch:           linux/amd64
 Context:           default

Server: Docker Desktop 4.35.1 (173168)
 Engine:
  Version:          27.3.1
"""

UBUNTU_DOCKER_IO_CLIENT = """\
Client:
 Version:           24.0.7
 API version:       1.43
 Go version:        go1.21.1
 Git commit:        24.0.7-0ubuntu2~22.04.1
 Built:             Wed Mar 13 20:23:54 2024
 OS/Arch:           linux/amd64
 Context:           default
"""


@dataclass(frozen=True)
class Sample:
    name: str
    text: str
    missing: tuple[str, ...]  # rule ids that must not match; () means the mission passes


VERSION, HELLO_RULE = "version", "hello-world"
WITH_GREETING = "\n" + HELLO.format(arch="amd64")

# Every real output of a working Docker install passes, alone or next to the greeting.
REAL_PASSING: list[Sample] = [
    Sample("linux-27", LINUX, ()),
    Sample("macos-desktop-27", MACOS, ()),
    Sample("windows-powershell-24-crlf", WINDOWS, ()),
    Sample("ubuntu-docker-io", UBUNTU_DOCKER_IO, ()),
    Sample("engine-28-captured", CAPTURED_VERSION_28 + WITH_GREETING, ()),
    Sample("engine-20.10", "Docker version 20.10.21, build baeda1f" + WITH_GREETING, ()),
    Sample("debian-docker-io", "Docker version 20.10.24+dfsg1, build 297e128" + WITH_GREETING, ()),
    Sample("version-in-backticks", "`Docker version 27.3.1, build ce12230`" + WITH_GREETING, ()),
    Sample("version-in-code-block", "```\nDocker version 27.3.1, build ce12230\n```" + WITH_GREETING, ()),
    Sample("text-before-version", "제 버전은 Docker version 27.3.1, build ce12230 이에요" + WITH_GREETING, ()),
    Sample("prompt-on-same-line", "PS C:\\> docker --version Docker version 27.4.0, build bde2b89" + WITH_GREETING, ()),
    Sample("docker-version-captured-28", CAPTURED_CLIENT_28 + WITH_GREETING, ()),
    Sample("docker-version-20.10-linux", ENGINE_20_10_LINUX + WITH_GREETING, ()),
    Sample("docker-version-desktop-windows-20.10", DESKTOP_20_10_WINDOWS + WITH_GREETING, ()),
    Sample("docker-version-desktop-macos-27", DESKTOP_27_MACOS + WITH_GREETING, ()),
    Sample("docker-version-desktop-wsl2-27", DESKTOP_27_WSL2 + WITH_GREETING, ()),
    Sample("docker-version-desktop-linux-27", DESKTOP_27_MACOS.replace("darwin/arm64", "linux/amd64") + WITH_GREETING, ()),
    Sample("docker-version-ubuntu-docker-io", UBUNTU_DOCKER_IO_CLIENT + WITH_GREETING, ()),
    Sample("docker-version-indentation-lost", DESKTOP_27_MACOS.replace("\n ", "\n") + WITH_GREETING, ()),
    Sample("greeting-wrapped-at-40", CAPTURED_VERSION_28 + hard_wrapped(HELLO.format(arch="amd64"), 40), ()),
    Sample("greeting-wrapped-at-30-crlf", (CAPTURED_VERSION_28 + hard_wrapped(GREETING, 30)).replace("\n", "\r\n"), ()),
    Sample("greeting-wrapped-at-24", LINUX.split("Hello")[0] + hard_wrapped(GREETING, 24), ()),
    Sample("greeting-only-lines", CAPTURED_VERSION_28 + GREETING, ()),
]  # fmt: skip

# What must not pass: podman, a missing docker, a daemon that does not answer, words without output.
REFUSED: list[Sample] = [
    Sample("podman-own-greeting", PODMAN, (VERSION, HELLO_RULE)),
    Sample("podman-docker-captured", CAPTURED_PODMAN_DOCKER, (VERSION,)),
    Sample("podman-version-captured", CAPTURED_PODMAN_VERSION + WITH_GREETING, (VERSION,)),
    Sample("podman-version-indented", CAPTURED_PODMAN_VERSION.replace("\nVersion", "\n Version") + WITH_GREETING, (VERSION,)),
    Sample("podman-version-flag-captured", CAPTURED_PODMAN_VERSION_FLAG + WITH_GREETING, (VERSION,)),
    Sample("bash-not-found-captured", CAPTURED_BASH_NOT_FOUND * 2, (VERSION, HELLO_RULE)),
    Sample("dash-not-found-captured", CAPTURED_DASH_NOT_FOUND * 2, (VERSION, HELLO_RULE)),
    Sample("zsh-not-found", "zsh: command not found: docker\nzsh: command not found: docker\n", (VERSION, HELLO_RULE)),
    Sample(
        "powershell-not-recognized",
        "docker : The term 'docker' is not recognized as the name of a cmdlet, function, script file, or operable "
        "program. Check the spelling of the name, or if a path was included, verify that the path is correct and "
        "try again.\r\n",
        (VERSION, HELLO_RULE),
    ),
    Sample(
        "cmd-not-recognized",
        "'docker' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
        (VERSION, HELLO_RULE),
    ),
    Sample("no-daemon-captured", CAPTURED_NO_DAEMON + CAPTURED_RUN_NO_DAEMON, (HELLO_RULE,)),
    Sample("permission-denied-captured", CAPTURED_PERMISSION_DENIED + CAPTURED_RUN_PERMISSION_DENIED, (HELLO_RULE,)),
    Sample("version-words-only", VERSION_WORDS_ONLY, (VERSION,)),
    Sample("greeting-without-version", GREETING_ONLY, (VERSION,)),
    Sample("greeting-first-line-only", CAPTURED_VERSION_28 + "Hello from Docker!\n", (HELLO_RULE,)),
    Sample("version-without-build", "Docker version 27.3.1\n" + WITH_GREETING, (VERSION,)),
    Sample("commands-typed-only", "$ docker --version\n$ docker version\n$ docker run hello-world\n", (VERSION, HELLO_RULE)),
]  # fmt: skip
