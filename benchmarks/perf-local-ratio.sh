#!/usr/bin/env bash
# Throughput of `nsaas perf local` on a packet-level stack against the kernel stack (Linux loopback),
# alternating runs in one script so both see the same machine load. Prints each run and the ratio of
# the medians. Usage: benchmarks/perf-local-ratio.sh [STACK=newreno] [BYTES=200MB] [ROUNDS=5]
# Run from the repository root after `mvn -DskipTests package`.
set -euo pipefail
stack=${1:-newreno}
bytes=${2:-200MB}
rounds=${3:-5}
jar=nsm-host/target/nsaas.jar
[ -f "$jar" ] || { echo "$jar is missing: run mvn -B -DskipTests package first" >&2; exit 2; }

run() { # stack -> gbps
  local json
  json=$(java -jar "$jar" perf local --stack "$1" --bytes "$bytes" --json 2>/dev/null)
  case "$json" in *'"integrity":"ok"'*) ;; *) echo "perf local --stack $1 failed: $json" >&2; exit 1;; esac
  sed -E 's/.*"gbps":([0-9.]+).*/\1/' <<<"$json"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ours=(); kernel=()
for ((i = 1; i <= rounds; i++)); do
  k=$(run kernel); o=$(run "$stack")
  kernel+=("$k"); ours+=("$o")
  echo "round $i/$rounds: kernel $k Gbit/s, $stack $o Gbit/s" >&2
done
mk=$(printf '%s\n' "${kernel[@]}" | median)
mo=$(printf '%s\n' "${ours[@]}" | median)
awk -v s="$stack" -v mo="$mo" -v mk="$mk" -v b="$bytes" -v r="$rounds" \
  'BEGIN { printf "perf local, %s per run, %d rounds: median %s %.3f Gbit/s, kernel %.3f Gbit/s, ratio %.2fx\n", b, r, s, mo, mk, mo / mk }'
