#!/usr/bin/env bash
# tests/cli/workbook_cli.sh — Excel workbooks both ways, through the command.
#
# - `chiso template -o d.xlsx datasets/haiphong`, then `chiso report d.xlsx` gives the same tables as
#   `chiso report datasets/haiphong`: tables/*.csv equal once the place of a figure is written alike
#   (datasets/haiphong/observations.csv:244 and d.xlsx:observations!A244 both become observations:244);
# - the template's XML has the drop-downs (data validations, the rating list through INDIRECT and a
#   named range per scheme), the notes (comments) and Vietnamese headers; LibreOffice opens it, and the
#   copy it saves reads back to the same tables (skipped when soffice is absent);
# - a workbook with errors gives FILE:SHEET!CELL diagnostics and exit 1, at the cell of the CSV's field;
# - not a workbook, a damaged one and a ZIP bomb are refused with a clear message (exit 3, 3 and 1);
# - the workbook read is never changed; -o a folder, a device, the input itself are refused.
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
run() { # run NAME WANT_EXIT ARGS...
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
has() { # has NAME out|err TEXT
    if grep -qF -- "$3" "$tmp/$2"; then pass "$1"; else fail "$1" "no '$3' in $2"; fi
}

# ---- the default dataset round-trips ---------------------------------------------------------------
run "template of the default dataset" 0 template -o "$tmp/d.xlsx" datasets/haiphong && pass "template written"
[ -f "$tmp/d.xlsx" ] && ! ls "$tmp"/d.xlsx.tmp* >/dev/null 2>&1 && pass "no temporary file left" ||
    fail "template file" "d.xlsx missing or a temporary left"
sum_before=$(md5sum < "$tmp/d.xlsx")
run "report from the folder" 0 report datasets/haiphong -o "$tmp/r-csv" --format csv
run "report from the workbook" 0 report "$tmp/d.xlsx" -o "$tmp/r-xlsx" --format csv
[ "$(md5sum < "$tmp/d.xlsx")" = "$sum_before" ] && pass "the workbook read is unchanged" ||
    fail "workbook unchanged" "report changed its input"
# the place of a figure or a target, written alike: FILE.csv:N and BOOK.xlsx:SHEET!AN → SHEET:N
# (a file of targets is named in words in Vietnamese: "bảng chỉ tiêu minh họa, dòng 2"; its sheet keeps
# its name: "chỉ tiêu: d.xlsx:illustrative-targets!A2"; the CSV quotes its comma brings are left out)
norm() { sed -E -e 's#bảng chỉ tiêu minh họa, dòng ([0-9]+)#chỉ tiêu: illustrative-targets:\1#g' \
                -e 's#bảng chỉ tiêu, dòng ([0-9]+)#chỉ tiêu: targets:\1#g' \
                -e 's#[^ ,;("]*datasets/haiphong/([a-z-]+)\.csv:([0-9]+)#\1:\2#g' \
                -e 's#([a-z-]+)\.csv,? (dòng|line) ([0-9]+)#\1:\3#g' \
                -e 's#[^ ,;("]*d\.xlsx:([a-z-]+)!A([0-9]+)#\1:\2#g' -e 's#"##g' "$1"; }
n_tables=0; n_same=0
for f in "$tmp"/r-csv/tables/*.csv; do
    b=$(basename "$f")
    n_tables=$((n_tables + 1))
    if [ -f "$tmp/r-xlsx/tables/$b" ] && diff <(norm "$f") <(norm "$tmp/r-xlsx/tables/$b") >"$tmp/diff"; then
        n_same=$((n_same + 1))
    else
        echo "    tables/$b differs:"; head -6 "$tmp/diff" | sed 's/^/    | /'
    fi
done
[ "$n_tables" -ge 10 ] && [ "$n_same" -eq "$n_tables" ] && pass "same $n_tables tables from the folder and the workbook" ||
    fail "round trip" "$n_same of $n_tables tables are the same"
[ "$(ls "$tmp/r-csv/tables" | wc -l)" = "$(ls "$tmp/r-xlsx/tables" | wc -l)" ] && pass "same list of tables" ||
    fail "list of tables" "$(ls "$tmp/r-csv/tables" | wc -l) vs $(ls "$tmp/r-xlsx/tables" | wc -l)"
grep -q 'illustrative-targets!A2' "$tmp/r-xlsx/tables/targets.csv" && pass "a target's place is its sheet and row" ||
    fail "target place" "no illustrative-targets!A2 in targets.csv"
run "check the workbook" 0 check "$tmp/d.xlsx"
has "check counts the same figures" err "258"

# ---- the template's XML: drop-downs, notes, headers ------------------------------------------------
if command -v unzip >/dev/null; then
    # the sheets in workbook order: huong-dan, units, terms, indicators, observations, …, danh-muc
    obs_xml=$(unzip -p "$tmp/d.xlsx" xl/worksheets/sheet5.xml)
    n_dv=$(grep -o '<dataValidation ' <<<"$obs_xml" | wc -l)
    [ "$n_dv" -ge 7 ] && pass "observations has $n_dv drop-downs" || fail "drop-downs" "$n_dv data validations"
    grep -qF "<formula1>'units'!\$A\$2:\$A\$5000</formula1>" <<<"$obs_xml" && pass "unit list from the units sheet" ||
        fail "unit list" "no formula on units!A"
    grep -qF 'INDIRECT(IF($H2=' <<<"$obs_xml" && pass "rating list follows the scheme of the row" ||
        fail "rating list" "no INDIRECT on the scheme column"
    grep -qF "<formula1>'danh-muc'!\$E\$2:\$E\$5</formula1>" <<<"$obs_xml" && pass "basis list" || fail "basis list" "missing"
    book=$(unzip -p "$tmp/d.xlsx" xl/workbook.xml)
    grep -qF 'name="r_org_2018"' <<<"$book" && grep -qF 'name="r_member_2023"' <<<"$book" && grep -qF 'name="r_all"' <<<"$book" &&
        pass "a named range per rating scheme" || fail "named ranges" "missing"
    unzip -p "$tmp/d.xlsx" xl/comments4.xml | grep -qF 'Số liệu ghi đúng như tài liệu' && pass "notes on the headers" ||
        fail "notes" "no Vietnamese note in comments4.xml"
    unzip -p "$tmp/d.xlsx" xl/sharedStrings.xml | grep -qF '<t>Mã đơn vị</t>' && pass "Vietnamese headers" ||
        fail "headers" "no Mã đơn vị"
    # the drop-down of the rating labels of org-2018 holds its labels
    grep -qF 'hoàn thành tốt nhiệm vụ' < <(unzip -p "$tmp/d.xlsx" xl/sharedStrings.xml) && pass "rating labels listed" ||
        fail "rating labels" "missing"
else
    echo "SKIP template XML: unzip is not installed"
fi
run "template in English" 0 --lang en template -o "$tmp/en.xlsx"
unzip -p "$tmp/en.xlsx" xl/sharedStrings.xml | grep -qF '<t>period_start</t>' && pass "English template has the codes" ||
    fail "English headers" "no period_start"
run "blank template checks clean" 0 check "$tmp/en.xlsx"

# ---- LibreOffice opens it, and its copy reads back the same ----------------------------------------
if command -v soffice >/dev/null && [ "${CHISO_SKIP_SOFFICE:-0}" != 1 ]; then
    mkdir -p "$tmp/lo" "$tmp/lo-home"
    # LibreOffice writes a workbook of its own (other styles, shared strings, no inline strings)
    HOME="$tmp/lo-home" timeout 180 soffice --headless --norestore --convert-to xlsx:"Calc MS Excel 2007 XML" \
        --outdir "$tmp/lo" "$tmp/d.xlsx" >"$tmp/lo.log" 2>&1
    if [ -s "$tmp/lo/d.xlsx" ]; then
        pass "LibreOffice opens and saves the template"
        unzip -p "$tmp/lo/d.xlsx" xl/worksheets/sheet5.xml | grep -o '<dataValidation ' | wc -l >"$tmp/n"
        [ "$(cat "$tmp/n")" -ge 7 ] && pass "LibreOffice keeps the drop-downs" || fail "LibreOffice drop-downs" "$(cat "$tmp/n")"
        run "check the LibreOffice copy" 0 check "$tmp/lo/d.xlsx" && has "same figures in the LibreOffice copy" err "258"
        cp "$tmp/lo/d.xlsx" "$tmp/d2.xlsx"
        run "report from the LibreOffice copy" 0 report "$tmp/d2.xlsx" -o "$tmp/r-lo" --format csv
        same=0
        for f in "$tmp"/r-csv/tables/*.csv; do
            b=$(basename "$f")
            diff <(norm "$f") <(norm "$tmp/r-lo/tables/$b" | sed -E 's#[^ ,;("]*d2\.xlsx:([a-z-]+)!A([0-9]+)#\1:\2#g') \
                >/dev/null 2>&1 && same=$((same + 1))
        done
        [ "$same" -eq "$n_tables" ] && pass "the LibreOffice copy gives the same $same tables" ||
            fail "LibreOffice round trip" "$same of $n_tables tables the same"
    else
        fail "LibreOffice" "no converted workbook"; sed 's/^/    | /' "$tmp/lo.log" | head -5
    fi
else
    echo "SKIP LibreOffice: soffice is not installed"
fi

# ---- errors at the cell ----------------------------------------------------------------------------
# a bad dataset copied into a workbook: the same errors, each on the row of its CSV line (and the cell
# of its field: the CSV's field N is the workbook's column N)
errs() { # errs FILE: "sheet:line" of every error, sorted
    sed -nE -e 's#^.*/([a-z-]+)\.csv:([0-9]+)(:[0-9]+)?: error: .*#\1:\2#p' \
            -e 's#^.*\.xlsx:([a-z-]+)![A-Z]+([0-9]+): error: .*#\1:\2#p' "$1" | sort
}
for bad in count-with-comma unknown-unit share-105 conflicting-figures duplicate-term end-before-start \
           fractional-count negative-count overlapping-terms rule-broken target-unknown-term unknown-indicator \
           unknown-verdict units-cycle unknown-parent share-without-basis; do
    [ -d "tests/bad/$bad" ] || continue
    run "template of tests/bad/$bad" 0 template -o "$tmp/$bad.xlsx" "tests/bad/$bad" || continue
    run "check $bad.xlsx" 1 --lang en check "$tmp/$bad.xlsx"
    cp "$tmp/err" "$tmp/xlsx-err"
    "$bin" --lang en check "tests/bad/$bad" 2>"$tmp/csv-err" >/dev/null
    if [ -n "$(errs "$tmp/csv-err")" ] && [ "$(errs "$tmp/csv-err")" = "$(errs "$tmp/xlsx-err")" ]; then
        pass "$bad: the same errors on the same rows ($(errs "$tmp/csv-err" | tr '\n' ' '))"
    else
        fail "$bad" "errors differ: csv [$(errs "$tmp/csv-err" | tr '\n' ' ')] xlsx [$(errs "$tmp/xlsx-err" | tr '\n' ' ')]"
    fi
