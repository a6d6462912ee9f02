#!/usr/bin/env bash
# Bulk throughput of one plain java.net program (BulkTransfer, SHA-256 checked, two JVMs): on direct
# kernel sockets (baseline) and, unchanged, under the nsaas java agent in tenants vm-a (receiver) and
# vm-b (sender) of one host, both on the `kernel` stack. Alternates the two in each round; prints
# every round, then the median Gbit/s and the ratio. Aim: nsaas >= 0.9x.
# The kernel stack opens real kernel sockets and ignores the tenants' configured addresses, so the
# receiver binds 127.0.0.1 and the sender connects to it in both runs (see benchmarks/README.md).
# Usage: benchmarks/bulk.sh [--baseline-only] [ROUNDS=5] [BYTES=1G]
source "$(dirname "$0")/bench-lib.sh"
baseline_only=0
[ "${1:-}" = --baseline-only ] && { baseline_only=1; shift; }
rounds=${1:-5}; bytes=${2:-1G}
require_files "$BENCH_THIN_JAR"
token_a=$(new_token); token_b=$(new_token)
if [ $baseline_only = 0 ]; then
  require_files "$HOST_JAR" "$PLUGINS" "$AGENT_JAR"
  write_host_config "$BENCH_TMP/host.conf" \
    "vm-a { stack = kernel, address = \"10.0.0.1/24\", token = \"$token_a\" }" \
    "vm-b { stack = kernel, address = \"10.0.0.2/24\", token = \"$token_b\" }"
  start_host "$BENCH_TMP/host.conf"
fi
main=io.nsaas.bench.bulk.BulkTransfer

# bulk_round NAME RECEIVER_JVM_FLAGS SENDER_JVM_FLAGS SEED -> Gbit/s on stdout; exits 1 on a digest mismatch
bulk_round() {
  local name=$1 seed=$4 receiver sent got
  local -a receiver_flags=($2) sender_flags=($3)
  next_port
  spawn "$BENCH_TMP/$name-receiver.log" "$JAVA" "${receiver_flags[@]}" -cp "$BENCH_THIN_JAR" $main receive 127.0.0.1 "$PORT"
  receiver=$SPAWNED
  await_line "$BENCH_TMP/$name-receiver.log" '^LISTENING' "$receiver"
  spawn "$BENCH_TMP/$name-sender.log" "$JAVA" "${sender_flags[@]}" -cp "$BENCH_THIN_JAR" $main send 127.0.0.1 "$PORT" \
    "$bytes" "$seed"
  finish "$SPAWNED" "$BENCH_TMP/$name-sender.log" "$name sender"
  finish "$receiver" "$BENCH_TMP/$name-receiver.log" "$name receiver"
  sent=$(result_field "$BENCH_TMP/$name-sender.log" sha256); got=$(result_field "$BENCH_TMP/$name-receiver.log" sha256)
  if [ -z "$sent" ] || [ "$sent" != "$got" ]; then
    echo "$name: SHA-256 mismatch: sent $sent, received $got ($(result_field "$BENCH_TMP/$name-receiver.log" bytes) bytes)" >&2
    exit 1
  fi
  result_field "$BENCH_TMP/$name-receiver.log" gbit_s
}

kernel=(); ours=()
for ((i = 1; i <= rounds; i++)); do
  # Not in $(...): a subshell would lose the pids that the exit trap kills.
  bulk_round kernel "" "" "$i" >"$BENCH_TMP/rate"; kernel+=("$(cat "$BENCH_TMP/rate")")
  line="round $i/$rounds: kernel sockets ${kernel[-1]} Gbit/s"
  if [ $baseline_only = 0 ]; then
    bulk_round nsaas "$(agent_flag vm-a "$token_a")" "$(agent_flag vm-b "$token_b")" "$i" >"$BENCH_TMP/rate"
    ours+=("$(cat "$BENCH_TMP/rate")")
    line+=", nsaas (kernel stack) ${ours[-1]} Gbit/s"
  fi
  echo "$line, SHA-256 ok" >&2
done
m() { printf '%s\n' "$@" | median; }
if [ $baseline_only = 1 ]; then
  printf 'bulk: %d rounds of %s, kernel sockets median %s Gbit/s (no nsaas run)\n' "$rounds" "$bytes" "$(m "${kernel[@]}")"
else
  awk -v r="$rounds" -v b="$bytes" -v o="$(m "${ours[@]}")" -v k="$(m "${kernel[@]}")" \
    'BEGIN { printf "bulk: %d rounds of %s, SHA-256 ok: median nsaas %.3f Gbit/s, kernel sockets %.3f Gbit/s, ratio %.2fx\n", r, b, o, k, o / k }'
fi
