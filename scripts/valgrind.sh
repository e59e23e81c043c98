#!/usr/bin/env bash
# Run the chiso command under valgrind on the default dataset and on every bad dataset: any leak or
# invalid access fails. Usage: bash scripts/valgrind.sh [path/to/chiso]
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/chiso}
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full --suppressions=tests/valgrind.supp --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect,possible)
fail=0
run() {
  "${vg[@]}" "$@" >/dev/null 2>/tmp/chiso-vg.$$
  rc=$?
  if [ $rc -eq 99 ] || grep -q '==[0-9]*==' /tmp/chiso-vg.$$; then
    echo "valgrind: FAIL: $*"; grep '==[0-9]*==' /tmp/chiso-vg.$$ | head -20; fail=1
  fi
}
tmp=$(mktemp -d)
run "$bin" check datasets/haiphong
run "$bin" normalize datasets/haiphong --format json
run "$bin" compare datasets/haiphong
run "$bin" trend datasets/haiphong --unit dbk-hp --indicator admitted --format json
run "$bin" attain datasets/haiphong --illustrative --as-of 2023-12-31
if "$bin" help | grep -q ' chart '; then
  run "$bin" chart datasets/haiphong --kind compare --unit dbk-hp --indicator admitted -o "$tmp/a.png"
fi
if "$bin" help | grep -q ' report '; then
  run "$bin" report -o "$tmp/report"
fi
# chiso aggregate, and inputs at and beyond the limits (a field over 64 KiB, 600 fields, a rule nested
# 100 deep, NaN, an empty file, a FIFO), and outputs that cannot be written
if "$bin" help | grep -q ' template '; then
  # the workbook both ways: written by libxlsxwriter, read back by libzip and expat
  run "$bin" template -o "$tmp/wb.xlsx" datasets/haiphong
  run "$bin" check "$tmp/wb.xlsx"
  head -c 30000 "$tmp/wb.xlsx" >"$tmp/cut.xlsx"
  run "$bin" check "$tmp/cut.xlsx"
fi
run "$bin" aggregate tests/data/aggregate/basic.csv --units tests/data/aggregate/units.csv --terms tests/data/aggregate/terms.csv --by term -o "$tmp/agg.csv"
lim=$tmp/limits
mkdir -p "$lim"
printf 'unit,term,start,end\nu,I,2010,2014\n' >"$lim/terms.csv"
{ printf 'unit,indicator,period_start,period_end,value,basis\nu,admitted,2010,2010,NaN,total\nu,admitted,2011,2011,'
  head -c 70000 /dev/zero | tr '\0' x; printf ',total\n'; printf 'x,%.0s' $(seq 1 600); echo; } >"$lim/observations.csv"
printf 'left,op,right\n%s,<=,admitted\n' "$(printf '(%.0s' $(seq 1 100))admitted$(printf ')%.0s' $(seq 1 100))" >"$lim/rules.csv"
: >"$lim/verdicts.csv"
mkfifo "$lim/targets.csv"
run "$bin" check "$lim"
run "$bin" normalize datasets/haiphong -o /dev/full
(ulimit -f 8; run "$bin" report datasets/haiphong -o "$tmp/full-report"; exit $fail) || fail=1
# the bad datasets, two at a time (one per core): each job writes its own log, a failing one prints it
n=0
for d in tests/bad/*/; do [ -d "$d" ] && n=$((n+1)); done
vgone() { # vgone DIR: valgrind on `chiso check DIR`; prints the findings and exits 1 on any
  local log; log=$(mktemp)
  "${vg[@]}" "$bin" check "$1" >/dev/null 2>"$log"
  local rc=$?
  if [ $rc -eq 99 ] || grep -q '==[0-9]*==' "$log"; then
    echo "valgrind: FAIL: $bin check $1"; grep '==[0-9]*==' "$log" | head -20; rm -f "$log"; return 1
  fi
  rm -f "$log"
}
export -f vgone
export bin
vg_line=$(printf '%q ' "${vg[@]}")
export vg_line
if ! printf '%s\0' tests/bad/*/ |
    xargs -0 -n 1 -P "$(nproc 2>/dev/null || echo 2)" bash -c 'eval "vg=($vg_line)"; vgone "$1"' _; then
  fail=1
fi
rm -rf "$tmp" /tmp/chiso-vg.$$
echo "valgrind: default dataset and $n bad datasets checked: $([ $fail = 0 ] && echo clean || echo FAILED)"
exit $fail
