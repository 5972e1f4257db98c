#!/usr/bin/env bash
# Makes Docker usable for the docker-sandbox tests on a fresh Debian machine (run as root):
# installs docker.io, starts dockerd in the background if it is not answering, and builds the
# local base image. Idempotent: every step is skipped when its result is already there.
#
# No registry is reachable here, so the base image is an empty filesystem made with
# `docker import`; the sandbox bind-mounts the host's /usr, /lib, /lib64, /bin and /etc into it
# read-only (sandbox.docker.binds), which gives the container the host's interpreters.
set -euo pipefail

IMAGE="${REPLMESH_DOCKER_IMAGE:-replmesh-base:local}"
LOG="${DOCKERD_LOG:-/var/log/replmesh-dockerd.log}"
WAIT_SECONDS="${DOCKERD_WAIT_SECONDS:-60}"
export DEBIAN_FRONTEND=noninteractive

# PATH may lack /usr/sbin, where the package puts dockerd.
export PATH="$PATH:/usr/sbin:/sbin"

if ! command -v dockerd >/dev/null 2>&1; then
  echo "== installing docker.io"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  echo "== starting dockerd (log: $LOG)"
  # setsid + nohup: dockerd outlives this script and the CI step that ran it. No systemd here to do it.
  setsid nohup dockerd >>"$LOG" 2>&1 </dev/null &
  for ((i = 0; i < WAIT_SECONDS * 2; i++)); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  if ! docker info >/dev/null 2>&1; then
    echo "dockerd did not answer within ${WAIT_SECONDS}s; last lines of $LOG:" >&2
    tail -n 30 "$LOG" >&2
    exit 1
  fi
fi
echo "== docker $(docker version -f '{{.Server.Version}}') answering"

if ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "== building $IMAGE from an empty tar"
  tar -cf - --files-from /dev/null | docker import - "$IMAGE" >/dev/null
fi
echo "== image $IMAGE ready"
