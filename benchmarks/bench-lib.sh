# Shared by benchmarks/nqe-rtt.sh, rr-latency.sh and bulk.sh (sourced, not run). Gives: jar checks,
# a temporary host config with fresh tokens, starting the NSM host and waiting for its control
# socket, background processes that are all killed on exit, RESULT-line parsing and medians.
# Run the scripts from anywhere; they cd to the repository root.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAVA=${JAVA:-java}
HOST_JAR=nsm-host/target/nsaas.jar
AGENT_JAR=guestlib/target/nsaas-guestlib.jar
BENCH_JAR=benchmarks/target/benchmarks.jar          # shaded: bench programs + agrona + guestlib
BENCH_THIN_JAR=benchmarks/target/benchmarks-1.0.0.jar # bench programs only (JDK-only mains, for the agent runs)
PLUGINS=target/plugins
AGRONA_FLAGS=(--add-exports java.base/jdk.internal.misc=ALL-UNNAMED)

BENCH_TMP=$(mktemp -d /tmp/nsaas-bench.XXXXXX)
BENCH_SHM=$(mktemp -d /dev/shm/nsaas-bench.XXXXXX)
CONTROL_SOCKET=$BENCH_TMP/control.sock
BENCH_PIDS=()
HOST_PID=
PORT=$((20000 + RANDOM % 20000))

bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}" $HOST_PID; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${BENCH_PIDS[@]}" $HOST_PID; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$BENCH_TMP" "$BENCH_SHM"
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# require_files FILE...: exits 2 naming the missing build output.
require_files() {
  local f
  for f in "$@"; do
    [ -e "$f" ] || { echo "$f is missing: run 'mvn -B -DskipTests package' in the repository root first" >&2; exit 2; }
  done
}

# new_token: 32 random hex characters.
new_token() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }

# write_host_config FILE TENANT-LINE...: a host config whose control socket, shm dir and work dir
# live in this run's temporary directories; $HOST_CHANNEL, when set, is the body of its
# nsaas.host.channel section (e.g. "chunk-size = 256KiB"). Each TENANT-LINE is a HOCON tenant entry, e.g.
#   'vm-a { stack = newreno, address = "10.0.0.1/24", token = "..." }'
write_host_config() {
  local file=$1; shift
  {
    echo "nsaas {"
    echo "  host {"
    echo "    plugins = [ \"$PWD/$PLUGINS\" ]"
    echo "    work-dir = \"$BENCH_TMP/work\""
    echo "    control-socket = \"$CONTROL_SOCKET\""
    echo "    shm-dir = \"$BENCH_SHM\""
    [ -z "${HOST_CHANNEL:-}" ] || echo "    channel { $HOST_CHANNEL }"
    echo "  }"
    echo "  tenants {"
    printf '    %s\n' "$@"
    echo "  }"
    echo "}"
  } >"$file"
}

# agent_flag TENANT TOKEN: the -javaagent option that runs a JVM as TENANT of this run's host.
agent_flag() { echo "-javaagent:$PWD/$AGENT_JAR=tenant=$1,token=$2,control=$CONTROL_SOCKET"; }

# start_host CONFIG: starts `nsaas host` (log in $BENCH_TMP/host.log) and waits up to 60 s for its
# control socket; exits 1 with the log's tail when the host dies or never listens.
start_host() {
  local config=$1 log=$BENCH_TMP/host.log socket=$CONTROL_SOCKET
  "$JAVA" -jar "$HOST_JAR" host --config "$config" >"$log" 2>&1 &
  HOST_PID=$!
  for _ in $(seq 600); do
    [ -S "$socket" ] && { echo "host started (pid $HOST_PID), control socket $socket" >&2; return 0; }
    kill -0 "$HOST_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "the nsaas host did not open its control socket $socket; its log:" >&2
  tail -n 20 "$log" >&2
  exit 1
}

# spawn LOG CMD...: runs CMD in the background with output to LOG, killed after $ROUND_TIMEOUT
# seconds (default 300: a hung transfer fails the run instead of stalling it); its pid is in
# $SPAWNED and is killed on exit if still running.
ROUND_TIMEOUT=${ROUND_TIMEOUT:-300}
spawn() {
  local log=$1; shift
  timeout "$ROUND_TIMEOUT" "$@" >"$log" 2>&1 &
  SPAWNED=$!
  BENCH_PIDS+=("$SPAWNED")
}

# await_line LOG PATTERN PID: waits up to 60 s for a line matching PATTERN in LOG while PID lives.
await_line() {
  local log=$1 pattern=$2 pid=$3
  for _ in $(seq 600); do
    grep -q "$pattern" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "no '$pattern' from the process logging to $log; its output:" >&2
  tail -n 20 "$log" >&2
  exit 1
}

# finish PID LOG WHAT: waits for PID; on failure prints LOG and exits 1.
finish() {
  local pid=$1 log=$2 what=$3 rc=0
  wait "$pid" || rc=$?
  if [ $rc = 124 ]; then
    echo "$what did not finish within ROUND_TIMEOUT=${ROUND_TIMEOUT}s and was killed (hung?); its output:" >&2
    tail -n 20 "$log" >&2
    exit 1
  elif [ $rc != 0 ]; then
    echo "$what failed (exit $rc); its output:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
}

# result_field LOG KEY: the value of KEY=value on LOG's RESULT line.
result_field() {
  grep '^RESULT' "$1" | tail -n 1 | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# median: the median of the numbers on stdin, one per line.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# next_port: sets PORT to a new TCP port for one round (reusing one could meet TIME_WAIT).
next_port() { PORT=$((PORT + 1)); }