done
grep -qE 'count-with-comma\.xlsx:observations!E[0-9]+: ' <(cat "$tmp/err" ; "$bin" check "$tmp/count-with-comma.xlsx" 2>&1) &&
    pass "a value error is in column E (value)" || fail "column E" "no observations!E error"

# ---- what is not a workbook -------------------------------------------------------------------------
printf 'unit,term,start,end\n' > "$tmp/text.xlsx"
run "a text file named .xlsx" 3 check "$tmp/text.xlsx" && has "says it is not a workbook" err "ZIP"
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old' > "$tmp/old.xls"
run "an old .xls" 3 check "$tmp/old.xls" && has "says to save as .xlsx" err ".xlsx"
head -c 20000 "$tmp/d.xlsx" > "$tmp/cut.xlsx"
run "a workbook cut short" 3 check "$tmp/cut.xlsx" && has "names the file" err "cut.xlsx"
cp "$tmp/cut.xlsx" "$tmp/cut-copy"
cmp -s "$tmp/cut.xlsx" "$tmp/cut-copy" && pass "a damaged input is left as it was" || fail "damaged input" "changed"
: > "$tmp/empty.xlsx"
run "an empty .xlsx" 3 check "$tmp/empty.xlsx"
if command -v python3 >/dev/null; then
    # 160 MiB of blanks in the observations sheet, a few hundred KiB once compressed
    python3 - "$tmp/d.xlsx" "$tmp/bomb.xlsx" <<'EOF'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "xl/worksheets/sheet5.xml":
            head = data.index(b"<sheetData>") + len(b"<sheetData>")
            with zout.open(item.filename, "w", force_zip64=True) as w:
                w.write(data[:head])
                blank = b" " * (1 << 20)
                for _ in range(160):
                    w.write(blank)
                w.write(data[head:])
        else:
            zout.writestr(item, data)
