#!/usr/bin/env bash
# Build the libFuzzer targets with clang and run each for SECONDS (default 30) on its seed corpus.
#   bash scripts/fuzz.sh                       # 30 s each (what CI runs)
#   bash scripts/fuzz.sh 600                   # 10 minutes each
#   bash scripts/fuzz.sh 600 fuzz_value ...    # only the targets named
# CHISO_FUZZ_BUILD names the build folder (default build-test/fuzz); the corpora grow in it across runs
# (CHISO_FUZZ_CORPUS names another folder for them: bench/fuzz_rates.sh starts each from the seeds).
# Targets: fuzz_value, fuzz_date (the value and date readers), fuzz_rules (the rules expression parser),
# fuzz_csv (the CSV reader, any encoding and chunking), fuzz_dataset (all the files of a dataset, split
# at NUL bytes), fuzz_file_<kind> (one file kind, the others fixed and valid: units, terms, indicators,
# observations, targets, verdicts, rules, sources), fuzz_events (the exports read by chiso aggregate),
# fuzz_workbook (an .xlsx read as a dataset: a whole package, or its XML parts split at NUL bytes),
# fuzz_fill (the templates of chiso fill: Markdown, a DOCX's document.xml, a whole DOCX; first byte chooses)
# and fuzz_upload (an upload of chiso serve: the ZIP checks and unpacking, the workbook).
# Each prints its executions and executions per second. A crash leaves crash-* in <build>/artifacts/
# and makes the script fail; minimise it (fuzz_X -minimize_crash=1 -runs=10000 crash-…), fix the bug
# and keep the input as tests/fuzz/regressions/<target>/<name>: every run replays them first.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
shift || true
kinds="units terms indicators observations targets verdicts rules sources"
all="fuzz_value fuzz_date fuzz_rules fuzz_csv fuzz_dataset fuzz_events fuzz_workbook fuzz_fill fuzz_upload"
for k in $kinds; do all="$all fuzz_file_$k"; done
targets=${*:-$all}
bdir=${CHISO_FUZZ_BUILD:-build-test/fuzz}
jobs=$(nproc 2>/dev/null || echo 2)
CC=clang cmake -S . -B "$bdir" -DCHISO_FUZZ=ON -DCHISO_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# shellcheck disable=SC2086
cmake --build "$bdir" -j "$jobs" --target $targets >/dev/null
mkdir -p "$bdir/artifacts"
seeds=$bdir/seeds
rm -rf "$seeds"; mkdir -p "$seeds"
for t in $all; do mkdir -p "$seeds/${t#fuzz_}"; done
seed() { # seed DIR < data
  local tmp; tmp=$(mktemp); cat > "$tmp"
  mv "$tmp" "$1/$(md5sum < "$tmp" | cut -c1-16)"
}
set +o pipefail # (head ends the seed pipelines early: their SIGPIPE is no failure)
# the CSV reader: the real files and the bad datasets (first byte: encoding and chunk size)
for f in datasets/haiphong/*.csv datasets/registry/*.csv tests/bad/*/*.csv tests/data/aggregate/*.csv; do
  [ -f "$f" ] || continue
  { printf '\x05'; head -c 4000 "$f"; } | seed "$seeds/csv"
done
# values and dates as the datasets write them
cut -d, -f5 datasets/haiphong/observations.csv | sort -u | head -200 | while IFS= read -r v; do
  printf '%s' "$v" | seed "$seeds/value"; done
for f in tests/bad/*/observations.csv; do
  cut -d, -f5 "$f" | tail -n +2 | head -20 | while IFS= read -r v; do printf '%s' "$v" | seed "$seeds/value"; done
done
for v in 1.247 "64,5%" "trên 90%" "từ 90 đến 100" 152/159 "3 vạn" "gần 20%" "khoảng 1.000" "1,000" "1,247.5" \
         NaN Inf 1e999 -0 "1.234.567,5" "≥ 3" "không quá 5" "90..100" "16,1 nghìn"; do
  printf '%s' "$v" | seed "$seeds/value"; done
