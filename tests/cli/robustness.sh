#!/usr/bin/env bash
# tests/cli/robustness.sh — the chiso command under bad input and failing outputs. Every case runs one
# command and checks that
#   - it exits with the expected code (never a crash or a hang: killed after 120 s);
#   - stderr has the expected diagnostic at its place: a line that starts with "FILE:LINE:COL: error: "
#     (or "FILE: error: " when there is no place) and contains the expected words;
#   - no output file appears where the command was told to write, nor a temporary file beside it
#     (the folder of the output is the same before and after, byte for byte), and an output that
#     existed before is left as it was;
#   - the inputs are byte-identical afterwards (sha256 of every file, links and special files listed).
# The cases: limits (a field over 64 KiB, thousands of fields, a record or a line over 1 MiB, an
# expression nested too deep or too long, dates out of range, numbers that overflow, NaN/Inf written as
# text), files that cannot be read (empty, a folder, missing, a dangling link, a link loop, a FIFO with
# no writer, a read error), bad datasets given to every command that writes an output, bad exports,
# units and terms given to chiso aggregate, and outputs that cannot be written (a full disk through
# ulimit -f and /dev/full, a folder, a missing folder). Last, a dataset of a million figures, which must
# simply work.
# Prints one PASS/FAIL line per case and exits non-zero when any fails.
# Environment (set by CTest): CHISO_BIN, CHISO_SOURCE_DIR, CHISO_BINARY_DIR; CHISO_ROBUST_ROWS sets the
# size of the big dataset (default 1000000; 0 skips it).
set -u

