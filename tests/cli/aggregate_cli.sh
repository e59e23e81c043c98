#!/usr/bin/env bash
# tests/cli/aggregate_cli.sh — `chiso aggregate` as a command: help, usage errors (exit 2), rejected rows
# and data errors (exit 1, FILE:LINE:COL on stderr), I/O errors (exit 3), the output accepted by
# `chiso check`, the same bytes from --parser libcsv and --threads 2, no partial file after a failure,
# and no progress line when stderr is not a terminal.
set -u
BIN=${CHISO_BIN:-build/chiso}
SRC=${CHISO_SOURCE_DIR:-.}
D=$SRC/tests/data/aggregate
T=$(mktemp -d /tmp/chiso-aggcli-XXXXXX)
trap 'rm -rf "$T"' EXIT
export CHISO_LANG=en
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# expect_rc WANT DESC -- command...
expect_rc() {
    local want=$1 desc=$2
    shift 3
    "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    if [ "$rc" -eq "$want" ]; then ok; else bad "$desc: exit $rc, wanted $want"; sed 's/^/    /' "$T/err" >&2; fi
}

expect_grep() { # FILE PATTERN DESC
    if grep -q -- "$2" "$1"; then ok; else bad "$3: '$2' not in $1"; sed 's/^/    /' "$1" >&2; fi
}

# help
expect_rc 0 "help" -- "$BIN" aggregate --help
expect_grep "$T/out" "usage: chiso aggregate EVENTS.csv" "help text"
expect_grep "$T/out" "\-\-parser fast|libcsv" "help lists --parser"
expect_rc 0 "help via chiso help" -- "$BIN" help aggregate
"$BIN" --help | grep -q "aggregate" && ok || bad "aggregate in the command list"

# usage errors
expect_rc 2 "no export" -- "$BIN" aggregate --units "$D/units.csv"
expect_grep "$T/err" "chiso aggregate: error:" "usage error prefix"
expect_rc 2 "no --units" -- "$BIN" aggregate "$D/basic.csv"
expect_grep "$T/err" "\-\-units" "usage error names --units"
expect_rc 2 "bad --by" -- "$BIN" aggregate "$D/basic.csv" --units "$D/units.csv" --by month
expect_rc 2 "--by term without --terms" -- "$BIN" aggregate "$D/basic.csv" --units "$D/units.csv" --by term
expect_rc 2 "unknown option" -- "$BIN" aggregate "$D/basic.csv" --units "$D/units.csv" --frobnicate
expect_rc 2 "two exports" -- "$BIN" aggregate "$D/basic.csv" "$D/dups.csv" --units "$D/units.csv"
expect_rc 2 "bad --threads" -- "$BIN" aggregate "$D/basic.csv" --units "$D/units.csv" --threads 3
expect_rc 2 "bad --parser" -- "$BIN" aggregate "$D/basic.csv" --units "$D/units.csv" --parser regex
expect_rc 2 "--until not a day" -- "$BIN" aggregate "$D/basic.csv" --units "$D/units.csv" --until 2019-06-31 -o "$T/u.csv"
expect_grep "$T/err" "\-\-until takes a day YYYY-MM-DD, not '2019-06-31'" "--until error"
expect_rc 2 "--until a year" -- "$BIN" aggregate "$D/basic.csv" --units "$D/units.csv" --until 2019 -o "$T/u.csv"
[ ! -e "$T/u.csv" ] && ok || bad "a usage error wrote the output"

# where the counts end: the summary names the day; --until rejects later rows (exit 1, output written)
expect_rc 0 "default end" -- "$BIN" aggregate "$D/basic.csv" --units "$D/units.csv" -o "$T/u.csv"
expect_grep "$T/err" "the counts run to 2019-12-20, the export's latest event" "summary names the end"
# in Vietnamese the day as Vietnamese writes it, never an ISO date
expect_rc 0 "default end (vi)" -- env CHISO_LANG=vi "$BIN" aggregate "$D/basic.csv" --units "$D/units.csv" -o "$T/u.csv"
expect_grep "$T/err" "số liệu được đếm đến ngày 20/12/2019," "summary names the end in Vietnamese"
expect_grep "$T/u.csv" "^cb-a1,confirmed,2019-01-01,2019-12-20,1,total," "the last year is cut"
expect_rc 1 "--until before some rows" -- "$BIN" aggregate "$D/basic.csv" --units "$D/units.csv" --until 2019-06-30 -o "$T/u.csv"
expect_grep "$T/err" "basic.csv:14:12: error: the date 2019-07-07 is after the day the export was taken (--until 2019-06-30)" "row after --until located"
expect_grep "$T/err" "date after --until  *7" "summary counts them"
expect_grep "$T/u.csv" "^cb-a1,confirmed,2019-01-01,2019-06-30,1,total," "the year ends at --until"
expect_rc 2 "bad CHISO_AGGREGATE_PARSER" -- env CHISO_AGGREGATE_PARSER=magic "$BIN" aggregate "$D/basic.csv" --units "$D/units.csv"
expect_rc 2 "--units without a value" -- "$BIN" aggregate "$D/basic.csv" --units