cut -d, -f3,4 datasets/haiphong/observations.csv | tr ',' '\n' | sort -u | head -100 | while IFS= read -r v; do
  printf '%s' "$v" | seed "$seeds/date"; done
for v in 1994 1994-01 1994-01-27 2020-02-29 27/01/1994 2199-12-31 1899 2024-13 2023-02-29 1900-01-01 99999-01-01; do
  printf '%s' "$v" | seed "$seeds/date"; done
# rule expressions
cut -d, -f2,4 datasets/haiphong/rules.csv | tr ',' '\n' | sort -u | while IFS= read -r v; do
  printf '%s' "$v" | seed "$seeds/rules"; done
for v in "base_orgs_committees + base_orgs_cells" "(a+b)*2" "base_orgs * 0.95" "-(-(base_orgs))" \
         "((((((((base_orgs))))))))" "base_orgs / (base_orgs_cells - base_orgs_cells)"; do
  printf '%s' "$v" | seed "$seeds/rules"; done
# whole datasets, files split at NUL bytes (units, terms, indicators, observations, targets, verdicts, rules, sources)
ds_seed() { # ds_seed DIR
  local d=$1 f first=1
  for f in units terms indicators observations targets verdicts rules sources; do
    [ $first = 1 ] || printf '\0'; first=0
    if [ "$f" = targets ] && [ ! -s "$d/targets.csv" ] && [ -f "$d/illustrative-targets.csv" ]; then
      head -c 3000 "$d/illustrative-targets.csv"
    elif [ -f "$d/$f.csv" ]; then head -c 3000 "$d/$f.csv"; fi
  done
}
ds_seed datasets/haiphong | seed "$seeds/dataset"
for d in tests/bad/*/; do ds_seed "$d" | seed "$seeds/dataset"; done
# one file kind at a time: the real file (observations in slices), the template and the bad datasets
for k in $kinds; do
  dir=$seeds/file_$k
  for f in datasets/haiphong/$k.csv datasets/template/$k.csv tests/bad/*/$k.csv; do
    [ -f "$f" ] && head -c 6000 "$f" | seed "$dir"
  done
done
head -c 6000 datasets/haiphong/illustrative-targets.csv | seed "$seeds/file_targets"
# the target ids, bases and progress ratios of FORMAT.md
printf '%s\n' 'unit,term,indicator,op,value,basis,period,relative_to,id,set_by,source,locator,quote' \
  'dbk-hp,V,admitted,>=,300,total,2017,,t1,tỉnh giao,s,l,q' \
  'dbk-hp,V,admitted,>=,"6,6",total,2017,members_at_prev_year_end,t2,Nghị quyết,s,l,q' \
  'dbk-hp,V,admitted,>=,3,each_year,,members_at:2016-12-31,,,s,l,q' \
  'dbk-hp,V,admitted,>=,3,each_year,,members_at_year_start,t1,,s,l,q' | seed "$seeds/file_targets"
printf '%s\n' 'unit,term,indicator,period,verdict,ratio,target,as_of,source,locator,quote' \
  'dbk-hp,V,admitted,2017,đạt,133,t1,,s,l,q' 'dbk-hp,VI,admitted,,,"46,5",,2023-06-30,s,l,q' \
  'dbk-hp,V,admitted,2017,,,t9,2017-13-01,s,l,q' | seed "$seeds/file_verdicts"
n=$(wc -l < datasets/haiphong/observations.csv)
for s in $(seq 2 40 "$n"); do
  { head -1 datasets/haiphong/observations.csv; tail -n +"$s" datasets/haiphong/observations.csv | head -40; } |
    seed "$seeds/file_observations"
done
# exports of member events (first byte: parser, by year or term, chunk size)
for f in tests/data/aggregate/*.csv; do
  case $f in */units.csv|*/terms.csv) continue;; esac
  for sel in '\x00' '\x03' '\x21'; do { printf "$sel"; head -c 6000 "$f"; } | seed "$seeds/events"; done
