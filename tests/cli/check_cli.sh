#!/usr/bin/env bash
# tests/cli/check_cli.sh — the chiso command itself: exit codes (0 success, 1 data errors, 2 usage,
# 3 I/O), messages that name what is wrong, the normalize output (CSV columns, a row checked by hand,
# JSON that parses) and -o writing its file atomically.
# Environment (set by CTest): CHISO_BIN, CHISO_SOURCE_DIR.
set -u

bin=${CHISO_BIN:?CHISO_BIN is not set}
src=${CHISO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$src" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

pass() { echo "PASS $1"; }
fail() {
    echo "FAIL $1: $2"
    [ -s "$tmp/err" ] && sed 's/^/    | /' "$tmp/err" | head -20
    failed=$((failed + 1))
}

# run NAME WANT_EXIT ARGS...: runs chiso with ARGS, stdout to $tmp/out, stderr to $tmp/err.
run() {
    local name=$1 want=$2
    shift 2
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        fail "$name" "exit $rc, expected $want ($*)"
        return 1
    fi
    return 0
}

# stderr (or stdout with "out") contains a fixed string
has() {
    local name=$1 where=$2 text=$3
    if grep -qF -- "$text" "$tmp/$where"; then
        pass "$name"
    else
        fail "$name" "no '$text' in std$where"
    fi
}

# ---- check ----------------------------------------------------------------------------------------

# The embedded default dataset and the same folder on disk are clean: exit 0, the summary on stderr.
run "check default" 0 --lang en check && has "check default" err "datasets/haiphong: 258 figures, 0 targets, 0 errors, 0 warnings"
run "check datasets/haiphong" 0 --lang en check datasets/haiphong && has "check datasets/haiphong" err "0 errors, 0 warnings"

# A folder that does not exist, and a file given instead of a folder: I/O errors (3) naming the path.
run "check /nonexistent" 3 --lang en check /nonexistent/chiso-dataset && has "check /nonexistent" err "/nonexistent/chiso-dataset"
run "check a file" 3 --lang en check datasets/haiphong/observations.csv &&
    has "check a file" err "datasets/haiphong/observations.csv: error: not a folder"

# Usage errors (2): an unknown option, an unknown language, a bad option value, two folders.
run "unknown option" 2 --lang en check --frobnicate && has "unknown option" err "unknown option '--frobnicate'"
run "unknown language" 2 --lang xx check && has "unknown language" err "'xx'"
run "--lang=xx" 2 check --lang=xx && pass "--lang=xx"
run "unknown encoding" 2 --lang en check --encoding latin-9 datasets/haiphong && has "unknown encoding" err "latin-9"
run "bad --near" 2 --lang en check --near 2 && has "bad --near" err "--near"
run "bad --as-of" 2 --lang en check --as-of 27/01/1994 && has "bad --as-of" err "1994-01-27"
run "two folders" 2 --lang en check datasets/haiphong datasets/haiphong && pass "two folders"
run "unknown command" 2 --lang en chek && has "unknown command" err "chek"
run "no command" 2 && pass "no command"

# Data errors (1), with "error" in English in every language (tools parse it), Vietnamese or not.
run "data errors" 1 --lang en check tests/bad/count-with-comma &&
    has "data errors" err "tests/bad/count-with-comma/observations.csv:2:38: error: '1,247' is ambiguous"
run "data errors in Vietnamese" 1 --lang vi check tests/bad/count-with-comma &&
    has "data errors in Vietnamese" err "tests/bad/count-with-comma/observations.csv:2:38: lỗi: "
# In Vietnamese no message begins with the English "error:" — usage errors, load errors, unknown codes
run "usage error in Vietnamese" 2 --lang vi check --frobnicate && has "usage error in Vietnamese" err "chiso check: lỗi: "
run "load error in Vietnamese" 3 --lang vi check datasets/haiphong/observations.csv &&
    has "load error in Vietnamese" err "datasets/haiphong/observations.csv: lỗi: "
run "unknown unit in Vietnamese" 2 --lang vi compare --unit khong-co && has "unknown unit in Vietnamese" err "chiso: lỗi: "
for f in err out; do
    if grep -q "error" "$tmp/$f"; then fail "no English 'error' in Vietnamese" "std$f says error"; fi
done
# A workbook with no units (the empty template): check reads it, report refuses it and writes nothing
run "template" 0 --lang en template -o "$tmp/empty.xlsx"
run "report of no units" 1 --lang vi report "$tmp/empty.xlsx" -o "$tmp/empty-report" &&
    has "report of no units" err "không có đơn vị"
if [ -e "$tmp/empty-report" ]; then fail "report of no units" "a folder was written"; else pass "report of no units writes nothing"; fi

# -q leaves out the warnings, not the errors
run "check -q" 1 --lang en check -q tests/bad/misspelt-header
if grep -q "warning:" "$tmp/err"; then fail "check -q" "a warning was printed"; else pass "check -q"; fi

# --encoding cp1258 reads a dataset saved in Windows-1258 (tests/bad/windows-1258 fails without it).
run "check --encoding cp1258" 0 --lang en check --encoding cp1258 tests/bad/windows-1258 &&
    has "check --encoding cp1258" err "2 figures, 0 targets, 0 errors, 0 warnings"

# ---- normalize ------------------------------------------------------------------------------------

header="unit,term,indicator,basis,term_years,coverage_years,value_lo,value_hi,value,annual_lo,annual_hi,projected_lo,projected_hi,per100_lo,per100_hi,flags,sources,rating,level,scheme,value_lo_open,value_hi_open"
if run "normalize csv" 0 --lang en normalize datasets/haiphong --format csv; then
    if [ "$(head -n 1 "$tmp/out")" = "$header" ]; then pass "normalize csv header"; else fail "normalize csv header" "$(head -n 1 "$tmp/out")"; fi
    cp "$tmp/out" "$tmp/normalize.csv"
    # Term V (2015-08-23..2020-08-03 = 1 808 days) has 854 admitted from 2015-08-23 to 2018-12-31
    # (1 227 days): coverage 1227/365.25 = 3.359343, 854/3.359343 = 254.216381 a year, projected
    # over 1808/365.25 = 4.950034 years: 1258.379788.
    row=$(grep '^dbk-hp,V,admitted,total,' "$tmp/normalize.csv")
    IFS=, read -r u t i b term_years coverage lo hi value alo ahi plo phi rest <<<"$row"
    if [ "$term_years" = 4.950034 ] && [ "$coverage" = 3.359343 ] && [ "$value" = 854 ] && [ "$alo" = 254.216381 ] &&
        [ "$plo" = 1258.379788 ]; then
        pass "normalize row dbk-hp V admitted"
    else
        fail "normalize row dbk-hp V admitted" "$row"
    fi
    # every row has the 22 columns of the header (fields with commas are quoted)
    bad=$(python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1]))); print(sum(len(x)!=22 for x in r))' "$tmp/normalize.csv" 2>/dev/null || echo 0)
    if [ "$bad" = 0 ]; then pass "normalize csv columns"; else fail "normalize csv columns" "$bad rows without 22 columns"; fi
