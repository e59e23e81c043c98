#!/usr/bin/env bash
# bench/run_obs_bench.sh — time and peak memory of `chiso check` and `chiso normalize` on generated
# datasets of growing size (bench/gen_observations.c: units grow with the figures, 500 figures a unit),
# to show that both grow linearly with the number of figures: no quadratic duplicate, conflict or lookup
# search. Run by hand, never by CTest.
#
#   bench/run_obs_bench.sh [FIGURES ...]        (default: 100000 300000 1000000)
#
# Environment: BUILD (build folder, default build; configured as Release when missing), OUT (data
# folder, default bench/out), REPEAT (runs per command, the fastest is kept; default 3).
# Prints one row per size and command: figures, units, wall time, peak RSS, and per figure the time
# (µs) and the memory (bytes); then the ratio of each to that of the smallest size (1.0 = linear).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-$ROOT/build}
OUT=${OUT:-$ROOT/bench/out}
REPEAT=${REPEAT:-3}
if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(100000 300000 1000000); fi
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq time
fi
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$BUILD" --target chiso gen_observations -j2 >/dev/null
CHISO=$BUILD/chiso
GEN=$BUILD/bench/gen_observations
mkdir -p "$OUT"

# measure CMD...: runs it REPEAT times, prints "wall_seconds peak_rss_kb" of the fastest run. The exit
# code of chiso is that of the data (0 here: the generated datasets have no errors).
measure() {
    local best_t= best_m= i t m
    for ((i = 0; i < REPEAT; i++)); do
        "$TIME" -f '%e %M' -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/stderr.txt" || {
            echo "failed: $*" >&2; tail -5 "$OUT/stderr.txt" >&2; exit 1; }
        read -r t m < "$OUT/time.txt"
        if [ -z "$best_t" ] || awk -v a="$t" -v b="$best_t" 'BEGIN { exit !(a < b) }'; then best_t=$t; best_m=$m; fi
    done
    echo "$best_t $best_m"
}

echo "chiso $("$CHISO" --version | cut -d' ' -f2), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
results=$OUT/obs-bench.txt
: > "$results"
for n in "${SIZES[@]}"; do
    dir=$OUT/obs-$n
    if [ ! -f "$dir/observations.csv" ]; then
        "$GEN" -n "$n" -o "$dir" 2>/dev/null
    fi
    cat "$dir"/*.csv > /dev/null # into the page cache
    units=$(($(wc -l < "$dir/units.csv") - 1))
    mb=$(du -m "$dir/observations.csv" | cut -f1)
    read -r t m < <(measure "$CHISO" check "$dir")
    echo "check $n $units $mb $t $m" >> "$results"
    read -r t m < <(measure "$CHISO" normalize "$dir" -o "$OUT/normalized-$n.csv")
    echo "normalize $n $units $mb $t $m" >> "$results"
done
awk '
    BEGIN { printf "%-10s %9s %6s %6s %8s %10s %10s %11s %8s %8s\n", "command", "figures", "units", "MB",
            "time s", "peak MiB", "µs/figure", "bytes/fig.", "t ratio", "m ratio" }
    {
        us = $5 * 1e6 / $2; b = $6 * 1024 / $2
        if (!($1 in us0)) { us0[$1] = us; b0[$1] = b }
        printf "%-10s %9d %6d %6d %8.2f %10.1f %10.2f %11.0f %8.2f %8.2f\n", $1, $2, $3, $4, $5, $6 / 1024,
               us, b, us / us0[$1], b / b0[$1]
    }' "$results"
echo "(ratios: per-figure time and memory over those of the smallest size; about 1 means linear growth)"
