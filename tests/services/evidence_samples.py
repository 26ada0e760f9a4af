"""What members paste for the Docker mission: real `docker --version` and `docker run hello-world` output
from Linux, macOS (Docker Desktop) and Windows (PowerShell, CRLF), and near misses."""

from __future__ import annotations

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
