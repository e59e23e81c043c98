#!/usr/bin/env bash
# bench/run_docx_bench.sh — time of `chiso report` on the default dataset, with and without the Word
# document, and of `chiso fill` on the example draft: the median of N runs (CPU and wall clock) and the
# size of report.docx. Usage: bash bench/run_docx_bench.sh [BUILD_DIR] [N]
set -euo pipefail
build=${1:-build}
n=${2:-7}
bin="$build/chiso"
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
run() { # label, command...
  local label=$1; shift
  : >"$tmp/cpu"; : >"$tmp/real"
  for _ in $(seq "$n"); do
    rm -rf "$tmp/r"
    /usr/bin/time -f "%U %S %e" -o "$tmp/t" "$@" >/dev/null 2>&1
    awk '{ print $1 + $2 }' "$tmp/t" >>"$tmp/cpu"
    awk '{ print $3 }' "$tmp/t" >>"$tmp/real"
  done
  printf '%-34s cpu %5.2f s   wall %5.2f s   (median of %d)\n' "$label" "$(median <"$tmp/cpu")" "$(median <"$tmp/real")" "$n"
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
run "report (md,html,xlsx,csv)" "$bin" report -o "$tmp/r" --format md,html,xlsx,csv
run "report (all, with docx)" "$bin" report -o "$tmp/r"
run "report (docx only)" "$bin" report -o "$tmp/r" --format docx
run "fill (example .docx)" "$bin" fill "$src/datasets/template/report/du-thao-bao-cao.docx" -o "$tmp/f.docx" --illustrative
"$bin" report -o "$tmp/r" --format docx >/dev/null
echo "report.docx: $(stat -c %s "$tmp/r/report.docx") bytes"
