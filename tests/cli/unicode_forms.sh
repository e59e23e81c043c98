#!/usr/bin/env bash
# tests/cli/unicode_forms.sh — text as offices type it, through the command (datasets/FORMAT.md "Text as
# it is typed"): command-line codes with a pasted zero-width space or typed with combining accents, and
# an events export of `chiso aggregate` whose forms of discipline and rating labels are typed in NFD or
# without accents and whose unit codes carry a zero-width space: every record is counted, the same as
# the clean export. Prints PASS/FAIL lines; exits non-zero when any fails.
# Environment (set by CTest): CHISO_BIN, CHISO_SOURCE_DIR.
set -u
bin=${CHISO_BIN:?CHISO_BIN is not set}
src=${CHISO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$src" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHISO_LANG=en
failed=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; sed 's/^/    | /' "$tmp/err" 2>/dev/null | head -5; failed=$((failed + 1)); }

# a unit code with a zero-width space pasted after it (U+200B): found, exit 0
if "$bin" compare datasets/haiphong --unit $'dbk-hp\u200b' >"$tmp/out" 2>"$tmp/err"; then
    pass "--unit with a zero-width space"
else
    fail "--unit with a zero-width space (exit $?)"
fi
# an unknown code is still refused, and the message shows no invisible character raw
"$bin" compare datasets/haiphong --unit $'xyz\u200b' >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 2 ] && ! grep -q $'\u200b' "$tmp/err"; then pass "unknown --unit refused, nothing invisible printed"; else fail "unknown --unit (exit $rc)"; fi

# an export typed every which way counts as the clean one
D=tests/data/aggregate
printf 'member,unit,date,event,detail\nM001,cb-a1,2018-03-02,disciplined,khiển trách\nM002,cb-a2,2018-04-02,disciplined,cảnh cáo\nM003,cb-b1,2018-12-15,rated,hoàn thành tốt nhiệm vụ\nM004,cb-a1,2018-12-15,rated,hoàn thành xuất sắc nhiệm vụ\n' >"$tmp/clean.csv"
printf 'member,unit,date,event,detail\nM001,cb-a1\u200b,2018-03-02,disciplined,khie\xcc\x89n tra\xcc\x81ch\nM002,cb-a2,2018-04-02,disciplined,canh cao\nM003,cb-b1,2018-12-15,rated,hoan thanh tot nhiem vu\nM004,cb-a1,2018-12-15,rated,hoa\xcc\x80n tha\xcc\x80nh xuâ\xcc\x81t sa\xcc\x86\xcc\x81c nhiê\xcc\xa3m vu\xcc\xa3\n' >"$tmp/typed.csv"
"$bin" aggregate "$tmp/clean.csv" --units "$D/units.csv" -o "$tmp/clean.out" 2>"$tmp/err" || fail "clean export (exit $?)"
for parser in fast libcsv; do
    if "$bin" aggregate "$tmp/typed.csv" --units "$D/units.csv" --parser $parser -o "$tmp/typed.out" 2>"$tmp/err" &&
        grep -q "4 rows read, 4 counted, 0 rejected" "$tmp/err" &&
        grep -q "typed.csv:3:35: warning: the form of discipline 'canh cao' is written without Vietnamese accents: read as 'cảnh cáo'" "$tmp/err" &&
        diff <(sed 's/typed.csv/X/g' "$tmp/typed.out") <(sed 's/clean.csv/X/g' "$tmp/clean.out") >/dev/null; then
        pass "export in NFD, without accents, with a zero-width space ($parser)"
    else
        fail "export in NFD, without accents, with a zero-width space ($parser)"
    fi
done

# a CR-only export (Excel for Mac): the rejected row is named at its own line
printf 'member,unit,date,event,detail\rM001,cb-a1,2018-03-02,admitted,\rM002,cb-zz,2018-03-02,admitted,\r' >"$tmp/mac.csv"
"$bin" aggregate "$tmp/mac.csv" --units "$D/units.csv" -o "$tmp/mac.out" 2>"$tmp/err"
if grep -q "mac.csv:3:6: error: unknown unit 'cb-zz'" "$tmp/err"; then pass "CR-only export located"; else fail "CR-only export located"; fi

[ "$failed" -eq 0 ]