bin=${CHISO_BIN:?CHISO_BIN is not set}
src=${CHISO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
bindir=${CHISO_BINARY_DIR:-$(dirname "$bin")}
rows=${CHISO_ROBUST_ROWS:-1000000}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
export CHISO_LANG=en
failed=0
count=0

# snap PATH...: every entry below each path with its kind, and the sha256 of every regular file.
# Special files (a FIFO) are listed, never opened; links are listed with their target, never followed.
snap() {
    local p f
    for p in "$@"; do
        if [ -d "$p" ] && [ ! -L "$p" ]; then
            echo "D $p"
            (cd "$p" && find . -mindepth 1 | LC_ALL=C sort | while IFS= read -r f; do
                if [ -L "$f" ]; then echo "L $f -> $(readlink "$f")"
                elif [ -d "$f" ]; then echo "D $f"
                elif [ -f "$f" ]; then echo "F $f $(sha256sum <"$f" | cut -c1-64)"
                else echo "S $f $(stat -c %F "$f")"; fi
            done)
        elif [ -L "$p" ]; then echo "L $p -> $(readlink "$p")"
        elif [ -f "$p" ]; then echo "F $p $(sha256sum <"$p" | cut -c1-64)"
        elif [ -e "$p" ]; then echo "S $p $(stat -c %F "$p")"
        else echo "- $p"; fi
    done
}

# A small valid dataset in folder $1: two units, three terms, four figures, a rule, a target.
mkds() {
    rm -rf "$1"
    mkdir -p "$1"
    printf 'unit,name,parent\nu,"Đảng bộ U, tỉnh",\nc,Chi bộ C,u\n' >"$1/units.csv"
    printf 'unit,term,label,start,end\nu,I,Nhiệm kỳ I,2000-01-01,2004-12-31\nu,II,Nhiệm kỳ II,2004-12-31,2009-12-31\nc,I,,2000-01-01,2009-12-31\n' >"$1/terms.csv"
    printf '%s\n' 'unit,indicator,period_start,period_end,value,basis,source,locator,quote' \
        'u,members,2000-12-31,2000-12-31,1.247,point,s.txt,line 1,q' \
        'u,admitted,2001,2001,50,total,s.txt,line 2,q' \
        'u,admitted,2002,2002,khoảng 60,total,s.txt,line 3,q' >"$1/observations.csv"
    printf 'rule,left,op,right\nsplit,base_orgs,==,base_orgs_committees + base_orgs_cells\n' >"$1/rules.csv"
    printf 'unit,term,indicator,op,value,basis\nu,I,admitted,>=,100,total\n' >"$1/targets.csv"
}

# An export of member events and its units and terms for chiso aggregate, in folder $1.
mkagg() {
    rm -rf "$1"
    mkdir -p "$1"
    printf 'unit,name,parent\ntinh,Tỉnh,\ncb-a,Chi bộ A,tinh\n' >"$1/units.csv"
    printf 'unit,term,start,end\ntinh,XV,2015-10-15,2020-10-14\ntinh,XVI,2020-10-14,2025-10-20\n' >"$1/terms.csv"
    printf 'member,unit,date,event,detail\nM1,cb-a,2018-03-02,admitted,\nM1,cb-a,2019-03-02,confirmed,\n' >"$1/events.csv"
}

# check NAME WANT_EXIT WHERE WORDS -- COMMAND...
#   WHERE: the start of the expected stderr line ("ds/observations.csv:5:11: error: "); WORDS: text that
#   line must contain. Globals: IN (inputs that must not change), OUT (the folder the output goes to:
#   it must be the same before and after). The command runs with a time limit; ulimit through $limited.
check() {
    local name=$1 want=$2 where=$3 words=$4 why="" rc before after obefore oafter line found=0
    shift 4
    [ "$1" = -- ] && shift
    count=$((count + 1))
    before=$(snap "${IN[@]}")
    obefore=$(snap "$OUT")
    timeout -k 5 120 "$@" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
    rc=$?
    after=$(snap "${IN[@]}")
    oafter=$(snap "$OUT")
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        why="hung (killed after 120 s)"
    elif [ "$rc" -ge 128 ]; then
        why="crashed (exit $rc)"
    elif [ "$rc" -ne "$want" ]; then
        why="exit $rc, expected $want"
    fi
    if [ -n "$where" ]; then
        while IFS= read -r line; do
            if [[ "$line" == "$where"* && "${line#"$where"}" == *"$words"* ]]; then
                found=1
                break
            fi
        done <"$tmp/stderr"
        [ "$found" -eq 1 ] || why="${why:+$why; }no diagnostic '$where… $words'"
    fi
    if [ "$before" != "$after" ]; then
        why="${why:+$why; }an input changed: $(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | head -2 | tr '\n' ' ')"
    fi
    if [ "$obefore" != "$oafter" ]; then
        why="${why:+$why; }the output folder changed: $(diff <(echo "$obefore") <(echo "$oafter") | grep '^[<>]' | head -3 | tr '\n' ' ')"
    fi
    if [ -n "$why" ]; then
        echo "FAIL $count $name: $why"
        sed 's/^/    | /' "$tmp/stderr" | head -12
        failed=$((failed + 1))
    else
        echo "PASS $count $name"
    fi
}

# $limited KB COMMAND...: run with a file size limit of KB KiB (a full disk, as write() sees it). In a
# coverage build the process's .gcda files would be cut at the limit too, and corrupt the build's
# counts: GCOV_PREFIX sends them to a folder of their own.
limited=$tmp/limited
printf '#!/bin/sh\nulimit -f "$1" || exit 99\nshift\nGCOV_PREFIX=%s/gcov-limited\nexport GCOV_PREFIX\nexec "$@"\n' "$tmp" >"$limited"
chmod +x "$limited"

# a fresh, empty output folder per case
newout() {
    OUT=$tmp/out/$((count + 1))-$1
    mkdir -p "$OUT"
}

mkds ds
"$bin" check ds >/dev/null 2>"$tmp/stderr" || { echo "FAIL: the base dataset has errors"; cat "$tmp/stderr"; exit 1; }

# ---- limits ---------------------------------------------------------------------------------------
# bad DIR ROW...: the base dataset with ROWs added to observations.csv (from line 5)
bad() {
    local d=$1
    shift
    mkds "$d"
    printf '%s\n' "$@" >>"$d/observations.csv"
}

long=$(head -c 70000 /dev/zero | tr '\0' x)
bad b1 "u,members,2003-12-31,2003-12-31,$long,point,s,l,q"
IN=(b1); newout check; check "field over 64 KiB" 1 "b1/observations.csv:5:33: error: " "longer than 65536 bytes" -- "$bin" check b1

wide=$(printf 'x%.0s,' $(seq 1 3000))
bad b2 "$wide"
IN=(b2); newout check; check "3000 fields in a line" 1 "b2/observations.csv:5:1025: error: " "more than 512 fields" -- "$bin" check b2

mkds b3
{ printf 'u,members,2003-12-31,2003-12-31,5,point,s,l,"'; for i in $(seq 1 40); do head -c 30000 /dev/zero | tr '\0' y; echo; done; echo '"'; } >>b3/observations.csv
IN=(b3); newout check; check "record over 1 MiB (quoted newlines)" 1 "b3/observations.csv:5:1: error: " "record is longer than 1048576 bytes" -- "$bin" check b3

mkds b4
{ printf 'u,members,2003-12-31,2003-12-31,5,point,s,l,'; for i in $(seq 1 40); do head -c 30000 /dev/zero | tr '\0' z; printf ','; done; echo; } >>b4/observations.csv
IN=(b4); newout check; check "line over 1 MiB" 1 "b4/observations.csv:5:1: error: " "line is longer than 1048576 bytes" -- "$bin" check b4

mkds b5
deep=$(printf '(%.0s' $(seq 1 100))members$(printf ')%.0s' $(seq 1 100))
printf 'nest,%s,<=,members\n' "$deep" >>b5/rules.csv
IN=(b5); newout check; check "expression nested 100 deep" 1 "b5/rules.csv:3:70: error: " "nested too deeply" -- "$bin" check b5

mkds b6
chain=members$(printf ' + members%.0s' $(seq 1 1200))
printf 'chain,%s,<=,members\n' "$chain" >>b6/rules.csv
IN=(b6); newout check; check "expression of 1 201 terms" 1 "b6/rules.csv:3:" "too long (more than 1000 terms)" -- "$bin" check b6

bad b7 'u,members,1899-12-31,1899-12-31,5,point,s,l,q'
IN=(b7); newout check; check "date before 1900" 1 "b7/observations.csv:5:11: error: " "year 1899" -- "$bin" check b7

bad b8 'u,admitted,2003,2200,5,total,s,l,q'
IN=(b8); newout check; check "date after 2199" 1 "b8/observations.csv:5:17: error: " "year 2200" -- "$bin" check b8

bad b9 'u,members,2023-02-29,2023-02-29,5,point,s,l,q'
IN=(b9); newout check; check "29 February of a common year" 1 "b9/observations.csv:5:19: error: " "not a day of the calendar" -- "$bin" check b9

bad b10 'u,members,2003-13,2003-13,5,point,s,l,q'
IN=(b10); newout check; check "month 13" 1 "b10/observations.csv:5:16: error: " "no month 13" -- "$bin" check b10

bad b11 'u,members,99999-01-01,99999-01-01,5,point,s,l,q'
IN=(b11); newout check; check "five-digit year" 1 "b11/observations.csv:5:15: error: " "cannot read '99999-01-01' as a date" -- "$bin" check b11

bad b12 'u,members,2003-12-31,2003-12-31,1e999,point,s,l,q'
IN=(b12); newout check; check "1e999 written as a value" 1 "b12/observations.csv:5:34: error: " "unexpected 'e999'" -- "$bin" check b12

bad b13 'u,members,2003-12-31,2003-12-31,99999999999999999999,point,s,l,q'
IN=(b13); newout check; check "a number over 10^15" 1 "b13/observations.csv:5:33: error: " "too large" -- "$bin" check b13

bad b14 'u,members,2003-12-31,2003-12-31,1.000.000.000.000.000.000,point,s,l,q'
IN=(b14); newout check; check "a number over 10^15 in groups" 1 "b14/observations.csv:5:33: error: " "too large" -- "$bin" check b14

bad b15 "u,members,2003-12-31,2003-12-31,$(printf '9%.0s' $(seq 1 80)),point,s,l,q"
IN=(b15); newout check; check "a number of 80 digits" 1 "b15/observations.csv:5:33: error: " "too many digits" -- "$bin" check b15

bad b16 'u,members,2003-12-31,2003-12-31,NaN,point,s,l,q'
IN=(b16); newout check; check "NaN as text" 1 "b16/observations.csv:5:33: error: " "'NaN' is not a figure" -- "$bin" check b16

bad b17 'u,members,2003-12-31,2003-12-31,Inf,point,s,l,q'
IN=(b17); newout check; check "Inf as text" 1 "b17/observations.csv:5:33: error: " "'Inf' is not a figure" -- "$bin" check b17

bad b18 'u,admitted,2003,2003,-infinity,total,s,l,q'
IN=(b18); newout check; check "-infinity as text" 1 "b18/observations.csv:5:23: error: " "not a figure" -- "$bin" check b18

mkds b19
printf 'u,I,members,>=,1e999,end\n' >>b19/targets.csv
IN=(b19); newout check; check "1e999 as a target" 1 "b19/targets.csv:3:" "1e999" -- "$bin" check b19

# ---- files that cannot be read -----------------------------------------------------------------------
mkds f1; : >f1/observations.csv
IN=(f1); newout check; check "empty observations.csv" 1 "f1/observations.csv:1:1: error: " "the file is empty" -- "$bin" check f1

mkds f2; : >f2/terms.csv
IN=(f2); newout check; check "empty terms.csv" 1 "f2/terms.csv:1:1: error: " "the file is empty" -- "$bin" check f2

mkds f3; rm f3/observations.csv; mkdir f3/observations.csv
IN=(f3); newout check; check "observations.csv is a folder" 1 "f3/observations.csv: error: " "not a regular file (a folder?)" -- "$bin" check f3

mkds f4; rm f4/observations.csv
IN=(f4); newout check; check "observations.csv missing" 1 "f4/observations.csv: error: " "has no observations.csv" -- "$bin" check f4

mkds f5; rm f5/observations.csv; ln -s /nonexistent/observations.csv f5/observations.csv
IN=(f5); newout check; check "a dangling link" 1 "f5/observations.csv: error: " "cannot open the file: No such file" -- "$bin" check f5

mkds f6; ln -s loop.csv f6/verdicts.csv; ln -s verdicts.csv f6/loop.csv
IN=(f6); newout check; check "a link loop" 1 "f6/verdicts.csv: error: " "cannot open the file: Too many levels of symbolic links" -- "$bin" check f6

mkds f7; rm f7/observations.csv; mkfifo f7/observations.csv
IN=(f7); newout check; check "a FIFO with no writer (no hang)" 1 "f7/observations.csv: error: " "not a regular file (a pipe or a device)" -- "$bin" check f7

mkds f8; rm f8/rules.csv; ln -s /proc/self/mem f8/rules.csv
IN=(f8); newout check; check "a read error (EIO)" 1 "f8/rules.csv: error: " "cannot read the file: Input/output error" -- "$bin" check f8

mkds f9; printf 'u,admitted,2003,2003,5\0,total,s,l,q\n' >>f9/observations.csv
IN=(f9); newout check; check "a NUL byte (UTF-16, spreadsheet)" 1 "f9/observations.csv:5:23: error: " "NUL byte" -- "$bin" check f9

mkds f10; printf 'u,admitted,2003,2003,5,total,s,l,\xD0\xE3ng\n' >>f10/observations.csv
IN=(f10); newout check; check "text that is not UTF-8" 1 "f10/observations.csv:5:34: error: " "not UTF-8" -- "$bin" check f10

mkds f11; printf 'u,admitted,2003,2003,5,total,s,l,"q\n' >>f11/observations.csv
IN=(f11); newout check; check "a quote left open at the end" 1 "f11/observations.csv:5:1: error: " "closing quote is missing" -- "$bin" check f11

IN=(ds); newout check; check "a dataset folder that does not exist" 3 "nowhere: error: " "cannot open the dataset folder" -- "$bin" check nowhere

IN=(ds); newout check; check "a file given as the dataset" 3 "ds/units.csv: error: " "not a folder" -- "$bin" check ds/units.csv

# ---- bad datasets given to the commands that write outputs ---------------------------------------------
bad c1 'u,admitted,2003,2003,NaN,total,s,l,q'
IN=(c1); newout n; check "normalize -o, bad dataset" 1 "c1/observations.csv:5:22: error: " "not a figure" -- "$bin" normalize c1 -o "$OUT/n.csv"
IN=(c1); newout n; check "normalize --format json -o, bad dataset" 1 "c1/observations.csv:5:22: error: " "not a figure" -- "$bin" normalize c1 --format json -o "$OUT/n.json"
bad c2 'u,admitted,2003,1999,5,total,s,l,q'
IN=(c2); newout c; check "compare -o, period ending before it starts" 1 "c2/observations.csv:5:" "before period_start" -- "$bin" compare c2 -o "$OUT/c.csv" --format csv
bad c3 'u,admitted,2003,2003,"1,000",total,s,l,q'
IN=(c3); newout a; check "attain -o, ambiguous 1,000" 1 "c3/observations.csv:5:24: error: " "ambiguous" -- "$bin" attain c3 -o "$OUT/a.txt"
bad c4 'u,admitted,2003,2003,"64,5",total,s,l,q'
IN=(c4); newout t; check "trend -o, a fractional count" 1 "c4/observations.csv:5:23: error: " "whole number" -- "$bin" trend c4 --unit u --indicator admitted -o "$OUT/t.txt"
bad c5 'u,members,2003-12-31,2003-12-31,1,point,s,l,q,extra'
IN=(c5); newout ch; check "chart -o, a row with an extra field" 1 "c5/observations.csv:5:1: error: " "10 fields but the header has 9" -- "$bin" chart c5 --kind compare --unit u --indicator admitted -o "$OUT/c.png"
bad c6 'x,admitted,2003,2003,5,total,s,l,q'
IN=(c6); newout r; check "report -o, an unknown unit" 1 "c6/observations.csv:5:1: error: " "unknown unit 'x'" -- "$bin" report c6 -o "$OUT/report"
mkds c7; printf 'left,op,right\nmembers + ,<=,members\n' >c7/rules.csv
IN=(c7); newout r; check "report -o, a rule that ends too early" 1 "c7/rules.csv:2:10: error: " "ends too early" -- "$bin" report c7 -o "$OUT/report"
mkds c8; printf 'u,III,,2009-12-31,2008-01-01\n' >>c8/terms.csv
IN=(c8); newout n; check "normalize -o, a term that ends before it starts" 1 "c8/terms.csv:5:" "before it starts" -- "$bin" normalize c8 -o "$OUT/n.csv"

# ---- chiso aggregate with bad inputs ---------------------------------------------------------------------
mkagg g1; printf 'M2,cb-a,2019-01-01,admitted,%s\n' "$long" >>g1/events.csv
IN=(g1); newout g; check "aggregate: a field over 64 KiB" 1 "g1/events.csv:4:29: error: " "longer than 65536 bytes" -- "$bin" aggregate g1/events.csv --units g1/units.csv -o "$OUT/o.csv"
mkagg g2; : >g2/events.csv
IN=(g2); newout g; check "aggregate: an empty export" 1 "g2/events.csv:1:1: error: " "the file is empty" -- "$bin" aggregate g2/events.csv --units g2/units.csv -o "$OUT/o.csv"
mkagg g3; rm g3/events.csv; mkfifo g3/events.csv
IN=(g3); newout g; check "aggregate: the export is a FIFO (no hang)" 3 "g3/events.csv: error: " "not a regular file" -- "$bin" aggregate g3/events.csv --units g3/units.csv -o "$OUT/o.csv"
mkagg g4
IN=(g4); newout g; check "aggregate: the export is a folder" 3 "g4: error: " "not a regular file" -- "$bin" aggregate g4 --units g4/units.csv -o "$OUT/o.csv"
mkagg g5; rm g5/units.csv
IN=(g5); newout g; check "aggregate: units.csv missing" 3 "g5/units.csv: error: " "cannot open the file" -- "$bin" aggregate g5/events.csv --units g5/units.csv -o "$OUT/o.csv"
mkagg g6; printf 'cb-b,Chi bộ B,nowhere\n' >>g6/units.csv
IN=(g6); newout g; check "aggregate: units.csv with an unknown parent" 1 "g6/units.csv:4:1: error: " "unknown parent 'nowhere'" -- "$bin" aggregate g6/events.csv --units g6/units.csv -o "$OUT/o.csv"
mkagg g7; printf 'tinh,XVII,2025-13-01,2030\n' >>g7/terms.csv
IN=(g7); newout g; check "aggregate: terms.csv with month 13" 1 "g7/terms.csv:4:" "no month 13" -- "$bin" aggregate g7/events.csv --units g7/units.csv --terms g7/terms.csv --by term -o "$OUT/o.csv"
mkagg g8; printf 'M3,cb-a,2019-01-01,admitted,\0\n' >>g8/events.csv
IN=(g8); newout g; check "aggregate: a NUL byte in the export" 1 "g8/events.csv:4:" "NUL byte" -- "$bin" aggregate g8/events.csv --units g8/units.csv -o "$OUT/o.csv"
mkagg g9; printf '%s\n' "$wide" >>g9/events.csv
IN=(g9); newout g; check "aggregate: 3000 fields in a line" 1 "g9/events.csv:4:1025: error: " "more than 512 fields" -- "$bin" aggregate g9/events.csv --units g9/units.csv -o "$OUT/o.csv"
mkagg g10; rm g10/units.csv; ln -s /proc/self/mem g10/units.csv
IN=(g10); newout g; check "aggregate: units.csv cannot be read (EIO)" 3 "g10/units.csv: error: " "Input/output error" -- "$bin" aggregate g10/events.csv --units g10/units.csv -o "$OUT/o.csv"

# ---- outputs that cannot be written ------------------------------------------------------------------------
cp -r "$src/datasets/haiphong" hp
IN=(hp); newout n; check "normalize -o on a full disk (ulimit -f)" 3 "$OUT/n.csv: error: " "File too large" -- "$limited" 8 "$bin" normalize hp -o "$OUT/n.csv"
newout n; echo "an earlier output" >"$OUT/n.csv"
IN=(hp); check "normalize -o over an existing file on a full disk: kept" 3 "$OUT/n.csv: error: " "File too large" -- "$limited" 8 "$bin" normalize hp -o "$OUT/n.csv"
# devices are reached through links in the test folder: a chiso that replaced its output by a file
# would replace the link, never the device itself
ln -s /dev/full full.csv
ln -s /dev/null null.csv
IN=(hp); newout n; check "normalize -o /dev/full" 3 "full.csv: error: " "No space left on device" -- "$bin" normalize hp -o full.csv
IN=(hp); newout c; check "compare -o on a full disk" 3 "$OUT/c.txt: error: " "File too large" -- "$limited" 2 "$bin" compare hp -o "$OUT/c.txt"
IN=(hp); newout a; check "attain -o on a full disk" 3 "$OUT/a.json: error: " "File too large" -- "$limited" 2 "$bin" attain hp --illustrative --format json -o "$OUT/a.json"
IN=(hp); newout ch; check "chart -o PNG on a full disk" 3 "$OUT/c.png: error: " "" -- "$limited" 8 "$bin" chart hp --kind compare --unit dbk-hp --indicator admitted -o "$OUT/c.png"
IN=(hp); newout ch; check "chart -o SVG on a full disk" 3 "$OUT/c.svg: error: " "not written completely" -- "$limited" 2 "$bin" chart hp --kind trend --unit dbk-hp --indicator admitted -o "$OUT/c.svg"
IN=(hp); newout ch; check "chart -o PDF on a full disk" 3 "$OUT/c.pdf: error: " "not written completely" -- "$limited" 2 "$bin" chart hp --kind dashboard --unit dbk-hp -o "$OUT/c.pdf"
IN=(hp); newout r; check "report -o on a full disk" 3 "$OUT/report/" "" -- "$limited" 60 "$bin" report hp -o "$OUT/report"
newout r; "$bin" report hp -o "$OUT/report" >/dev/null 2>&1
IN=(hp); check "report -o over an earlier report on a full disk: kept" 3 "$OUT/report/" "" -- "$limited" 60 "$bin" report hp -o "$OUT/report"
mkagg g11
IN=(g11); newout g; check "aggregate -o on a full disk" 3 "$OUT/o.csv: error: " "File too large" -- "$limited" 1 "$bin" aggregate g11/events.csv --units g11/units.csv -o "$OUT/o.csv"
IN=(g11); newout g; check "aggregate -o /dev/full" 3 "full.csv: error: " "No space left on device" -- "$bin" aggregate g11/events.csv --units g11/units.csv -o full.csv
newout n; mkdir -p "$OUT/dir"
IN=(hp); check "normalize -o a folder" 3 "$OUT/dir: error: " "this is a folder" -- "$bin" normalize hp -o "$OUT/dir"
IN=(hp); newout n; check "normalize -o into a missing folder" 3 "$OUT/missing/n.csv: error: " "cannot create the file" -- "$bin" normalize hp -o "$OUT/missing/n.csv"
IN=(hp); newout n; check "normalize to a full standard output" 3 "chiso: error: " "cannot write to standard output" -- bash -c '"$0" normalize "$1" >/dev/full' "$bin" hp
# /dev/null is written in place, never replaced by a regular file
IN=(hp); newout n; check "normalize -o /dev/null: allowed, the device stays" 0 "" "" -- "$bin" normalize hp -o null.csv
count=$((count + 1))
if [ -L null.csv ] && [ -L full.csv ] && [ -c null.csv ] && [ -c full.csv ]; then
    echo "PASS $count the links to /dev/null and /dev/full still name the devices"
else
    echo "FAIL $count a link to /dev/null or /dev/full was replaced by a file"
    failed=$((failed + 1))
fi

# ---- a million figures ---------------------------------------------------------------------------------------
gen=$bindir/bench/gen_observations
if [ "$rows" -gt 0 ] && [ -x "$gen" ]; then
    "$gen" -n "$rows" -o big 2>/dev/null
    IN=(big); newout m; check "$rows figures: check works" 0 "" "" -- "$bin" check big
    grep -q "big: $rows figures, 0 targets, 0 errors" "$tmp/stderr" || {
        echo "FAIL $count: the summary does not count $rows figures"; sed 's/^/    | /' "$tmp/stderr" | tail -3; failed=$((failed + 1)); }
    rm -rf big
elif [ "$rows" -gt 0 ]; then
    echo "SKIP $rows figures: $gen is not built"
fi

if [ "$count" -lt 40 ]; then
    echo "FAIL: only $count cases (at least 40 are expected)"
    failed=$((failed + 1))
fi
echo "$((count - failed)) of $count robustness cases passed"
[ "$failed" -eq 0 ]
