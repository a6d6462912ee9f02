#!/usr/bin/env bash
# 1-byte request/response latency of one plain java.net program (RequestResponse, TCP_NODELAY, two
# JVMs): over Linux loopback TCP (baseline) and, unchanged, under the nsaas java agent in tenants
# vm-a (server, 10.0.0.1) and vm-b (client) of one host, both on NewReno through the in-host switch.
# Alternates the two in each round; prints every round, then median p50/p99 and the ratios.
# Aim: nsaas below the kernel.
# NSM=dedicated (default, as the host's default config) gives each tenant its own NSM thread;
# NSM=shared runs both on one (config `nsm = bench`), one thread hand-off less per packet.
# Usage: [NSM=dedicated|shared] benchmarks/rr-latency.sh [--baseline-only] [ROUNDS=5] [N=50000] [WARMUP=20000]
#   (after `mvn -B -DskipTests package`; see benchmarks/README.md)
source "$(dirname "$0")/bench-lib.sh"
baseline_only=0
[ "${1:-}" = --baseline-only ] && { baseline_only=1; shift; }
rounds=${1:-5}; n=${2:-50000}; warmup=${3:-20000}
require_files "$BENCH_THIN_JAR"
token_a=$(new_token); token_b=$(new_token)
case ${NSM:=dedicated} in
  shared) nsm=", nsm = bench" ;;
  dedicated) nsm="" ;;
  *) echo "NSM must be shared or dedicated, got '$NSM'" >&2; exit 2 ;;
esac
if [ $baseline_only = 0 ]; then
  require_files "$HOST_JAR" "$PLUGINS" "$AGENT_JAR"
  write_host_config "$BENCH_TMP/host.conf" \
    "vm-a { stack = newreno, address = \"10.0.0.1/24\", token = \"$token_a\"$nsm }" \
    "vm-b { stack = newreno, address = \"10.0.0.2/24\", token = \"$token_b\"$nsm }"
  start_host "$BENCH_TMP/host.conf"
fi
main=io.nsaas.bench.rr.RequestResponse

# rr_round NAME SERVER_ADDRESS SERVER_JVM_FLAGS CLIENT_JVM_FLAGS -> $BENCH_TMP/NAME-client.log
rr_round() {
  local name=$1 address=$2 server
  local -a server_flags=($3) client_flags=($4)
  next_port
  spawn "$BENCH_TMP/$name-server.log" "$JAVA" "${server_flags[@]}" -cp "$BENCH_THIN_JAR" $main server "$address" "$PORT"
  server=$SPAWNED
  await_line "$BENCH_TMP/$name-server.log" '^LISTENING' "$server"
  spawn "$BENCH_TMP/$name-client.log" "$JAVA" "${client_flags[@]}" -cp "$BENCH_THIN_JAR" $main client "$address" "$PORT" \
    "$warmup" "$n"
  finish "$SPAWNED" "$BENCH_TMP/$name-client.log" "$name client"
  finish "$server" "$BENCH_TMP/$name-server.log" "$name server"
}

k_p50=(); k_p99=(); o_p50=(); o_p99=()
for ((i = 1; i <= rounds; i++)); do
  rr_round kernel 127.0.0.1 "" ""
  k_p50+=("$(result_field "$BENCH_TMP/kernel-client.log" p50_us)"); k_p99+=("$(result_field "$BENCH_TMP/kernel-client.log" p99_us)")
  line="round $i/$rounds: loopback p50 ${k_p50[-1]} us p99 ${k_p99[-1]} us"
  if [ $baseline_only = 0 ]; then
    rr_round nsaas 10.0.0.1 "$(agent_flag vm-a "$token_a")" "$(agent_flag vm-b "$token_b")"
    o_p50+=("$(result_field "$BENCH_TMP/nsaas-client.log" p50_us)"); o_p99+=("$(result_field "$BENCH_TMP/nsaas-client.log" p99_us)")
    line+=", nsaas p50 ${o_p50[-1]} us p99 ${o_p99[-1]} us"
  fi
  echo "$line" >&2
done
m() { printf '%s\n' "$@" | median; }
if [ $baseline_only = 1 ]; then
  printf 'rr-latency: %d rounds of %d, loopback median p50 %s us, p99 %s us (no nsaas run)\n' \
    "$rounds" "$n" "$(m "${k_p50[@]}")" "$(m "${k_p99[@]}")"
else
  echo "rr-latency: $rounds rounds of $n 1-byte round trips (warm-up $warmup), nsaas = vm-a/vm-b on newreno, $NSM NSM"
  for q in p50 p99; do
    if [ $q = p50 ]; then o=$(m "${o_p50[@]}"); k=$(m "${k_p50[@]}"); else o=$(m "${o_p99[@]}"); k=$(m "${k_p99[@]}"); fi
    awk -v q=$q -v o="$o" -v k="$k" \
      'BEGIN { printf "rr-latency: median %s nsaas %.2f us, loopback %.2f us, ratio %.2fx\n", q, o, k, o / k }'
  done
fi
