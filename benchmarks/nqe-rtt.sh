#!/usr/bin/env bash
# NQE round trip: a NOP NQE from a guest JVM (ChannelGuest#nop) through a real `nsaas host` and back,
# against a raw agrona ring ping-pong of one 32-byte NQE between two JVMs over the same ring types
# (busy-spinning on both sides). Alternates the two in each round and prints every round, then the
# medians of p50/p99/mean and the ratios. Aim: nsaas <= 2x the ring ping-pong.
# Usage: benchmarks/nqe-rtt.sh [--baseline-only] [ROUNDS=5] [N=200000] [WARMUP=50000]
#   (after `mvn -B -DskipTests package`; see benchmarks/README.md)
source "$(dirname "$0")/bench-lib.sh"
baseline_only=0
[ "${1:-}" = --baseline-only ] && { baseline_only=1; shift; }
rounds=${1:-5}; n=${2:-200000}; warmup=${3:-50000}
require_files "$BENCH_JAR"
token=$(new_token)
if [ $baseline_only = 0 ]; then
  require_files "$HOST_JAR" "$PLUGINS"
  write_host_config "$BENCH_TMP/host.conf" "vm-a { stack = newreno, address = \"10.0.0.1/24\", token = \"$token\" }"
  start_host "$BENCH_TMP/host.conf"
fi
bench=("$JAVA" "${AGRONA_FLAGS[@]}" -cp "$BENCH_JAR")

ring_round() { # -> $BENCH_TMP/ring.log
  local file=$BENCH_SHM/ring-$1 pong
  spawn "$BENCH_TMP/pong.log" "${bench[@]}" io.nsaas.bench.rtt.RingPingPong pong "$file"; pong=$SPAWNED
  spawn "$BENCH_TMP/ring.log" "${bench[@]}" io.nsaas.bench.rtt.RingPingPong ping "$file" "$warmup" "$n"
  finish "$SPAWNED" "$BENCH_TMP/ring.log" "ring ping"
  finish "$pong" "$BENCH_TMP/pong.log" "ring pong"
  rm -f "$file"
}
nop_round() { # -> $BENCH_TMP/nop.log
  spawn "$BENCH_TMP/nop.log" "${bench[@]}" io.nsaas.bench.rtt.NopRoundTrip "$CONTROL_SOCKET" vm-a "$token" "$warmup" "$n"
  finish "$SPAWNED" "$BENCH_TMP/nop.log" "NOP round trips"
}

ring_p50=(); ring_p99=(); ring_mean=(); nop_p50=(); nop_p99=(); nop_mean=()
for ((i = 1; i <= rounds; i++)); do
  ring_round "$i"
  ring_p50+=("$(result_field "$BENCH_TMP/ring.log" p50_us)"); ring_p99+=("$(result_field "$BENCH_TMP/ring.log" p99_us)")
  ring_mean+=("$(result_field "$BENCH_TMP/ring.log" mean_us)")
  line="round $i/$rounds: agrona p50 ${ring_p50[-1]} us p99 ${ring_p99[-1]} us"
  if [ $baseline_only = 0 ]; then
    nop_round
    nop_p50+=("$(result_field "$BENCH_TMP/nop.log" p50_us)"); nop_p99+=("$(result_field "$BENCH_TMP/nop.log" p99_us)")
    nop_mean+=("$(result_field "$BENCH_TMP/nop.log" mean_us)")
    line+=", nsaas p50 ${nop_p50[-1]} us p99 ${nop_p99[-1]} us"
  fi
  echo "$line" >&2
done
m() { printf '%s\n' "$@" | median; }
summary() { # what nsaas agrona
  awk -v w="$1" -v o="$2" -v b="$3" 'BEGIN { printf "nqe-rtt: median %s nsaas %.2f us, agrona %.2f us, ratio %.2fx\n", w, o, b, o / b }'
}
if [ $baseline_only = 1 ]; then
  printf 'nqe-rtt: %d rounds of %d, agrona ring median p50 %s us, p99 %s us, mean %s us (no nsaas run)\n' \
    "$rounds" "$n" "$(m "${ring_p50[@]}")" "$(m "${ring_p99[@]}")" "$(m "${ring_mean[@]}")"
else
  echo "nqe-rtt: $rounds rounds of $n round trips (warm-up $warmup), 32-byte NQE"
  summary p50 "$(m "${nop_p50[@]}")" "$(m "${ring_p50[@]}")"
  summary p99 "$(m "${nop_p99[@]}")" "$(m "${ring_p99[@]}")"
  summary mean "$(m "${nop_mean[@]}")" "$(m "${ring_mean[@]}")"
fi
