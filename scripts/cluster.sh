#!/usr/bin/env bash
# A local three-replica Orrery cluster on loopback, in one command (README "A local cluster", docs/operations.md).
#
#   scripts/cluster.sh [--demo N] [--replicas N]
#
# 1. PostgreSQL and Redis: the servers named by ConnectionStrings__Postgres / ConnectionStrings__Redis when both
#    are set, otherwise throwaway ones started on loopback by scripts/test-servers.sh (removed again on exit).
# 2. Builds Orrery once (Release).
# 3. Starts the replicas: `orrery up` with Orrery__Cluster__Enabled=true, Orrery__Store=postgres,
#    Orrery__Streams=redis, HTTP on http://127.0.0.1:748N and the Orleans silo on 127.0.0.1:1111N. The first one
#    starts (and migrates the database) alone; the others join it. Engines: on Docker when a dockerd answers
#    (DOCKER_HOST or the default socket), with the reference engine image built by deploy/engine-image/build.sh;
#    otherwise engine processes, every replica sharing one data directory and so one engines directory (the
#    process host in a cluster is for a local demo on one machine only: SPEC §10).
# 4. Prints the dashboards and how to kill a replica, then waits. Ctrl-C, SIGTERM, SIGHUP or an error at any step
#    stops the replicas, their engines, a build or image build in progress and the servers it started (once,
#    however many signals arrive). Logs: $ORRERY_CLUSTER_DIR/replica-N.log (a fresh temporary directory by default).
#
# Options: --demo N       demo games registered and started by the first replica (default 0)
#          --replicas N   replicas to start, 1 to 9 (default 3)
# Settings: ORRERY_CLUSTER_DIR (working directory, default a new one under /tmp), ORRERY_CLUSTER_ENGINE_HOST
#           (process or docker: skip the detection), ORRERY_CLUSTER_HTTP_PORT_BASE / ORRERY_CLUSTER_SILO_PORT_BASE
#           (replica N listens on base + N; defaults 7480 and 11110), any Orrery__* variable (passed to every replica).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
demo=0
replicas=3
while [ $# -gt 0 ]; do
  case "$1" in
    --demo) [ $# -ge 2 ] || { echo "cluster: --demo needs a number" >&2; exit 2; }; demo=$2; shift 2 ;;
    --replicas) [ $# -ge 2 ] || { echo "cluster: --replicas needs a number" >&2; exit 2; }; replicas=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "cluster: unknown option $1 (--demo N, --replicas N)" >&2; exit 2 ;;
  esac
done
[[ "$demo" =~ ^[0-9]+$ ]] || { echo "cluster: --demo takes a number of games" >&2; exit 2; }
[[ "$replicas" =~ ^[1-9]$ ]] || { echo "cluster: --replicas takes 1 to 9" >&2; exit 2; }

# The script's own stderr, kept on fd 3: a trap can run inside a redirected step (a build writing to its log), and
# cleanup's messages must still reach the terminal. Children get no fd 3.
exec 3>&2
say() { echo "cluster: $*" >&3; }
http_port() { echo $(( ${ORRERY_CLUSTER_HTTP_PORT_BASE:-7480} + $1 )); }
silo_port() { echo $(( ${ORRERY_CLUSTER_SILO_PORT_BASE:-11110} + $1 )); }

# Nothing of ours may be listening already: a replica that cannot bind dies, and another cluster's would be counted.
port_in_use() { awk -v p="$(printf ':%04X' "$1")" 'FNR > 1 && $4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' /proc/net/tcp /proc/net/tcp6 2> /dev/null; }
for (( i = 1; i <= replicas; i++ )); do
  for port in "$(http_port "$i")" "$(silo_port "$i")"; do
    if port_in_use "$port"; then
      say "port $port is in use (another cluster or orrery up?): stop it first"
      exit 1
    fi
  done
done

work=${ORRERY_CLUSTER_DIR:-$(mktemp -d /tmp/orrery-cluster.XXXXXX)}
mkdir -p "$work"
data=$work/data
pids=()
started_servers=0
stopping=0
engine_host=""
stack="cluster-$(basename "$work")"

# Runs on every way out (EXIT after an error, a signal, or the end), once: a second signal meanwhile is ignored so
# the servers are always stopped. Every background job of the script is stopped, also one started just before the
# signal and not yet in pids (a replica, a build).
cleanup() {
  [ "$stopping" = 1 ] && return
  stopping=1
  trap '' INT TERM HUP
  set +e
  say "stopping..."
  local pid
  pids+=($(jobs -p))
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2> /dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 150); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2> /dev/null
  done
  # Engines outlive the nodes by design: the demo's go with it.
  if [ "$engine_host" = docker ]; then
    docker ps -aq --filter "label=orrery.stack=$stack" | xargs -r docker rm -f > /dev/null
  elif [ -d "$data/engines" ]; then
    for manifest in "$data"/engines/*.json; do
      [ -e "$manifest" ] || continue
      pid=$(sed -n 's/.*"pid"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$manifest" | head -n1)
      [ -n "$pid" ] && kill -KILL "$pid" 2> /dev/null
    done
  fi
  [ "$started_servers" = 1 ] && test_servers_stop
  say "stopped; logs and data left in $work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# A long step runs as a background job the script waits for: a signal then stops the script at once (bash runs a
# trap only between commands, so a foreground build would delay it by minutes), and cleanup stops the job too.
interruptible() { "$@" 3>&- & wait $!; }

# --- PostgreSQL and Redis ---------------------------------------------------------------------------------
if [ -n "${ConnectionStrings__Postgres:-}" ] && [ -n "${ConnectionStrings__Redis:-}" ]; then
  say "using the servers in ConnectionStrings__Postgres and ConnectionStrings__Redis"
else
  # shellcheck source=scripts/test-servers.sh
  source "$repo/scripts/test-servers.sh"
  # Servers of its own, never ones a caller's environment names (test_servers_start would reuse them, and cleanup
  # stop them). Marked before starting: a signal or failure half-way still stops what did start.
  unset ORRERY_TEST_SERVERS_DIR
  started_servers=1
  ORRERY_TEST_SERVERS="postgres redis" ORRERY_REQUIRE_SERVERS=1 test_servers_start || { say "could not start PostgreSQL and Redis"; exit 1; }
  export ConnectionStrings__Postgres="$ORRERY_TEST_POSTGRES" ConnectionStrings__Redis="$ORRERY_TEST_REDIS"
fi

# --- engines ----------------------------------------------------------------------------------------------
engine_host=${ORRERY_CLUSTER_ENGINE_HOST:-}
if [ -z "$engine_host" ]; then
  if command -v docker > /dev/null && timeout 5 docker info > /dev/null 2>&1; then engine_host=docker; else engine_host=process; fi
fi
export Orrery__EngineHost=$engine_host
if [ "$engine_host" = docker ]; then
  say "engines on Docker (${DOCKER_HOST:-the default socket}); building the reference engine image"
  interruptible "$repo/deploy/engine-image/build.sh" > "$work/image.out"
  image=$(tail -n1 "$work/image.out")
  export Orrery__BundledEngineImage=$image
else
  say "no dockerd answers: engines run as processes, every replica sharing $data/engines"
fi

# --- build ------------------------------------------------------------------------------------------------
say "building Orrery (Release)"
interruptible dotnet build "$repo/src/Orrery" -c Release -nologo -clp:ErrorsOnly -v quiet > "$work/build.log" 2>&1 \
  || { tail -n 20 "$work/build.log" >&2; say "build failed (log $work/build.log)"; exit 1; }
orrery=$repo/src/Orrery/bin/Release/net10.0/orrery

# --- replicas ---------------------------------------------------------------------------------------------
# Replicas must share their player-token keys (docs/live-sessions.md): one for this run unless one is given.
live_key=${Orrery__Live__SigningKeys__0:-$(head -c 32 /dev/urandom | base64)}
start_replica() {
  local n=$1 args=(up --urls "http://127.0.0.1:$(http_port "$1")" --data "$data" --stack "$stack")
  [ "$n" = 1 ] && [ "$demo" -gt 0 ] && args+=(--demo "$demo")
  Orrery__Store=postgres Orrery__Streams=redis Orrery__Live__SigningKeys__0="$live_key" \
    Orrery__Cluster__Enabled=true Orrery__Cluster__SiloPort="$(silo_port "$n")" Orrery__Cluster__AdvertisedIp=127.0.0.1 \
    "$orrery" "${args[@]}" > "$work/replica-$n.log" 2>&1 3>&- &
  pids+=("$!")
}

wait_ready() {
  local n=$1 pid=${pids[$(( $1 - 1 ))]}
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$(http_port "$n")/readyz" > /dev/null 2>&1 && return 0
    kill -0 "$pid" 2> /dev/null || { tail -n 20 "$work/replica-$n.log" >&2; say "replica $n exited (log $work/replica-$n.log)"; return 1; }
    sleep 0.1
  done
  say "replica $n did not become ready in 60 s (log $work/replica-$n.log)"
  return 1
}

# The first replica migrates the database alone; the others join once it is up.
start_replica 1
wait_ready 1
for (( i = 2; i <= replicas; i++ )); do start_replica "$i"; done
for (( i = 2; i <= replicas; i++ )); do wait_ready "$i"; done

echo
echo "Orrery cluster of $replicas replicas is up (engines: $engine_host; logs in $work):"
for (( i = 1; i <= replicas; i++ )); do
  echo "  replica $i  dashboard http://127.0.0.1:$(http_port "$i")/   silo 127.0.0.1:$(silo_port "$i")   pid ${pids[$(( i - 1 ))]}"
done
echo
echo "  members:      $orrery cluster status --url http://127.0.0.1:$(http_port 1)"
echo "  kill one:     kill -9 ${pids[$(( replicas > 1 ? 1 : 0 ))]}   (replica $(( replicas > 1 ? 2 : 1 )); its games move to the others within seconds)"
echo "  hang one:     kill -STOP ${pids[$(( replicas > 1 ? 1 : 0 ))]}   (kill -CONT to wake it: it finds itself declared dead)"
echo
echo "Ctrl-C (or SIGTERM) stops the replicas, their engines and the servers this script started."
# Returns when a replica exits; the script stays until Ctrl-C, so a replica killed for the demo does not end it.
while true; do wait || true; sleep 1; done