# success: output written, summary on stderr, no progress when stderr is not a terminal
expect_rc 0 "basic by year" -- "$BIN" aggregate "$D/basic.csv" --units "$D/units.csv" --terms "$D/terms.csv" -o "$T/obs.csv"
expect_grep "$T/err" "17 rows read, 17 counted, 0 rejected" "summary"
expect_grep "$T/obs.csv" "^cb-x,died,2018,2018,1,total,,,,,basic.csv,line 17 (1 counted),event=died,$" "a row"
if grep -q "MB/s" "$T/err" || grep -q $'\r' "$T/err"; then bad "progress shown on a pipe"; else ok; fi
[ ! -s "$T/out" ] && ok || bad "nothing on stdout with -o"

# the output is a dataset chiso check accepts
mkdir -p "$T/ds"
cp "$D/units.csv" "$D/terms.csv" "$T/ds/"
cp "$T/obs.csv" "$T/ds/observations.csv"
expect_rc 0 "chiso check on the output" -- "$BIN" check "$T/ds" --quiet

# the round trip of formula-like text (datasets/FORMAT.md): an export named "=ev.csv" gives the source
# "'=ev.csv" (neutralised for spreadsheets); read back as a dataset, the reader takes that apostrophe
# off, so normalize writes the source once neutralised ("'=ev.csv …; =ev.csv …"), not "''=ev.csv"
mkdir -p "$T/rt"
cp "$D/basic.csv" "$T/=ev.csv"
expect_rc 0 "aggregate of =ev.csv" -- "$BIN" aggregate "$T/=ev.csv" --units "$D/units.csv" -o "$T/rt-obs.csv"
expect_grep "$T/rt-obs.csv" "^tinh,admitted,2018,2018,2,total,,,,,'=ev.csv,lines 2-17 (2 counted)," "formula-like source neutralised"
cp "$D/units.csv" "$D/terms.csv" "$T/rt/"
cp "$T/rt-obs.csv" "$T/rt/observations.csv"
expect_rc 0 "normalize of the aggregate output" -- "$BIN" normalize "$T/rt" -o "$T/rt-n.csv"
if grep -qF ",'=ev.csv lines 2-17 (2 counted); =ev.csv lines 3-18 (0 counted)," "$T/rt-n.csv"; then
    ok
else
    bad "round trip of '=ev.csv"; grep -m2 "^tinh,XV,admitted" "$T/rt-n.csv" >&2
fi

# standard output when there is no -o, and the same bytes from every reader and thread count
expect_rc 0 "stdout" -- "$BIN" aggregate "$D/basic.csv" --units "$D/units.csv"
cmp -s "$T/out" "$T/obs.csv" && ok || bad "stdout differs from -o"
for f in basic quotes crlf bom semicolon messy rejects dups; do
    for by in year term; do
        "$BIN" aggregate "$D/$f.csv" --units "$D/units.csv" --terms "$D/terms.csv" --by $by -o "$T/fast.csv" 2>"$T/fast.err"
        r1=$?
        "$BIN" aggregate "$D/$f.csv" --units "$D/units.csv" --terms "$D/terms.csv" --by $by --parser libcsv -o "$T/fast.csv.l" 2>"$T/lib.err"
        r2=$?
        CHISO_AGGREGATE_PARSER=libcsv "$BIN" aggregate "$D/$f.csv" --units "$D/units.csv" --terms "$D/terms.csv" --by $by -o - >"$T/env.csv" 2>/dev/null
        r3=$?
        "$BIN" aggregate "$D/$f.csv" --units "$D/units.csv" --terms "$D/terms.csv" --by $by --threads 2 -o - >"$T/two.csv" 2>/dev/null
        r4=$?
        sed -i "s#$T/fast.csv.l#$T/fast.csv#" "$T/lib.err"
        if [ $r1 -eq $r2 ] && [ $r1 -eq $r3 ] && [ $r1 -eq $r4 ] && cmp -s "$T/fast.csv" "$T/fast.csv.l" &&
            cmp -s "$T/fast.csv" "$T/env.csv" && cmp -s "$T/fast.csv" "$T/two.csv" && cmp -s "$T/fast.err" "$T/lib.err"; then
            ok
        else
            bad "$f --by $by: fast, libcsv, env and two threads differ (exit $r1 $r2 $r3 $r4)"
        fi
    done
