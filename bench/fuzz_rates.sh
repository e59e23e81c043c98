#!/usr/bin/env bash
# bench/fuzz_rates.sh — executions per second of each libFuzzer target, from a short run that starts
# from the seeds (a fresh corpus, so that two runs compare), and what a night of 8 hours gives at that
# rate. One target at a time, on one core: run it on an idle machine, or the figures say more about the
# machine's load than about the targets.
#   bash bench/fuzz_rates.sh                  # 60 s per target, every target
#   bash bench/fuzz_rates.sh 20 fuzz_events   # 20 s, only the targets named
# It builds the targets with scripts/fuzz.sh (clang, -DCHISO_FUZZ=ON, in CHISO_FUZZ_BUILD, default
# build-test/fuzz) and leaves that folder's own corpora alone. A crash is reported as scripts/fuzz.sh
# reports it (and makes this script fail).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
bdir=${CHISO_FUZZ_BUILD:-build-test/fuzz}
corpora=$(mktemp -d)
trap 'rm -rf "$corpora"' EXIT
out=$corpora/out
status=0
CHISO_FUZZ_BUILD=$bdir CHISO_FUZZ_CORPUS=$corpora bash scripts/fuzz.sh "$secs" "$@" | tee "$out" >&2 ||
  status=$?
printf '\n%-24s %12s %10s %16s %8s %9s\n' target executions exec/s "8 h (millions)" edges "RSS (MB)"
sed -nE 's/^(fuzz_[a-z_]+): ([0-9]+) executions in [0-9]+ s, ([0-9]+) exec\/s, coverage ([0-9?]+) edges.*peak RSS ([0-9?]+) MB$/\1 \2 \3 \4 \5/p' \
  "$out" | while read -r t n r c m; do
  printf '%-24s %12s %10s %16s %8s %9s\n' "$t" "$n" "$r" "$(awk -v r="$r" 'BEGIN { printf "%.0f", r * 28800 / 1e6 }')" \
    "$c" "$m"
done
echo "(${secs} s per target from the seeds, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))"
exit $status