fi

# The embedded dataset gives the same CSV as the folder.
if run "normalize default" 0 --lang en normalize; then
    if cmp -s "$tmp/out" "$tmp/normalize.csv"; then pass "normalize default = folder"; else fail "normalize default = folder" "outputs differ"; fi
fi

# JSON parses.
if run "normalize json" 0 --lang en normalize datasets/haiphong --format json; then
    if command -v python3 >/dev/null 2>&1; then
        if python3 -m json.tool "$tmp/out" >/dev/null 2>"$tmp/err"; then pass "normalize json parses"; else fail "normalize json parses" "python3 -m json.tool refused it"; fi
    elif grep -q '^{"rows": \[' "$tmp/out" && tail -n 1 "$tmp/out" | grep -q '^\]}$'; then
        pass "normalize json looks whole"
    else
        fail "normalize json looks whole" "no {\"rows\": [ … ]}"
    fi
    has "normalize json coverage" out '"unit": "dbk-hp", "term": "V", "indicator": "admitted", "basis": "total"'
fi
run "normalize bad format" 2 --lang en normalize --format xml && has "normalize bad format" err "xml"

# -o writes the file atomically: the same bytes as stdout, through a new file renamed into place (the
# old one is replaced, not rewritten: its inode changes), no temporary left behind.
out="$tmp/o/normalized.csv"
mkdir -p "$tmp/o"
echo "old content" >"$out"
inode_before=$(stat -c %i "$out")
if run "normalize -o" 0 --lang en normalize datasets/haiphong -o "$out"; then
    if cmp -s "$out" "$tmp/normalize.csv"; then pass "normalize -o content"; else fail "normalize -o content" "differs from stdout"; fi
    if [ "$(stat -c %i "$out")" != "$inode_before" ]; then pass "normalize -o renames"; else fail "normalize -o renames" "same inode: rewritten in place"; fi
    if [ "$(ls -A "$tmp/o" | wc -l)" = 1 ]; then pass "normalize -o no temporary"; else fail "normalize -o no temporary" "$(ls -A "$tmp/o" | tr '\n' ' ')"; fi
    if [ ! -s "$tmp/out" ]; then pass "normalize -o nothing on stdout"; else fail "normalize -o nothing on stdout" "stdout not empty"; fi
fi
if run "normalize --output=" 0 --lang en normalize datasets/haiphong --format json --output="$tmp/o/n.json"; then
    if ! command -v python3 >/dev/null 2>&1 || python3 -m json.tool "$tmp/o/n.json" >/dev/null 2>&1; then
        pass "normalize --output= json"
    else
        fail "normalize --output= json" "the file does not parse"
    fi
fi
# A folder that does not exist: I/O error, nothing created.
run "normalize -o missing folder" 3 --lang en normalize datasets/haiphong -o "$tmp/none/x.csv" &&
    has "normalize -o missing folder" err "$tmp/none/x.csv"
if [ -e "$tmp/none" ]; then fail "normalize -o missing folder" "created $tmp/none"; fi
# A dataset with errors: exit 1 and the old output is left alone.
echo "keep" >"$tmp/o/keep.csv"
run "normalize data errors" 1 --lang en normalize tests/bad/count-with-comma -o "$tmp/o/keep.csv"
if [ "$(cat "$tmp/o/keep.csv")" = keep ]; then pass "normalize data errors keeps the old file"; else fail "normalize data errors keeps the old file" "overwritten"; fi

# --as-of keeps the figures ending by then: by 2018-12-31 term VI has no admitted row.
if run "normalize --as-of" 0 --lang en normalize --as-of 2018; then
    if grep -q '^dbk-hp,VI,admitted,' "$tmp/out"; then fail "normalize --as-of" "term VI row present";
    elif grep -q '^dbk-hp,V,admitted,total,4.950034,3.359343,854,' "$tmp/out"; then pass "normalize --as-of";
    else fail "normalize --as-of" "no term V row"; fi
fi

# ---- help and version ------------------------------------------------------------------------------
run "--version" 0 --version && has "--version" out "chiso 0.1.0"
run "check --help" 0 --lang en check --help && pass "check --help"

if [ "$failed" -ne 0 ]; then
    echo "$failed check(s) failed"
    exit 1
fi
echo "all checks passed"
