# syntax=docker/dockerfile:1
#
# The replmesh node image: the node jar, the REPL runtimes, and what its bubblewrap
# sandbox runs (bwrap, and setpriv, unshare, prlimit and mount from util-linux and mount).
#
#   mvn -B -q package -DskipTests && docker build -t replmesh/node:0.1.0 .
#
# NOT BUILT where it was written: that machine reaches no container registry, so no base
# image could be pulled. Its entrypoint and the node were run there in Docker, on the same
# Debian release's packages, with the capabilities, masked /proc, read-only root and
# unconfined seccomp of k8s/deployment.yaml (that host had cgroup v1 and no AppArmor).
#
# Runs as root on purpose: the node drops every REPL to an unprivileged uid of its own.
# Run it with the security context of k8s/deployment.yaml, or in Docker with its equivalent:
#   docker run --cap-drop ALL --cap-add SYS_ADMIN --cap-add SETUID --cap-add SETGID \
#     --cap-add CHOWN --cap-add FOWNER --cap-add DAC_OVERRIDE --cap-add KILL \
#     --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
#     -e REPLMESH_SANDBOX=bwrap -p 8080:8080 replmesh/node:0.1.0

# Debian 12 ships OpenJDK 17. The JDK, not the JRE: it also serves the JShell runtime.
FROM debian:bookworm-slim

RUN set -eux; \
    mkdir -p /usr/share/man/man1; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        openjdk-17-jdk-headless \
        bubblewrap util-linux mount procps \
        python3 nodejs ruby bash; \
    rm -rf /var/lib/apt/lists/*

# The entrypoint prepares the container for bubblewrap, then becomes the JVM (PID 1, so
# SIGTERM reaches the node, which drains its sessions and exits). No tini: on cgroup v2
# the JVM must be alone in its cgroup to hand sub-groups to the REPLs.
COPY --chmod=0755 <<'EOF' /usr/local/bin/replmesh-entrypoint
#!/bin/sh
set -eu
warn() { echo "replmesh-entrypoint: $*" >&2; }

if [ "$(id -u)" = 0 ]; then
  # bwrap mounts a fresh procfs for each sandbox, which the kernel allows in a user
  # namespace only where a procfs is already fully visible, and --disable-userns writes
  # /proc/sys/user/max_user_namespaces. Container runtimes mask parts of /proc and make
  # /proc/sys read-only; a fresh procfs over /proc undoes that for this container's own
  # processes (the REPLs never see it: each gets its own /proc of its own pid namespace).
  mount -t proc -o nosuid,nodev,noexec proc /proc \
    || warn "cannot mount a fresh /proc: bwrap sandboxes will fail (CAP_SYS_ADMIN? AppArmor?)"

  # cgroup limits for the REPLs (memory, CPU, pids) are written under the container's own
  # cgroup, which runtimes mount read-only.
  for dir in $(findmnt -rn -t cgroup,cgroup2 -o TARGET); do
    mount -o remount,bind,rw "$dir" 2>/dev/null || warn "$dir stays read-only: REPLs run without cgroup limits"
  done

  # cgroup v2 in a cgroup namespace: the container's group shows as the root, and a group
  # that holds processes cannot delegate controllers. Move everything into a leaf first
  # and enable the controllers for the sub-groups (as Docker's own dind entrypoint does).
  if [ -f /sys/fs/cgroup/cgroup.controllers ] && [ "$(cat /proc/self/cgroup)" = "0::/" ]; then
    # The JVM sizes its heap and thread pools from its own group's limits, and the leaf has
    # none of its own (they stay on the container's group): hand them over explicitly.
    memory=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || echo max)
    [ "$memory" = max ] || JAVA_OPTS="-XX:MaxRAM=$memory ${JAVA_OPTS:-}"
    quota=max period=100000
    read -r quota period 2>/dev/null < /sys/fs/cgroup/cpu.max || :
    [ "$quota" = max ] || JAVA_OPTS="-XX:ActiveProcessorCount=$(( (quota + period - 1) / period )) ${JAVA_OPTS:-}"
    mkdir -p /sys/fs/cgroup/init
    xargs -rn1 < /sys/fs/cgroup/cgroup.procs > /sys/fs/cgroup/init/cgroup.procs 2>/dev/null || :
    sed -e 's/ / +/g' -e 's/^/+/' < /sys/fs/cgroup/cgroup.controllers > /sys/fs/cgroup/cgroup.subtree_control \
      || warn "cannot delegate cgroup v2 controllers: REPLs run without cgroup limits"
  fi
fi

# JAVA_OPTS is split into words on purpose.
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar /opt/replmesh/replmesh-node.jar "$@"
EOF

COPY node/target/replmesh-node.jar /opt/replmesh/replmesh-node.jar

# The working directory must be writable (the HTTP body handler creates file-uploads/ in
# it); with a read-only root filesystem, mount a volume here (k8s/deployment.yaml does).
WORKDIR /var/lib/replmesh
ENV REPLMESH_WORKSPACE_ROOT=/var/lib/replmesh/workspaces \
    JAVA_OPTS="-XX:MaxRAMPercentage=25 -XX:+ExitOnOutOfMemoryError"
USER root

# 8080 HTTP and websockets, 5701 Hazelcast, 5702 Vert.x event bus (REPLMESH_EVENTBUS_PORT).
EXPOSE 8080 5701 5702
ENTRYPOINT ["/usr/local/bin/replmesh-entrypoint"]
