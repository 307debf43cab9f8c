#!/usr/bin/env bash
# End-to-end log benchmarks over the deterministic data set of shared/bench/DATA.md.
#
#   benchmarks/run-log-benchmarks.sh            # best of 3 runs each
#   RUNS=5 JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java benchmarks/run-log-benchmarks.sh
#
# Builds benchmarks/target/benchmarks.jar if needed (offline Maven), writes bench.log with
# WriteBenchLog if it is missing (and checks its sha256 against DATA.md), then times, each as a
# separate JVM and by process wall time (JVM start-up included, as Rust's figures include theirs):
#   write-bench-log   generator + LogWriter append/seal of a fresh copy   (Rust 4.22 s)
#   log-checksum(2)   LogChecksum.of(bench.log, 2)                        (Rust log-checksum 3.52 s)
#   log-read-seq      LogReader over bench.log, CRCs checked, no setsum   (no Rust figure)
# Output: name  seconds(best)  MB/s  ratio-vs-rust  [all runs]  user/sys and max RSS of the best
# run when /usr/bin/time is available. MB = 10^6 bytes of bench.log.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
data="${BENCH_LOG:-/work/bench-data/bench.log}"
runs="${RUNS:-3}"
java="${JAVA:-java}"
java_opts="${JAVA_OPTS:-}"
# shellcheck source=bench-lib.sh
. "$here/bench-lib.sh"

newest_source="$(find "$root/format/src/main" "$here/src/main" "$root/pom.xml" "$here/pom.xml" \
  "$root/format/pom.xml" -newer "$jar" -print -quit 2>/dev/null || true)"
if [ ! -f "$jar" ] || [ -n "$newest_source" ]; then
  echo "# building $jar" >&2
  (cd "$root" && mvn -B -o -q -pl format,benchmarks -am package -DskipTests)
fi

mkdir -p "$(dirname "$data")"
if [ ! -f "$data" ]; then
  echo "# generating $data" >&2
  "$java" $java_opts -cp "$jar" dev.sstbeam.benchmarks.WriteBenchLog "$data" >&2
fi
size=$(stat -c %s "$data")

scratch="$(mktemp -d "${TMPDIR:-/tmp}/sst-bench.XXXXXX")"
write_target="$(dirname "$data")/bench.write-test.log"
trap 'rm -rf "$scratch"; rm -f "$write_target"' EXIT

# run NAME RUST_SECONDS CLASS ARGS... : best of $runs by wall time.
run() {
  local name="$1" rust="$2" cls="$3"
  shift 3
  time_best 'rm -f "$write_target"' "$java" $java_opts -cp "$jar" "$cls" "$@"
  local ratio="-"
  if [ "$rust" != "-" ]; then
    ratio=$(awk -v s="$best" -v r="$rust" 'BEGIN { printf "%.2fx (rust %.2f s)", s / r, r }')
  fi
  printf '%-16s %7.3f s %8.1f MB/s  %-22s [%s ]  %s\n' "$name" "$best" \
    "$(awk -v n="$size" -v s="$best" 'BEGIN { print n / 1e6 / s }')" "$ratio" "$all" \
    "$(resources_of "$best_i")"
  grep -E 'MISMATCH' "$scratch/out.$best_i" && { echo "$name: result does not match DATA.md" >&2; exit 1; }
  return 0
}

echo "# $(date -Is)  $(uptime)"
echo "# $("$java" -version 2>&1 | head -1)  opts='${java_opts}'  data=$data ($size bytes)  runs=$runs"
printf '%-16s %9s %13s  %-22s %s\n' name seconds MB/s ratio-vs-rust "runs / best run"
run write-bench-log 4.22 dev.sstbeam.benchmarks.WriteBenchLog "$write_target" --no-sha256
run log-checksum-2 3.52 dev.sstbeam.benchmarks.ChecksumBenchLog "$data" 2
run log-read-seq - dev.sstbeam.benchmarks.ReadBenchLog "$data"
echo "# $(uptime)"
