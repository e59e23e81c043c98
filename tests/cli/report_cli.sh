#!/usr/bin/env bash
# tests/cli/report_cli.sh — `chiso report` end to end on the default dataset: the files, the numbers in
# the workbook against the analysis, a source on every table row, the HTML in a real browser, the
# refusal to overwrite a folder that is not a report, and the language's number style.
set -u
bin=${CHISO_BIN:?CHISO_BIN is not set}
src=${CHISO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "PASS $1"; }
no() { echo "FAIL $1"; fails=$((fails + 1)); }

# 1. the report and its files
out="$tmp/r"
"$bin" report -o "$out" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
[ $rc -eq 0 ] && ok "report exits 0" || { no "report exits $rc"; cat "$tmp/stderr"; }
for f in report.md report.html report.xlsx tables/dbk-hp-recruitment.csv tables/targets.csv tables/plan.csv charts/dbk-hp-recruitment.png charts/dbk-hp-recruitment.svg; do
  [ -s "$out/$f" ] && ok "$f written" || no "$f missing"
done
# one line per file written, then the folder
nfiles=$(cd "$out" && find . -type f ! -name .chiso-output | wc -l)
nlines=$(grep -c "^$out/" "$tmp/stdout")
[ "$nfiles" -eq "$nlines" ] && ok "one line per file ($nfiles)" || no "files $nfiles, lines printed $nlines"
tail -1 "$tmp/stdout" | grep -q "$out" && ok "last line names the folder" || no "last line: $(tail -1 "$tmp/stdout")"

# 2. every table row of report.md names its source (a source document by its title from sources.csv,
# "[Lịch sử Đảng bộ Khối (1994–2024)], dòng 406", or a dataset file; a file of targets in words: "bảng chỉ
# tiêu minh họa, dòng 2"); never by the file name of a source sources.csv titles
# (a table row is a line starting with '|' that is neither the header — the first line of a table — nor
# the separator line)
bad=$(awk '/^\|/ { if (prev_table && $0 !~ /^\|[-:| ]+$/ && !first) { if ($0 !~ /\.csv|bảng chỉ tiêu|\], dòng [0-9]|Báo cáo sơ kết 03 năm thực hiện Kết luận số 01-KL\/TW, dòng [0-9]|^\| (\[Lịch sử Đảng bộ Khối|BÁO CÁO sơ kết)/) print }
                  first = !prev_table; prev_table = 1; next }
           { prev_table = 0; first = 0 }' "$out/report.md" | head -5)
[ -z "$bad" ] && ok "every table row of report.md names its source" || { no "rows without a source:"; echo "$bad"; }
grep -q "000_17d250f75772683e\.txt\|004_b8e6640e92ee97b5\.txt" "$out/report.md" && no "report.md names a source by its file name" \
  || ok "report.md names the sources by their titles, not their file names"
grep -q "^000_17d250f75772683e\.txt,\[Lịch sử Đảng bộ Khối các cơ quan thành phố Hải Phòng (1994–2024)\]" "$out/tables/sources.csv" \
  && ok "tables/sources.csv: the id, then the title" || no "tables/sources.csv: $(head -2 "$out/tables/sources.csv")"

# 3. the workbook holds numbers equal to the analysis: the annual admissions of term V
v=$("$bin" compare --unit dbk-hp --indicator admitted --format csv | awk -F, '$5 == "V" { print $10 }')
sheet=$(unzip -p "$out/report.xlsx" xl/workbook.xml | tr '<' '\n' | grep -o 'sheet name="[^"]*recruitment[^"]*" sheetId="[0-9]*"' | head -1 | sed -E 's/.*sheetId="([0-9]+)"/\1/')
xml=$(unzip -p "$out/report.xlsx" "xl/worksheets/sheet$sheet.xml")
# numbers are <v> elements of cells without t="s" (strings are shared-string indices with t="s")
nums=$(echo "$xml" | tr '<' '\n' | grep -A1 '^c r="C[0-9]*"[^>]*>' | grep -v 't="s"' | grep -o '^v>[0-9.eE+-]*' | sed 's/^v>//')
found=$(echo "$nums" | awk -v want="$v" 'function abs(x){return x<0?-x:x} abs($1 - want) < 1e-6 { print "yes"; exit }')
[ "$found" = yes ] && ok "report.xlsx holds 254.216… as a number (compare says $v)" || no "report.xlsx: no number $v in the recruitment sheet"
echo "$xml" | grep -q '<pane ySplit="1"' && ok "header row frozen" || no "header row not frozen"
unzip -p "$out/report.xlsx" xl/workbook.xml | grep -q 'sheet name=' && ok "workbook has sheets" || no "workbook has no sheets"

