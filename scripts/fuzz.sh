#!/usr/bin/env bash
# Build the libFuzzer targets with clang and run each for SECONDS (default 30) on its seed corpus.
#   bash scripts/fuzz.sh            # 30 s each (what CI runs)
#   bash scripts/fuzz.sh 600        # 10 minutes each
# A crash leaves crash-* in build-fuzz/artifacts/ and makes the script fail; turn it into a regression
# test (tests/fuzz/regressions/<target>/) so that it is replayed on every run.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
jobs=$(nproc 2>/dev/null || echo 2)
CC=clang cmake -S . -B build-fuzz -DCHISO_FUZZ=ON -DCHISO_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$jobs" --target fuzz_value fuzz_date fuzz_dataset fuzz_rules fuzz_csv >/dev/null
mkdir -p build-fuzz/artifacts
seeds=build-fuzz/seeds
rm -rf "$seeds"; mkdir -p "$seeds"/{value,date,dataset,rules,csv}
# seeds from the real files and the bad datasets
i=0
for f in datasets/haiphong/*.csv tests/bad/*/*.csv; do
  [ -f "$f" ] || continue
  i=$((i+1)); { printf '\x05'; head -c 4000 "$f"; } > "$seeds/csv/$i"
done
cut -d, -f5 datasets/haiphong/observations.csv | sort -u | head -200 | while IFS= read -r v; do
  printf '%s' "$v" > "$seeds/value/$(printf '%s' "$v" | md5sum | cut -c1-12)"; done
for v in 1.247 "64,5%" "trên 90%" "từ 90 đến 100" 152/159 "3 vạn" "gần 20%" "khoảng 1.000" "1,000" "1,247.5"; do
  printf '%s' "$v" > "$seeds/value/$(printf '%s' "$v" | md5sum | cut -c1-12)"; done
for v in 1994 1994-01 1994-01-27 2020-02-29 27/01/1994 2199-12-31 1899 2024-13; do
  printf '%s' "$v" > "$seeds/date/$(printf '%s' "$v" | md5sum | cut -c1-12)"; done
for v in "base_orgs_committees + base_orgs_cells" "(a+b)*2" "base_orgs * 0.95" "-(-(base_orgs))"; do
  printf '%s' "$v" > "$seeds/rules/$(printf '%s' "$v" | md5sum | cut -c1-12)"; done
{ cat datasets/haiphong/units.csv; printf '\0'; cat datasets/haiphong/terms.csv; printf '\0'; cat datasets/haiphong/indicators.csv; printf '\0';
  head -60 datasets/haiphong/observations.csv; printf '\0'; head -5 datasets/haiphong/illustrative-targets.csv; printf '\0';
  cat datasets/haiphong/verdicts.csv; printf '\0'; cat datasets/haiphong/rules.csv; } > "$seeds/dataset/haiphong"
status=0
for t in value date dataset rules csv; do
  corpus=build-fuzz/corpus-$t; mkdir -p "$corpus"
  # replay the regressions first
  if [ -d "tests/fuzz/regressions/$t" ]; then
    ./build-fuzz/tests/fuzz/fuzz_$t "tests/fuzz/regressions/$t"/* >/dev/null 2>&1 || { echo "fuzz_$t: a regression input crashes"; status=1; }
  fi
  out=$(./build-fuzz/tests/fuzz/fuzz_$t -max_total_time="$secs" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix=build-fuzz/artifacts/$t- "$corpus" "$seeds/$t" 2>&1) || { echo "$out" | tail -30; status=1; }
  echo "fuzz_$t: $(echo "$out" | grep -E '^#[0-9]+.*(DONE|pulse)' | tail -1 | sed -E 's/.*#([0-9]+).*exec\/s: ([0-9]+).*/\1 executions, \2 exec\/s/')"
done
exit $status
