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
n=0
for d in tests/bad/*/; do
  [ -d "$d" ] || continue
  run "$bin" check "$d"; n=$((n+1))
done
rm -rf "$tmp" /tmp/chiso-vg.$$
echo "valgrind: default dataset and $n bad datasets checked: $([ $fail = 0 ] && echo clean || echo FAILED)"
exit $fail
