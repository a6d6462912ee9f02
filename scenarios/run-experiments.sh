#!/usr/bin/env bash
# Runs the issue 5 experiments (docs/experiments/README.md) into docs/experiments/<name>/ and writes the
# results table docs/experiments/results.md from their summary.json files (and cubic_fit.json).
#
#   mvn -B -DskipTests package          # once: builds nsm-host/target/nsaas.jar and target/plugins
#   scenarios/run-experiments.sh        # from the repository root; all experiments
#   scenarios/run-experiments.sh dctcp-pair cubic-pair   # only these (the table covers what is on disk)
#
# Needs java 17+ and jq. Each run writes summary.json, timeseries.csv (not committed) and the plots
# cwnd.png, queue.png, goodput.png; cubic-periodic-loss also cubic_fit.json (CubicWindowFit).
set -euo pipefail

JAR=nsm-host/target/nsaas.jar
OUT=docs/experiments
ALL=(dctcp-pair cubic-pair fairness-newreno fairness-cubic fairness-dctcp cubic-periodic-loss)

if [[ ! -f "$JAR" || ! -d target/plugins ]]; then
  echo "run-experiments.sh: $JAR or target/plugins is missing; run 'mvn -B -DskipTests package' in the repository root first" >&2
  exit 2
fi
command -v jq >/dev/null || { echo "run-experiments.sh: jq is needed to build the results table" >&2; exit 2; }

names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=("${ALL[@]}")
for name in "${names[@]}"; do
  conf=scenarios/$name.conf
  [[ -f "$conf" ]] || { echo "run-experiments.sh: no scenario $conf; expected one of: ${ALL[*]}" >&2; exit 2; }
  echo "== $name" >&2
  mkdir -p "$OUT/$name"
  if ! java -jar "$JAR" sim "$conf" --out "$OUT/$name" --plugins target/plugins 2>"$OUT/$name/sim.log" \
      > "$OUT/$name/summary.txt"; then
    tail -3 "$OUT/$name/sim.log" >&2
    echo "run-experiments.sh: $name failed (log: $OUT/$name/sim.log)" >&2
    exit 1
  fi
  sed -n '1,/^Jain/p' "$OUT/$name/summary.txt"
  if [[ $name == cubic-periodic-loss ]]; then
    java -cp "$JAR" io.nsaas.host.sim.CubicWindowFit "$OUT/$name/timeseries.csv" 0 > "$OUT/$name/cubic_fit.json"
    cat "$OUT/$name/cubic_fit.json"
  fi
done

# The table: one row per experiment found on disk, in the order above.
{
  echo "| experiment | queue p50 / p95 / p99 / max (packets) | utilization | drops | CE marks | goodput per flow (Mbps) | Jain (whole run) | Jain (last half) | W_cubic fit error median / p90 / max | sim speed (packets per wall s) | wall s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  for name in "${ALL[@]}"; do
    summary=$OUT/$name/summary.json
    [[ -f $summary ]] || continue
    fit=-
    if [[ -f $OUT/$name/cubic_fit.json ]]; then
      fit=$(jq -r 'def pct: . * 100 | . * 100 | round / 100 | tostring + "%";
        "\(.median_error | pct) / \(.p90_error | pct) / \(.max_error | pct) (\(.epochs) epochs, \(.concave_samples) concave + \(.convex_samples) convex samples)"' "$OUT/$name/cubic_fit.json")
    fi
    jq -r --arg name "$name" --arg fit "$fit" '
      def r(n): . * n | round / n;
      def fixed(d): pow(10; d) as $m | (. * $m | round) as $n
        | "\($n / $m | floor).\(($n % $m) + $m | tostring | .[1:])";
      .bottleneck as $b | $b.queue_packets as $q |
      "| \($name) | \($q.p50 | r(10)) / \($q.p95 | r(10)) / \($q.p99 | r(10)) / \($q.max | r(10)) | \($b.utilization | fixed(3)) | \($b.drops) | \($b.ce_marks) | \([.flows[] | .goodput_bps / 1e6 | fixed(1)] | join(" / ")) | \(.jain_fairness | fixed(3)) | \(.jain_fairness_last_half | fixed(3)) | \($fit) | \(.packets_sent / .wall_seconds | round) | \(.wall_seconds | r(10)) |"' "$summary"
  done
} > "$OUT/results.md"
echo "table: $OUT/results.md" >&2
cat "$OUT/results.md"
