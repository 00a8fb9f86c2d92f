#!/usr/bin/env bash
# shellcheck shell=bash
# Throwaway PostgreSQL, Redis and Docker servers for the adapter contract suites, on loopback only.
# Sourced by test.sh (see docs/testing.md); by hand:
#   bash -c 'source scripts/test-servers.sh && test_servers_start && dotnet test ...; test_servers_stop'
#
# test_servers_start  installs the missing servers from Debian's packages (as root), starts each one in a
#                     fresh private directory, builds the reference engine image against the new dockerd,
#                     and exports where everything is:
#     ORRERY_TEST_SERVERS_DIR     the directory holding every server's data, sockets and logs (0700/0710)
#     ORRERY_TEST_POSTGRES        Npgsql connection string of the superuser (trust on 127.0.0.1 only)
#     ORRERY_TEST_POSTGRES_URL    the same as a postgresql:// URL (psql, pgbench)
#     ORRERY_TEST_REDIS           host:port of redis-server
#     ORRERY_TEST_REDIS_SERVER / _CONF / _PIDFILE   binary, config and pid file, so a test can restart it:
#                                 kill "$(cat "$ORRERY_TEST_REDIS_PIDFILE")"; "$ORRERY_TEST_REDIS_SERVER" "$ORRERY_TEST_REDIS_CONF"
#     ORRERY_TEST_DOCKER          unix:///.../docker.sock of the private dockerd
#     ORRERY_TEST_ENGINE_IMAGE    orrery/reference-engine:test, built by deploy/engine-image/build.sh
#     ORRERY_TEST_OOM_IMAGE       orrery/oom-probe:test, whose entrypoint allocates until the memory limit kills it
#   It returns 0 when every server asked for is up. When one is not, it prints one line saying why and
#   returns 1 if ORRERY_REQUIRE_SERVERS=1 or if no server at all is up; otherwise 0, and the suites of the
#   missing server skip (TestServers names the missing variable).
# test_servers_stop   stops everything test_servers_start started, unmounts what dockerd left under its data
#                     root and removes the directory. Safe to call twice, or without a start.
#
# Settings: ORRERY_TEST_SERVERS (default "postgres redis docker": the servers to start),
#           ORRERY_REQUIRE_SERVERS=1 (a missing server is a failure), ORRERY_TEST_SERVERS_TIMEOUT (seconds each
#           server gets to answer, default 60), ORRERY_TEST_DOCKER_STORAGE (storage drivers to try in order,
#           default "overlay2 vfs").
# Safe to source under `set -u` and `set -o pipefail` (test.sh's options): every step checks its own result
# and nothing here exits the caller's shell.

# The repository this file belongs to, fixed when it is sourced: the caller may change directory later.
_ts_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

_ts_say() { echo "test-servers: $*" >&2; }
_ts_now_ms() { date +%s%3N; }
_ts_elapsed() { local ms=$(( $(_ts_now_ms) - $1 )); printf '%d.%01ds' $(( ms / 1000 )) $(( ms % 1000 / 100 )); }

