#!/usr/bin/env bash
# bench/fuzz_cpu.sh — CPU time of one execution of each libFuzzer target over its seeds: every seed run
# RUNS times (libFuzzer runs each input file given -runs times), less the same with one run (start-up,
# building the target's fixed state), divided by the executions added. It does not depend on how busy
# the machine is (CPU time, not wall time); the rate while fuzzing is usually higher (mutated inputs are
# mostly smaller than the seeds).
#   bash bench/fuzz_cpu.sh BUILD SEEDS [RUNS] [TARGET...]
# BUILD: a build with -DCHISO_FUZZ=ON (scripts/fuzz.sh's, build-test/fuzz); SEEDS: its seeds folder
# (build-test/fuzz/seeds, written by scripts/fuzz.sh). Default RUNS 20; default targets: the dataset ones.
set -euo pipefail
bdir=$1 seeds=$2 runs=${3:-20}
shift 2; shift || true
targets=${*:-"fuzz_dataset fuzz_rules fuzz_file_units fuzz_file_terms fuzz_file_indicators fuzz_file_observations fuzz_file_targets fuzz_file_verdicts fuzz_file_rules"}
cpu() { # cpu RUNS BIN FILES... : user + system seconds
  local r=$1 bin=$2; shift 2
  /usr/bin/time -f '%U %S' -o /dev/stdout "$bin" -runs="$r" "$@" 2>/dev/null | tail -1 | awk '{ print $1 + $2 }'
}
printf '%-24s %6s %14s %12s\n' target seeds "CPU per input" "1/time (/s)"
for t in $targets; do
  dir=$seeds/${t#fuzz_}
  mapfile -t files < <(find "$dir" -type f | sort)
  n=${#files[@]}
  one=$(cpu 1 "$bdir/tests/fuzz/$t" "${files[@]}")
  many=$(cpu "$runs" "$bdir/tests/fuzz/$t" "${files[@]}")
  awk -v t="$t" -v n="$n" -v a="$one" -v b="$many" -v r="$runs" 'BEGIN {
    per = (b - a) / ((r - 1) * n); printf "%-24s %6d %11.3f ms %12.0f\n", t, n, per * 1000, (per > 0 ? 1 / per : 0) }'
done
