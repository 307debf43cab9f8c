#!/usr/bin/env bash
# Side by side with the Rust crate's own tools, on the 1,000,000-record data set of
# shared/bench/DATA.md: each row runs the Java command and the Rust command in turn (J R J R ...),
# RUNS times each, under /usr/bin/time -v, and prints the median wall time, CPU time (user + sys)
# and peak RSS of each side, and the Java/Rust ratios. Machine speed drifts by 2x from day to day,
# so only ratios taken in the same minutes mean anything.
#
#   benchmarks/vs-rust.sh                      # every row, RUNS=3
#   RUNS=5 benchmarks/vs-rust.sh log-checksum sst-checksum
#
# Rows: log-checksum sst-checksum sst-from-log write-log convert audit
# Rust tools: RUST_BIN=DIR, else ../shared/rust-ref/bin beside the repository; without them the
# script says so and prints the Java figures only. Data: BENCH_LOG (default
# /work/bench-data/bench.log, written and checked by benchmarks/run-log-benchmarks.sh); outputs go
# to a scratch directory beside it, removed at the end. Java runs through ./sst (JAVA_OPTS is
# passed on; with no flags, as a user runs it) except write-log (WriteBenchLog on the JVM ./sst
# chooses, the Rust side being `gen bench`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
runs="${RUNS:-3}"
data="${BENCH_LOG:-/work/bench-data/bench.log}"
rust="${RUST_BIN:-$root/../shared/rust-ref/bin}"
all_rows=(log-checksum sst-checksum sst-from-log write-log convert audit)
rows=("$@")
[ ${#rows[@]} -gt 0 ] || rows=("${all_rows[@]}")

if [ ! -x /usr/bin/time ] || ! /usr/bin/time -v true >/dev/null 2>&1; then
  echo "vs-rust.sh needs GNU time at /usr/bin/time (Debian package: time)" >&2
  exit 1
fi
if [ ! -f "$data" ]; then
  echo "no $data: run benchmarks/run-log-benchmarks.sh first (it writes and checks bench.log)" >&2
  exit 1
fi
have_rust=1
if [ ! -x "$rust/log-checksum" ]; then
  have_rust=0
  echo "# no Rust tools at $rust (set RUST_BIN=DIR): Java figures only"
fi

"$root/sst" --version >/dev/null   # builds the jar if needed
# The JVM ./sst runs on (its JDK choice, README "The sst command line"): WriteBenchLog runs on it
# too, with the serial collector, and the vector module and eager hashing when it has them, as
# ./sst would run a command that writes a log.
sst_home="$(JAVA_OPTS=-XshowSettings:properties "$root/sst" --version 2>&1 >/dev/null \
  | sed -n 's/^ *java.home = //p')"
jvm=(java)
if [ -n "$sst_home" ] && [ -x "$sst_home/bin/java" ]; then
  jvm=("$sst_home/bin/java")
fi
gc=(-XX:+UseSerialGC)
for opt in ${JAVA_OPTS:-}; do
  case "$opt" in
    -XX:+Use*GC) gc=() ;;
  esac
done
jvm+=(${gc[@]+"${gc[@]}"})
if "${jvm[0]}" --list-modules 2>/dev/null | grep -q '^jdk\.incubator\.vector@'; then
  jvm+=(--add-modules jdk.incubator.vector -Dsst.setsum.hashing=eager)
fi
bench_jar="$here/target/benchmarks.jar"
if [ ! -f "$bench_jar" ] || [ -n "$(find "$root/format/src/main" "$here/src" -newer "$bench_jar" -print -quit)" ]; then
  (cd "$root" && mvn -B -q -pl format,benchmarks -am package -DskipTests) >&2
fi
# WriteBenchLog runs from the two modules' classes, which are all it needs, not from
# benchmarks.jar: that is JMH's jar of every benchmark with Beam inside (65 MB, 33,000 entries),
# and opening it and finding classes in it cost the row some 0.1 s (alternated, 2026-12-07), as
# sst.jar did the checksums (README, "The sst command line").
bench_cp="$here/target/classes:$root/format/target/classes"

work="$(mktemp -d "$(dirname "$data")/vs-rust.XXXXXX")"
trap 'rm -rf "$work"' EXIT
java_sst=(env JAVA_OPTS="${JAVA_OPTS:-}" "$root/sst")

# The table both audits and the Rust sst-checksum read: Rust's sst-from-log of the data.
bench_sst="$(dirname "$data")/bench.sst"
if [ ! -f "$bench_sst" ]; then
  echo "# writing $bench_sst" >&2
  "${java_sst[@]}" sst-from-log --input "$data" --output "$bench_sst" >&2
fi

# measure SIDE PREPARE COMMAND...: one run under /usr/bin/time -v after `eval PREPARE`; appends
# "wall cpu rss_mib" to $work/SIDE.times. A failing command ends the script, showing its stderr.
measure() {
  local side="$1" prepare="$2"
  shift 2
  eval "$prepare"
  if ! /usr/bin/time -v -o "$work/time" "$@" >"$work/out" 2>"$work/err"; then
    cat "$work/err" >&2
    echo "failed: $*" >&2
    exit 1
  fi
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { r = $2 }
    END { printf "%.3f %.3f %.1f\n", w, u + s, r / 1024 }' "$work/time" >>"$work/$side.times"
}

# median COLUMN FILE
median() {
  cut -d' ' -f"$1" "$2" | sort -g | awk '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}

table=()
# row NAME JAVA_PREPARE JAVA_CMD RUST_PREPARE RUST_CMD: J R J R ..., $runs of each.
row() {
  local name="$1" jprep="$2" jcmd="$3" rprep="$4" rcmd="$5" i
  rm -f "$work/java.times" "$work/rust.times"
  # One unmeasured Java run first: when ./sst's class-data archive of the command is missing (the
  # first run after a build), that run writes it, as a user's first run would.
  (eval "$jprep" && bash -c "$jcmd") >/dev/null 2>&1 || true
  for i in $(seq 1 "$runs"); do
    measure java "$jprep" bash -c "$jcmd"
    cp "$work/out" "$work/java.out"
    if [ "$have_rust" = 1 ]; then
      measure rust "$rprep" bash -c "$rcmd"
    fi
  done
  local jw jc jr rw="-" rc="-" rr="-"
  jw=$(median 1 "$work/java.times") jc=$(median 2 "$work/java.times") jr=$(median 3 "$work/java.times")
  if [ "$have_rust" = 1 ]; then
    rw=$(median 1 "$work/rust.times") rc=$(median 2 "$work/rust.times") rr=$(median 3 "$work/rust.times")
  fi
  table+=("$(printf '| %s | %s s / %s s | %s | %s s / %s s | %s | %s / %s MiB |' "$name" \
    "$jw" "$rw" "$(ratio "$jw" "$rw")" "$jc" "$rc" "$(ratio "$jc" "$rc")" "$jr" "$rr")")
  echo "${table[-1]}"
}

balance_ok() {
  grep -qx 'balance OK' "$work/java.out" || { echo "$1: no 'balance OK'" >&2; cat "$work/java.out" >&2; exit 1; }
}

q() { printf '%q' "$1"; }
d=$(q "$data") s=$(q "$bench_sst") w=$(q "$work") r=$(q "$rust") sst=$(q "$root/sst")
jo="JAVA_OPTS=$(q "${JAVA_OPTS:-}")"

echo "# $(date -u +%FT%TZ)  $(nproc) cores  load $(cut -d' ' -f1-3 /proc/loadavg)  runs=$runs  $("${jvm[0]}" -version 2>&1 | head -1)"
echo "# data $data ($(stat -c %s "$data") bytes)"
echo "| path | wall Java / Rust | ratio | CPU Java / Rust | ratio | peak RSS Java / Rust |"
echo "|---|---|---|---|---|---|"
for name in "${rows[@]}"; do
  case "$name" in
    log-checksum)
      row log-checksum : "$jo $sst log-checksum $d" : "$r/log-checksum $d" ;;
    sst-checksum)
      row sst-checksum : "$jo $sst sst-checksum $s" : "$r/sst-checksum $s" ;;
    sst-from-log)
      row "sst-from-log (Java -Xmx256m)" "rm -f $w/j.sst" \
        "JAVA_OPTS=-Xmx256m $sst sst-from-log --input $d --output $w/j.sst" \
        "rm -f $w/r.sst" "$r/sst-from-log --input $d --output $w/r.sst"
      if [ "$have_rust" = 1 ] && ! cmp -s "$work/j.sst" "$work/r.sst"; then
        echo "sst-from-log: the Java table differs from the Rust table" >&2
        exit 1
      fi ;;
    write-log)
      row "write the benchmark log" "rm -f $w/j.log" \
        "$(printf '%q ' "${jvm[@]}")${JAVA_OPTS:-} -cp $(q "$bench_cp") dev.sstbeam.benchmarks.WriteBenchLog $w/j.log --no-sha256" \
        "rm -f $w/r.log" "$r/gen bench $w/r.log"
      if ! cmp -s "$work/j.log" "$data"; then
        echo "write-log: the Java log differs from $data" >&2
        exit 1
      fi ;;
    convert)
      row "convert (direct runner) vs sst-from-log" "rm -rf $w/tables" \
        "$jo $sst convert --input $d --output $w/tables" \
        "rm -f $w/r.sst" "$r/sst-from-log --input $d --output $w/r.sst"
      balance_ok convert ;;
    audit)
      [ -d "$work/tables" ] || "${java_sst[@]}" convert --input "$data" --output "$work/tables" >/dev/null
      row "audit (logs + tables) vs log-checksum + sst-checksum" : \
        "$jo $sst audit --logs $d --tables $w/tables" \
        : "$r/log-checksum $d && $r/sst-checksum $s"
      balance_ok audit ;;
    *)
      echo "unknown row '$name' (${all_rows[*]})" >&2
      exit 2 ;;
  esac
done
echo "# load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%FT%TZ)"