done

# rejected rows: exit 1, compiler-style errors, the observations still written
expect_rc 1 "rejected rows" -- "$BIN" aggregate "$D/rejects.csv" --units "$D/units.csv" -o "$T/rej.csv"
expect_grep "$T/err" "rejects.csv:5:6: error: unknown unit 'cb-zz'" "FILE:LINE:COL error"
expect_grep "$T/err" "rejects.csv:20:1: error: member 'M017' has the same event" "duplicate reported"
expect_grep "$T/err" "20 rows read, 2 counted, 18 rejected and not counted" "summary counts"
expect_grep "$T/err" "duplicate member event  *1" "summary per reason"
[ -s "$T/rej.csv" ] && ok || bad "observations written despite rejected rows"
expect_rc 1 "--show 1" -- "$BIN" aggregate "$D/rejects.csv" --units "$D/units.csv" --show 1 -o "$T/rej.csv"
[ "$(grep -c "aggregate\|error: unknown unit" "$T/err")" -ge 1 ] && ok || bad "--show 1 shows one"
[ "$(grep -c "error: the date is empty\|error: '2018-03' is not a day\|error: cannot read\|not a day of the calendar" "$T/err")" -eq 1 ] && ok || bad "--show 1 keeps one location per reason"

# data errors that stop the count: exit 1, nothing written
printf 'member,unit,date,event\nM1,cb-a1,2018-01-01,admitted\n' >"$T/nodetail.csv"
rm -f "$T/none.csv"
expect_rc 1 "header without detail" -- "$BIN" aggregate "$T/nodetail.csv" --units "$D/units.csv" -o "$T/none.csv"
expect_grep "$T/err" "nodetail.csv:1:1: error: the header has no column 'detail'" "header error place"
[ ! -e "$T/none.csv" ] && ok || bad "no file after a failed count"
ls "$T" | grep -q "none.csv.tmp" && bad "temporary left behind" || ok
printf 'member,unit,date,event,detail\nM1,cb-a1,2018-01-01,admitted,"open\n' >"$T/open.csv"
expect_rc 1 "unclosed quote" -- "$BIN" aggregate "$T/open.csv" --units "$D/units.csv" -o "$T/none.csv"
expect_grep "$T/err" "open.csv:2: error: the file ends inside a quoted field" "unclosed quote place"
printf 'member,unit,date,event,detail\nM1,cb-a1,2018-01-01,admitted,kh\xecng\n' >"$T/cp1258.csv"
expect_rc 1 "not UTF-8" -- "$BIN" aggregate "$T/cp1258.csv" --units "$D/units.csv" -o "$T/none.csv"
expect_grep "$T/err" "cp1258.csv:2:32: error: the file is not UTF-8" "encoding error place"
printf 'unit,name,parent\na,A,\nb,B,zz\n' >"$T/badunits.csv"
expect_rc 1 "units.csv with errors" -- "$BIN" aggregate "$D/basic.csv" --units "$T/badunits.csv" -o "$T/none.csv"
expect_grep "$T/err" "badunits.csv:3:[0-9:]* *error: unit 'b' has an unknown parent 'zz'" "units.csv error named"

# I/O errors: exit 3
expect_rc 3 "missing export" -- "$BIN" aggregate "$T/no-such.csv" --units "$D/units.csv" -o "$T/none.csv"
expect_grep "$T/err" "no-such.csv: error: cannot open the file" "missing export message"
expect_rc 3 "missing units.csv" -- "$BIN" aggregate "$D/basic.csv" --units "$T/no-units.csv"
expect_rc 3 "export is a folder" -- "$BIN" aggregate "$T" --units "$D/units.csv" -o "$T/none.csv"
expect_rc 3 "output folder missing" -- "$BIN" aggregate "$D/basic.csv" --units "$D/units.csv" -o "$T/no/such/dir/obs.csv"
expect_grep "$T/err" "obs.csv: error: cannot create the file" "output error message"
[ ! -e "$T/none.csv" ] && ok || bad "no partial file"

# a progress line on a terminal (when script(1) is there to give one)
if command -v script >/dev/null 2>&1; then
    big="$T/big.csv"
    {
        echo "member,unit,date,event,detail"
        for i in $(seq 1 20000); do echo "M$i,cb-a1,2018-12-15,rated,hoàn thành tốt nhiệm vụ"; done
    } >"$big"
    script -qec "$BIN aggregate $big --units $D/units.csv -o $T/big-obs.csv" /dev/null >"$T/tty.txt" 2>&1
    expect_grep "$T/tty.txt" "20,000 rows read" "summary on a terminal"
    ok
fi

echo "aggregate_cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