done
# workbooks: a tiny valid .xlsx, its XML parts split at NUL bytes, and parts that other writers use
cp tests/fuzz/seeds/workbook/* "$seeds/workbook/"
printf '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row><row r="2"><c r="A2" t="str"><f>"d"</f><v>d</v></c><c r="B2" t="inlineStr"><is><r><t>mem</t></r><r><t>bers</t></r></is></c><c r="C2" t="d"><v>2019-12-31</v></c><c r="D2" s="1"><v>43830.5</v></c><c r="E2" s="2"><v>0.645</v></c><c r="F2" t="b"><v>1</v></c><c r="G2" t="e"><v>#N/A</v></c></row></sheetData></worksheet>' |
    seed "$seeds/workbook"
printf '\0<sst><si><r><t>unit</t></r><rPh><t>x</t></rPh></si><si><t xml:space="preserve"> indicator </t></si><si><t>period_start</t></si><si><t>period_end</t></si><si><t>value</t></si></sst>\0<styleSheet><cellXfs><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="9"/></cellXfs></styleSheet>\0\0<x:workbook xmlns:x="x" xmlns:r="r"><x:workbookPr date1904="1"/><x:sheets><x:sheet name="terms" r:id="rId1"/><x:sheet name="observations" r:id="rId2"/></x:sheets></x:workbook>' |
    seed "$seeds/workbook"
# templates of chiso fill: the example drafts as Markdown (0), their document.xml (1), the whole .docx (2)
{ printf '\x00'; head -c 6000 datasets/template/report/du-thao-bao-cao.md; } | seed "$seeds/fill"
{ printf '\x01'; unzip -p datasets/template/report/du-thao-bao-cao.docx word/document.xml | head -c 8000; } | seed "$seeds/fill"
{ printf '\x02'; tail -c +5 datasets/template/report/du-thao-bao-cao.docx; } | seed "$seeds/fill"
printf '\x01<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{{admit</w:t></w:r><w:r><w:t>ted.VI.value}}</w:t></w:r></w:p></w:body></w:document>' | seed "$seeds/fill"
# uploads of chiso serve: the bad ZIP files of its tests, a small ZIP of CSV files, the workbook seeds
cp tests/data/serve/*.zip "$seeds/upload/" 2>/dev/null || true
cp tests/fuzz/seeds/workbook/* "$seeds/upload/" 2>/dev/null || true
if command -v zip >/dev/null; then
  ztmp=$(mktemp -d)
  head -c 1500 datasets/haiphong/units.csv > "$ztmp/units.csv"
  head -c 1500 datasets/haiphong/terms.csv > "$ztmp/terms.csv"
  (cd "$ztmp" && zip -q -9 up.zip units.csv terms.csv) && cp "$ztmp/up.zip" "$seeds/upload/small-csv.zip"
  rm -rf "$ztmp"
fi
set -o pipefail
status=0
for t in $targets; do
  name=${t#fuzz_}
  corpus=${CHISO_FUZZ_CORPUS:-$bdir}/corpus-$name; mkdir -p "$corpus"
  # replay the regressions first
  if [ -d "tests/fuzz/regressions/$t" ] && ls "tests/fuzz/regressions/$t"/* >/dev/null 2>&1; then
    "$bdir/tests/fuzz/$t" "tests/fuzz/regressions/$t"/* >/dev/null 2>&1 || {
      echo "$t: a regression input crashes"; status=1; }
  fi
  log=$bdir/$t.log
  if ! nice "$bdir/tests/fuzz/$t" -max_total_time="$secs" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$bdir/artifacts/$t-" "$corpus" "$seeds/$name" >"$log" 2>&1; then
    tail -40 "$log"; status=1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -nE 's/.*cov: ([0-9]+).*/\1/p')
  ft=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -nE 's/.*ft: ([0-9]+).*/\1/p')
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  echo "$t: ${execs:-?} executions in $secs s, ${rate:-?} exec/s, coverage ${cov:-?} edges (ft ${ft:-?}), corpus $(ls "$corpus" | wc -l) inputs, peak RSS ${rss:-?} MB"
done
exit $status