EOF
    [ "$(stat -c %s "$tmp/bomb.xlsx")" -lt 2000000 ] && pass "the bomb is small" || fail "bomb size" "$(stat -c %s "$tmp/bomb.xlsx")"
    run "a ZIP bomb in a sheet" 1 check "$tmp/bomb.xlsx" && has "the bomb is named" err "ZIP" &&
        has "at its sheet" err "bomb.xlsx:observations: "
else
    echo "SKIP ZIP bomb: python3 is not installed"
fi

# ---- outputs -----------------------------------------------------------------------------------------
run "template without -o" 2 template datasets/haiphong
run "template to a folder" 3 template -o "$tmp" datasets/haiphong
run "template to a device" 2 template -o /dev/null
cp "$tmp/d.xlsx" "$tmp/in.xlsx"
sum=$(md5sum < "$tmp/in.xlsx")
run "template over its own input" 2 template -o "$tmp/in.xlsx" "$tmp/in.xlsx"
[ "$(md5sum < "$tmp/in.xlsx")" = "$sum" ] && pass "the input is left as it was" || fail "input" "changed"
run "template into the dataset folder" 2 template -o datasets/haiphong/observations.csv datasets/haiphong
git -C "$src" diff --quiet -- datasets/haiphong 2>/dev/null && pass "the dataset folder is untouched" ||
    fail "dataset folder" "changed"
