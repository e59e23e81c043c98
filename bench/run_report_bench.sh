#!/usr/bin/env bash
# bench/run_report_bench.sh — `chiso report` over many units: a generated dataset of UNITS units (default
# 1 000: a province, its districts and their base organisations) with FIGURES figures and one congress
# target per unit (gen_observations -t), reported at every level (--depth -1). Prints the wall time, the
# peak memory, the size of the folder and of its main documents, and what the main document holds. Run by
# hand (CTest never runs it): bash bench/run_report_bench.sh [UNITS] [FIGURES]
set -euo pipefail
cd "$(dirname "$0")/.."
units=${1:-1000}
figures=${2:-500000}
BUILD=${BUILD:-build}
OUT=${OUT:-bench/out}
[ -f "$BUILD/CMakeCache.txt" ] || cmake -S . -B "$BUILD" >/dev/null
cmake --build "$BUILD" -j2 --target chiso gen_observations >/dev/null
mkdir -p "$OUT"
ds="$OUT/report-ds-$units-$figures"
[ -s "$ds/targets.csv" ] || "$BUILD/bench/gen_observations" -n "$figures" -u "$units" -t -o "$ds"
rep="$OUT/report-$units"
rm -rf "$rep"
echo "host: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "%e %M %U %S" -o "$OUT/report-time.txt" "$BUILD/chiso" report "$ds" --depth -1 -o "$rep" >/dev/null
  read -r wall rss user sys <"$OUT/report-time.txt"
  rss="$((rss / 1024)) MiB, CPU ${user} s user + ${sys} s system"
else
  start=$(date +%s.%N)
  "$BUILD/chiso" report "$ds" --depth -1 -o "$rep" >/dev/null
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  rss="? (no /usr/bin/time)"
fi
size() { du -sh "$1" | cut -f1; }
echo "report of $units units, $figures figures: ${wall} s, peak memory $rss"
echo "  folder $(size "$rep") in $(find "$rep" -type f | wc -l) files: report.md $(size "$rep/report.md"), report.html $(size "$rep/report.html"), report.xlsx $(size "$rep/report.xlsx"), $(ls "$rep/units" 2>/dev/null | wc -l) unit files, $(ls "$rep/charts" | wc -l) chart files"
echo "  main document: $(grep -c '^## ' "$rep/report.md") sections, $(grep -c '^|' "$rep/report.md") table lines"
