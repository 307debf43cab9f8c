# Sourced by run-log-benchmarks.sh and run-sst-benchmarks.sh: timing a command, best of several
# runs by wall clock (JVM start-up included), with user/sys time and peak RSS from /usr/bin/time
# when it is there. The caller sets runs (how many) and scratch (a temporary directory).

timebin=""
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
  timebin=/usr/bin/time
fi

# time_best PREPARE COMMAND...: runs COMMAND $runs times, each after `eval PREPARE`, its stdout
# in $scratch/out.N and stderr in $scratch/err.N (shown if it fails, which ends the script).
# Sets best (seconds), best_i (the run) and all (every run's seconds).
time_best() {
  local prepare="$1"
  shift
  best="" best_i=0 all=""
  local i t0 t1 secs
  for i in $(seq 1 "$runs"); do
    eval "$prepare"
    t0=$(date +%s%N)
    if ! if [ -n "$timebin" ]; then
      "$timebin" -v -o "$scratch/time.$i" "$@" >"$scratch/out.$i" 2>"$scratch/err.$i"
    else
      "$@" >"$scratch/out.$i" 2>"$scratch/err.$i"
    fi; then
      cat "$scratch/err.$i" >&2
      echo "failed: $*" >&2
      exit 1
    fi
    t1=$(date +%s%N)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    all="$all $secs"
    if [ -z "$best" ] || awk -v s="$secs" -v b="$best" 'BEGIN { exit !(s < b) }'; then
      best="$secs"
      best_i="$i"
    fi
  done
}

# resources_of N: "user U s  sys S s  maxRSS R MiB" of run N, or nothing without /usr/bin/time.
resources_of() {
  if [ -n "$timebin" ]; then
    awk -F': ' '
      /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { r = $2 }
      END { printf "user %.2f s  sys %.2f s  maxRSS %.0f MiB", u, s, r / 1024 }' "$scratch/time.$1"
  fi
}