# A free loopback port below the kernel's ephemeral range (32768+), so an outgoing connection never takes it
# between the check and the bind; a server that still loses the race is started again on another port.
_ts_free_port() {
  local port hex
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$(( 20000 + RANDOM % 12000 ))
    hex=$(printf ':%04X' "$port")
    if ! awk -v p="$hex" 'FNR > 1 && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' \
        /proc/net/tcp /proc/net/tcp6 2> /dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# Polls "$@" every 0.1 s until it succeeds, answers 2 (gave up: the server died), or the timeout passes.
_ts_wait_for() {
  local deadline=$(( $(_ts_now_ms) + ${ORRERY_TEST_SERVERS_TIMEOUT:-60} * 1000 )) rc
  while true; do
    "$@" > /dev/null 2>&1 && return 0
    rc=$?
    [ "$rc" != 2 ] && [ "$(_ts_now_ms)" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

# Running, and not a zombie waiting for its parent (daemonized servers belong to init, which may be slow to reap).
_ts_alive() {
  [ -n "${1:-}" ] && kill -0 "$1" 2> /dev/null || return 1
  local stat
  stat=$(cat "/proc/$1/stat" 2> /dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}
_ts_pid_of() { [ -s "$1" ] && head -n1 "$1" | tr -dc '0-9'; }

# Sends SIGTERM, waits up to $2 seconds, then SIGKILL.
_ts_terminate() {
  local pid=$1 grace=${2:-15} i
  _ts_alive "$pid" || return 0
  kill -TERM "$pid" 2> /dev/null || true
  for (( i = 0; i < grace * 10; i++ )); do
    _ts_alive "$pid" || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2> /dev/null || true
  sleep 0.2
}

# --- installation ---------------------------------------------------------------------------------------

_ts_postgres_bin() {
  local bin
  bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  [ -n "$bin" ] && [ -x "$bin/initdb" ] && { echo "$bin"; return 0; }
  bin=$(command -v initdb 2> /dev/null) && { dirname "$(readlink -f "$bin")"; return 0; }
  return 1
}

# Installs the Debian packages of the servers whose binaries are missing (root only; apt-get update once if
# the package lists are stale). Missing binaries are reported by the start of each server.
_ts_install_missing() {
  local wanted=$1 log=$ORRERY_TEST_SERVERS_DIR/apt.log packages=() server started
  for server in $wanted; do
    case $server in
      postgres) _ts_postgres_bin > /dev/null || packages+=(postgresql) ;;
      redis) command -v redis-server > /dev/null || packages+=(redis-server) ;;
      docker) { command -v dockerd > /dev/null && command -v docker > /dev/null; } || packages+=(docker.io) ;;
    esac
  done
  # Not a server, but installed the same way: the dashboard's browser tests drive Debian's Chromium
  # (tests/Orrery.Dashboard.Tests skips without it, or fails under ORRERY_REQUIRE_SERVERS=1).
  [ -x /usr/bin/chromium ] || packages+=(chromium)
  [ ${#packages[@]} -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get > /dev/null; then
    _ts_say "missing ${packages[*]}: not root or no apt-get, so not installing them"
    return 0
  fi
  started=$(_ts_now_ms)
  _ts_say "installing ${packages[*]} (apt-get; log $log)"
  # The machine's policy-rc.d (exit 101) keeps the packages' own system-wide services from starting.
  [ -x /usr/sbin/policy-rc.d ] || _ts_say "no /usr/sbin/policy-rc.d: the packages may start their own services"
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}" > "$log" 2>&1 \
      || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}"; } >> "$log" 2>&1; then
    _ts_say "installed ${packages[*]} in $(_ts_elapsed "$started")"
  else
    _ts_say "apt-get install ${packages[*]} failed: $(grep -E '^(E|W):' "$log" | tail -n1)"
  fi
}

# --- PostgreSQL ---------------------------------------------------------------------------------------

# Postgres refuses to run as root: as root the cluster belongs to the `postgres` OS user.
_ts_as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    (cd "$ORRERY_TEST_SERVERS_DIR/postgres" && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

_ts_start_postgres() {
  local bin dir=$ORRERY_TEST_SERVERS_DIR/postgres port started
  started=$(_ts_now_ms)
  bin=$(_ts_postgres_bin) || { _ts_say "postgres: initdb not found (apt-get install postgresql)"; return 1; }
  if [ "$(id -u)" = 0 ]; then
    id postgres > /dev/null 2>&1 || { _ts_say "postgres: no 'postgres' OS user to run the server as"; return 1; }
    # The top directory lets the postgres group through, nobody else.
    chgrp "$(id -g postgres)" "$ORRERY_TEST_SERVERS_DIR" && chmod 0710 "$ORRERY_TEST_SERVERS_DIR" || return 1
  fi
  mkdir -m 0700 "$dir" && { [ "$(id -u)" != 0 ] || chown postgres: "$dir"; } || return 1
  if ! _ts_as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth-host=trust --auth-local=trust \
      -E UTF8 --no-locale --no-instructions > "$dir/initdb.log" 2>&1; then
    _ts_say "postgres: initdb failed: $(tail -n1 "$dir/initdb.log")"
    return 1
  fi
  for _ in 1 2 3; do
    port=$(_ts_free_port) || break
    # Loopback TCP plus a socket in the private directory; trust is safe there for a throwaway cluster.
    cat > "$dir/data/orrery-test.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
EOF
    echo "include 'orrery-test.conf'" >> "$dir/data/postgresql.conf"
    if _ts_as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w \
        -t "${ORRERY_TEST_SERVERS_TIMEOUT:-60}" start > /dev/null 2>&1; then
      export ORRERY_TEST_POSTGRES_BIN=$bin
      export ORRERY_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
      export ORRERY_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
      _ts_say "postgres $("$bin/postgres" --version | awk '{ print $3 }') on 127.0.0.1:$port, ready in $(_ts_elapsed "$started")"
      return 0
    fi
    sed -i '$d' "$dir/data/postgresql.conf"   # the include line: the next attempt writes its own port
  done
  _ts_say "postgres: did not start: $(tail -n1 "$dir/postgres.log" 2> /dev/null)"
  return 1
}

_ts_stop_postgres() {
  local dir=$ORRERY_TEST_SERVERS_DIR/postgres bin=${ORRERY_TEST_POSTGRES_BIN:-}
  [ -f "$dir/data/postmaster.pid" ] || return 0
  [ -n "$bin" ] || bin=$(_ts_postgres_bin) || bin=""
  if [ -z "$bin" ] || ! _ts_as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop > /dev/null 2>&1; then
    _ts_terminate "$(_ts_pid_of "$dir/data/postmaster.pid")" 10
  fi
}

# --- Redis ---------------------------------------------------------------------------------------------

_ts_redis_ping() {
  local reply
  exec 9<> "/dev/tcp/127.0.0.1/$1" || return 1
  printf 'PING\r\n' >&9
  IFS= read -r -t 2 reply <&9
  exec 9>&-
  [ "${reply%$'\r'}" = "+PONG" ]
}

_ts_start_redis() {
  local dir=$ORRERY_TEST_SERVERS_DIR/redis server port started
  started=$(_ts_now_ms)
  server=$(command -v redis-server) || { _ts_say "redis: redis-server not found (apt-get install redis-server)"; return 1; }
  mkdir -m 0700 "$dir" || return 1
  for _ in 1 2 3; do
    port=$(_ts_free_port) || break
    # No persistence: the streams suites start from an empty server and a restart may lose everything.
    cat > "$dir/redis.conf" <<EOF
bind 127.0.0.1
port $port
protected-mode yes
daemonize yes
pidfile $dir/redis.pid
logfile $dir/redis.log
dir $dir
save ""
appendonly no
EOF
    if "$server" "$dir/redis.conf" > /dev/null 2>&1 && _ts_wait_for _ts_redis_ping "$port"; then
      export ORRERY_TEST_REDIS="127.0.0.1:$port"
      export ORRERY_TEST_REDIS_SERVER=$server ORRERY_TEST_REDIS_CONF=$dir/redis.conf ORRERY_TEST_REDIS_PIDFILE=$dir/redis.pid
      _ts_say "redis $("$server" --version | grep -o 'v=[0-9.]*' | cut -c3-) on 127.0.0.1:$port, ready in $(_ts_elapsed "$started")"
      return 0
    fi
    _ts_terminate "$(_ts_pid_of "$dir/redis.pid")" 5
  done
  _ts_say "redis: did not start: $(tail -n1 "$dir/redis.log" 2> /dev/null)"
  return 1
}

_ts_stop_redis() {
  _ts_terminate "$(_ts_pid_of "$ORRERY_TEST_SERVERS_DIR/redis/redis.pid")" 10
}

# --- Docker --------------------------------------------------------------------------------------------

_ts_docker() { DOCKER_HOST="unix://$ORRERY_TEST_SERVERS_DIR/docker/docker.sock" docker "$@"; }

# One dockerd with everything of its own: data root, exec root (where its containerd keeps its state and
# socket), pid file and API socket. No iptables, no bridge: containers use host networking on loopback ports.
_ts_launch_dockerd() {
  local dir=$1 driver=$2
  mkdir -m 0700 "$dir/data" "$dir/exec"
  dockerd --iptables=false --ip-forward=false --ip-masq=false --bridge=none --userland-proxy=false \
    --storage-driver="$driver" --data-root="$dir/data" --exec-root="$dir/exec" --pidfile="$dir/dockerd.pid" \
    --host="unix://$dir/docker.sock" --log-level=warn < /dev/null > "$dir/dockerd-$driver.log" 2>&1 &
  _ts_dockerd_pid=$!
}

_ts_docker_up() {
  _ts_docker version && return 0
  _ts_alive "$_ts_dockerd_pid" || return 2
  return 1
}

_ts_start_docker() {
  local dir=$ORRERY_TEST_SERVERS_DIR/docker driver started
  started=$(_ts_now_ms)
  command -v dockerd > /dev/null || { _ts_say "docker: dockerd not found (apt-get install docker.io)"; return 1; }
  command -v docker > /dev/null || { _ts_say "docker: the docker client is not found (apt-get install docker.io)"; return 1; }
  [ "$(id -u)" = 0 ] || { _ts_say "docker: dockerd needs root"; return 1; }
  mkdir -m 0700 "$dir" || return 1
  for driver in ${ORRERY_TEST_DOCKER_STORAGE:-overlay2 vfs}; do
    _ts_launch_dockerd "$dir" "$driver"
    if _ts_wait_for _ts_docker_up; then
      export ORRERY_TEST_DOCKER="unix://$dir/docker.sock"
      _ts_say "dockerd $(_ts_docker version -f '{{.Server.Version}}' 2> /dev/null) ($driver) on $ORRERY_TEST_DOCKER, ready in $(_ts_elapsed "$started")"
      return 0
    fi
    _ts_say "docker: dockerd with $driver did not answer: $(tail -n1 "$dir/dockerd-$driver.log")"
    _ts_stop_docker
    rm -rf "${dir:?}/data" "${dir:?}/exec"
  done
  return 1
}

# Builds the engine image against the private dockerd (the publish output is reused between runs while the
# engine sources are unchanged), and a tiny image that allocates until it is OOM-killed.
_ts_build_images() {
  local started log=$ORRERY_TEST_SERVERS_DIR/docker/images.log
  started=$(_ts_now_ms)
  if DOCKER_HOST=$ORRERY_TEST_DOCKER "$_ts_repo/deploy/engine-image/build.sh" --tag test > "$log" 2>&1; then
    export ORRERY_TEST_ENGINE_IMAGE=orrery/reference-engine:test
    _ts_say "engine image $ORRERY_TEST_ENGINE_IMAGE built in $(_ts_elapsed "$started")"
  else
    _ts_say "engine image: deploy/engine-image/build.sh failed: $(grep 'engine-image:' "$log" | tail -n1)"
    return 1
  fi
  _ts_build_oom_probe && export ORRERY_TEST_OOM_IMAGE=orrery/oom-probe:test
}

# `tail /dev/zero` buffers a line that never ends: memory grows until the cgroup limit kills it.
_ts_build_oom_probe() {
  local rootfs=$ORRERY_TEST_SERVERS_DIR/docker/oom-probe lib tail
  tail=$(command -v tail) || return 1
  mkdir -p "$rootfs/bin" && cp "$tail" "$rootfs/bin/tail" || return 1
  for lib in $(ldd "$tail" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
    mkdir -p "$rootfs$(dirname "$lib")" && cp -L "$lib" "$rootfs$lib" || return 1
  done
  tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -c . \
    | _ts_docker import -c 'ENTRYPOINT ["/bin/tail", "/dev/zero"]' - orrery/oom-probe:test > /dev/null 2>&1 \
    || { _ts_say "oom probe image: docker import failed"; return 1; }
  rm -rf "$rootfs"
}

# Processes that belong to this directory (the containerd dockerd started, its shims) whatever their parent;
# never this shell.
_ts_pids_under() {
  local file pid
  # The pattern comes from a file so that grep's own command line does not match it.
  # shellcheck disable=SC2013 # /proc paths have no spaces
  for file in $(grep -lsFf <(printf '%s/\n' "$1") /proc/[0-9]*/cmdline); do
    pid=${file#/proc/}
    pid=${pid%/cmdline}
    if [ "$pid" != $$ ] && [ "$pid" != "$BASHPID" ]; then echo "$pid"; fi
  done
}

_ts_stop_docker() {
  local dir=$ORRERY_TEST_SERVERS_DIR/docker pid mounts
  [ -d "$dir" ] || return 0
  pid=$(_ts_pid_of "$dir/dockerd.pid")
  if _ts_alive "$pid"; then
    local containers
    containers=$(_ts_docker ps -aq 2> /dev/null)
    # shellcheck disable=SC2086 # one id per word
    [ -z "$containers" ] || _ts_docker rm -f $containers > /dev/null 2>&1
    _ts_terminate "$pid" 20
  fi
  # A dockerd that died (or was killed) leaves its containers running under their shims: runc, given the
  # state directory dockerd gave it, kills them and removes their cgroups.
  local runc_root=$dir/exec/runtime-runc/moby id
  if [ -d "$runc_root" ] && command -v runc > /dev/null; then
    for id in $(runc --root "$runc_root" list -q 2> /dev/null); do
      runc --root "$runc_root" delete --force "$id" > /dev/null 2>&1 || _ts_say "docker: could not remove container $id"
    done
  fi
  for pid in $(_ts_pids_under "$dir"); do _ts_terminate "$pid" 5; done
  # dockerd bind-mounts its data root on itself and leaves network namespaces under the exec root; a killed
  # one may leave overlay mounts too. Deepest first.
  mounts=$(awk -v d="$dir/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | awk '{ print length, $0 }' \
    | sort -rn | cut -d' ' -f2-)
  while IFS= read -r mount; do
    [ -n "$mount" ] || continue
    umount "$mount" 2> /dev/null || umount -l "$mount" 2> /dev/null || _ts_say "docker: could not unmount $mount"
  done <<< "$mounts"
}

# --- start / stop --------------------------------------------------------------------------------------

test_servers_start() {
  if [ -n "${ORRERY_TEST_SERVERS_DIR:-}" ] && [ -d "$ORRERY_TEST_SERVERS_DIR" ]; then
    _ts_say "already started in $ORRERY_TEST_SERVERS_DIR"
    return 0
  fi
  local wanted=${ORRERY_TEST_SERVERS:-postgres redis docker} server up=() missing=() started
  started=$(_ts_now_ms)
  # Under /tmp whatever TMPDIR says: unix socket paths (dockerd's, containerd's) must stay under 108 bytes.
  ORRERY_TEST_SERVERS_DIR=$(mktemp -d /tmp/orrery-servers.XXXXXX) || { _ts_say "mktemp failed"; return 1; }
  chmod 0700 "$ORRERY_TEST_SERVERS_DIR"
  export ORRERY_TEST_SERVERS_DIR
  _ts_install_missing "$wanted"
  for server in $wanted; do
    case $server in
      postgres|redis) "_ts_start_$server" && up+=("$server") || missing+=("$server") ;;
      docker) { _ts_start_docker && _ts_build_images; } && up+=(docker) || missing+=(docker) ;;
      *) _ts_say "unknown server '$server' in ORRERY_TEST_SERVERS (postgres, redis, docker)"; missing+=("$server") ;;
    esac
  done
  _ts_say "${#up[@]} of $(wc -w <<< "$wanted") servers up in $(_ts_elapsed "$started")${missing[*]:+; missing: ${missing[*]}}"
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "${ORRERY_REQUIRE_SERVERS:-0}" = 1 ]; then
    _ts_say "ORRERY_REQUIRE_SERVERS=1: a missing server is a failure"
    return 1
  fi
  [ ${#up[@]} -gt 0 ]
}

test_servers_stop() {
  local dir=${ORRERY_TEST_SERVERS_DIR:-}
  if [ -n "$dir" ] && [ -d "$dir" ]; then
    _ts_stop_docker
    _ts_stop_redis
    _ts_stop_postgres
    local pid
    for pid in $(_ts_pids_under "$dir"); do
      _ts_say "stopping leftover process $pid: $(tr '\0' ' ' 2> /dev/null < "/proc/$pid/cmdline" | cut -c1-100)"
      _ts_terminate "$pid" 5
    done
    if awk -v d="$dir/" 'index($5, d) == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
      _ts_say "mounts remain under $dir: leaving it in place"
    else
      rm -rf "$dir"
    fi
  fi
  unset ORRERY_TEST_SERVERS_DIR ORRERY_TEST_POSTGRES ORRERY_TEST_POSTGRES_URL ORRERY_TEST_POSTGRES_BIN \
    ORRERY_TEST_REDIS ORRERY_TEST_REDIS_SERVER ORRERY_TEST_REDIS_CONF ORRERY_TEST_REDIS_PIDFILE \
    ORRERY_TEST_DOCKER ORRERY_TEST_ENGINE_IMAGE ORRERY_TEST_OOM_IMAGE
  return 0
}