# a field longer than an Excel cell holds: refused at its place, no workbook written
mkdir -p "$tmp/long"
cp tests/bad/count-with-comma/terms.csv "$tmp/long/"
{ echo "unit,indicator,period_start,period_end,value,note"
  printf 'dbk,members,2015,2015,12,%s\n' "$(head -c 40000 /dev/zero | tr '\0' x)"; } > "$tmp/long/observations.csv"
run "a field too long for a cell" 1 --lang en template -o "$tmp/long.xlsx" "$tmp/long" &&
    has "names the field" err "observations.csv:2:" && has "says why" err "32 767"
[ ! -e "$tmp/long.xlsx" ] && ! ls "$tmp"/long.xlsx.tmp* >/dev/null 2>&1 && pass "nothing half-written" ||
    fail "half-written" "long.xlsx or a temporary file left"
# a dataset in Windows-1258: read with --encoding, written as Unicode
run "template of a cp1258 dataset" 0 template --encoding cp1258 -o "$tmp/cp.xlsx" tests/bad/windows-1258
run "check the cp1258 copy" 0 --lang en check "$tmp/cp.xlsx" && has "its figures read" err "2 figures, 0 targets, 0 errors"
run "a workbook made from a workbook" 0 template -o "$tmp/again.xlsx" "$tmp/d.xlsx"
run "reads the same" 0 check "$tmp/again.xlsx" && has "same figures again" err "258"

echo "$failed failed"
[ "$failed" -eq 0 ]