# 4. the HTML: self-contained, parses, and in a real browser loads without console errors
grep -qi '<script' "$out/report.html" && no "report.html has scripts" || ok "report.html has no scripts"
grep -qiE '(src|href)="https?:' "$out/report.html" && no "report.html loads something from elsewhere" || ok "report.html is self-contained"
if command -v chromium >/dev/null; then
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$tmp/chrome" --enable-logging=stderr --v=0 \
    --window-size=1200,1600 --screenshot="$tmp/shot.png" "file://$out/report.html" >"$tmp/chrome.log" 2>&1
  if grep -E 'CONSOLE|Uncaught' "$tmp/chrome.log" | grep -vi 'deprecat' | grep -q .; then
    no "console errors in chromium"; grep -E 'CONSOLE|Uncaught' "$tmp/chrome.log" | head -5
  else
    ok "chromium shows no console errors"
  fi
  size=$(stat -c %s "$tmp/shot.png" 2>/dev/null || echo 0)
  [ "$size" -gt 50000 ] && ok "the screenshot is not blank ($size bytes)" || no "the screenshot looks blank ($size bytes)"
else
  echo "SKIP chromium is not installed"
fi

# 5. a folder that is not a report is refused and left alone, --force or not; a report folder is replaced
# (tests/cli/output_safety.sh has the rest)
mkdir -p "$tmp/notes" && echo "keep me" >"$tmp/notes/mine.txt"
"$bin" report -o "$tmp/notes" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && ok "non-empty folder refused (exit 2)" || no "non-empty folder: exit $rc"
[ "$(ls -A "$tmp/notes")" = "mine.txt" ] && ok "refused folder unchanged" || no "refused folder changed: $(ls -A "$tmp/notes")"
"$bin" report -o "$tmp/notes" --force >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && [ "$(ls -A "$tmp/notes")" = "mine.txt" ] && ok "--force refused too, folder unchanged" || no "--force: exit $rc, $(ls -A "$tmp/notes")"
"$bin" report -o "$out" >/dev/null 2>&1 && ok "an earlier report is replaced" || no "cannot replace an earlier report"
ls "$tmp" | grep -q '\.tmp-' && no "a temporary folder was left behind" || ok "no temporary folder left behind"

# 6. the language's number style
grep -q '1\.247' "$out/report.md" && grep -q '254,2' "$out/report.md" && ok "Vietnamese numbers (1.247, 254,2)" || no "Vietnamese number style"
"$bin" --lang en report -o "$tmp/en" >/dev/null 2>&1
grep -q '1,247' "$tmp/en/report.md" && grep -q '254\.2' "$tmp/en/report.md" && ok "English numbers (1,247, 254.2)" || no "English number style"
grep -q '^1247' "$out/tables/dbk-hp-recruitment.csv" -- 2>/dev/null; grep -q ',1247,' "$out/tables/dbk-hp-recruitment.csv" && ok "CSV numbers plainly (1247)" || no "CSV numbers not plain"

# 7. bad arguments
"$bin" report --format pdf -o "$tmp/x" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "unknown format exits 2" || no "unknown format: exit $rc"
[ ! -e "$tmp/x" ] && ok "nothing written for a bad format" || no "output left for a bad format"
"$bin" report /nonexistent -o "$tmp/y" >/dev/null 2>&1; rc=$?
[ $rc -eq 3 ] && ok "missing dataset exits 3" || no "missing dataset: exit $rc"

# 8. the units the report is about: by default the top unit and the units one level below it (the
# default dataset's two); --unit and --depth choose others; an unknown unit writes nothing
grep -q "^## Chi bộ cơ quan Ban Dân vận Thành ủy" "$out/report.md" && ok "default depth 1 covers the chi bộ" || no "no section for cb-bdv by default"
grep -q "This report has a section for" "$tmp/en/report.md" && no "the default report says units were left out" || ok "no unit left out of the default report"
"$bin" --lang en report --unit cb-bdv --depth 0 -o "$tmp/u" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && ok "--unit cb-bdv exits 0" || { no "--unit cb-bdv: exit $rc"; cat "$tmp/err"; }
ls "$tmp/u/charts" | grep -q '^dbk-hp-' && no "--unit cb-bdv drew dbk-hp's charts" || ok "--unit cb-bdv: no dbk-hp charts"
grep -q "^## Chi bộ cơ quan Ban Dân vận Thành ủy" "$tmp/u/report.md" && ! grep -q "^## Đảng bộ Khối các cơ quan" "$tmp/u/report.md" && ok "--unit cb-bdv: its section only" || no "--unit cb-bdv: sections"
grep -q "This report has a section for 1 of the 2 units" "$tmp/u/report.md" && ok "the report says what it leaves out" || no "no note of the units left out"
"$bin" --lang en report --depth 0 -o "$tmp/d0" >/dev/null 2>&1
[ -s "$tmp/d0/charts/dbk-hp-recruitment.png" ] && ! grep -q "^## Chi bộ cơ quan Ban Dân vận" "$tmp/d0/report.md" && ok "--depth 0: the top unit only" || no "--depth 0"
"$bin" --lang en report --unit nope -o "$tmp/z" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q "unknown unit 'nope'" "$tmp/err" && [ ! -e "$tmp/z" ] && ok "unknown --unit: exit 2, nothing written" || no "unknown --unit: exit $rc"
"$bin" --lang en report --depth x -o "$tmp/z" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && [ ! -e "$tmp/z" ] && ok "bad --depth: exit 2" || no "bad --depth: exit $rc"

[ $fails -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
