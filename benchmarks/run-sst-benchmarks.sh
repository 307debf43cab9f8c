#!/usr/bin/env bash
# End-to-end benchmarks of the sst command line over the 1,000,000-record data set of
# shared/bench/DATA.md: the table tools (issue 4) and the Beam jobs on the direct runner
# (issues 5 and 6), against the Rust figures of DATA.md.
#
#   benchmarks/run-sst-benchmarks.sh [tables|pipelines|all]      # default: all, best of RUNS=3
#
# Needs bench.log (BENCH_LOG, default /work/bench-data/bench.log; write it with
# benchmarks/run-log-benchmarks.sh, which also checks its sha256). Builds pipelines/target/sst.jar
# with ./sst if needed. Each command runs as its own JVM, timed by wall clock (start-up included,
# as in the Rust figures); with /usr/bin/time, user/sys time and peak RSS of the best run too.
# Output: name  seconds(best)  MB/s of bench.log  ratio-vs-reference  [all runs]  user/sys/RSS
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
what="${1:-all}"
data="${BENCH_LOG:-/work/bench-data/bench.log}"
work="${BENCH_DIR:-$(dirname "$data")/sst-bench}"
runs="${RUNS:-3}"
# shellcheck source=bench-lib.sh
. "$here/bench-lib.sh"
if [ ! -f "$data" ]; then
  echo "no $data: run benchmarks/run-log-benchmarks.sh first (it writes and checks bench.log)" >&2
  exit 1
fi
"$root/sst" --version >/dev/null   # builds the jar if needed
size=$(stat -c %s "$data")
mkdir -p "$work"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/sst-bench.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

# run NAME REFERENCE_SECONDS REFERENCE_NAME PREPARE -- COMMAND...: best of $runs by wall time.
# PREPARE is a shell snippet run before each timed run (e.g. removing the previous output).
run() {
  local name="$1" ref="$2" refname="$3" prepare="$4"
  shift 5
  time_best "$prepare" "$@"
  local ratio="-"
  if [ "$ref" != "-" ]; then
    ratio=$(awk -v s="$best" -v r="$ref" -v n="$refname" 'BEGIN { printf "%.2fx %s (%.2f s)", s / r, n, r }')
  fi
  printf '%-22s %7.2f s %7.1f MB/s  %-30s [%s ]  %s\n' "$name" "$best" \
    "$(awk -v n="$size" -v s="$best" 'BEGIN { print n / 1e6 / s }')" "$ratio" "$all" \
    "$(resources_of "$best_i")"
  cp "$scratch/out.$best_i" "$work/$name.out"
}

jar="$root/pipelines/target/sst.jar"

echo "# $(date -u +%FT%TZ)  $(nproc) cores  load: $(cut -d' ' -f1-3 /proc/loadavg)  bench.log $size bytes"

if [ "$what" = tables ] || [ "$what" = all ]; then
  # sst-from-log with a 256 MiB heap: the external sorter spills to runs beside the output.
  run sst-from-log 11.47 "rust sst-from-log" "rm -f '$work/bench.sst'" -- \
    java -Xmx256m -jar "$jar" sst-from-log --input "$data" --output "$work/bench.sst"
  echo "  bench.sst sha256 $(sha256sum "$work/bench.sst" | cut -d' ' -f1)  (Rust: e74d85b3e5464ed9e9669cd159ac291bfcefa0714e8818e78cf8ce31730023be)"
  run sst-checksum 3.66 "rust sst-checksum" ":" -- java -jar "$jar" sst-checksum "$work/bench.sst"
  echo "  $(cat "$work/sst-checksum.out")"
  run sst-checksum-fast 0.08 "rust --fast" ":" -- java -jar "$jar" sst-checksum --fast "$work/bench.sst"
  run log-checksum 3.52 "rust log-checksum" ":" -- java -jar "$jar" log-checksum "$data"
fi

if [ "$what" = pipelines ] || [ "$what" = all ]; then
  if [ ! -f "$work/log-checksum.out" ]; then
    run log-checksum 3.52 "rust log-checksum" ":" -- java -jar "$jar" log-checksum "$data"
  fi
  [ -f "$work/bench.sst" ] || java -Xmx256m -jar "$jar" sst-from-log --input "$data" --output "$work/bench.sst"
  # audit --logs is LogIO.read + Setsums.globally on the direct runner.
  run audit-logs 3.52 "rust log-checksum" ":" -- java -jar "$jar" audit --logs "$data"
  run convert 11.47 "rust sst-from-log" "rm -rf '$work/tables'" -- \
    java -Xmx1g -jar "$jar" convert --input "$data" --output "$work/tables"
  grep -E "^converted|^balance" "$work/convert.out" | sed 's/^/  /'
  run audit 3.52 "rust log-checksum" ":" -- \
    java -jar "$jar" audit --logs "$data" --tables "$work/tables"
  sed 's/^/  /' "$work/audit.out"
  # The same conversion with the data split into 8 logs.
  if [ ! -f "$work/split8/7.log" ]; then
    rm -rf "$work/split8"
    java -cp "$here/target/benchmarks.jar" dev.sstbeam.benchmarks.SplitBenchLog "$data" "$work/split8" 8 >/dev/null
  fi
  run convert-8-logs 11.47 "rust sst-from-log" "rm -rf '$work/tables8'" -- \
    java -Xmx1g -jar "$jar" convert --input "$work/split8/*.log" --output "$work/tables8"
  grep -E "^converted|^balance" "$work/convert-8-logs.out" | sed 's/^/  /'
fi
