#!/usr/bin/env bash
# tests/cli/plan_cli.sh — chiso plan end to end on the default dataset.
#
# Run by CTest with CHISO_BIN. Proves: the default period is the five years after term VI; admissions
# (seven earlier terms, lt…VI, 28.3 years of figures) get a prediction and candidate targets whose
# probabilities fall as the level rises; discipline (should fall) gets "≤" candidates; the member
# rating share gets the beta model; CSV and JSON carry the same rows; Vietnamese by default, English
# with --lang en; usage errors exit 2 and write nothing.
set -u

BIN=${CHISO_BIN:?CHISO_BIN is not set}
TMP=$(mktemp -d /tmp/chiso-cli-plan-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() {
    echo "FAIL: $*" >&2
    fails=$((fails + 1))
}
run() {
    local name=$1 want=$2
    shift 2
    "$BIN" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
    local rc=$?
    if [ "$rc" -ne "$want" ]; then
        fail "$name: chiso $* exited $rc, expected $want"
        sed 's/^/    /' "$TMP/$name.err" >&2
    fi
}
contains() { grep -qF -- "$2" "$TMP/$1.out" || fail "$1: output lacks '$2'"; }
err_contains() { grep -qF -- "$2" "$TMP/$1.err" || fail "$1: stderr lacks '$2'"; }

run table 0 plan --unit dbk-hp --indicator admitted --indicator disciplined --indicator member_rating_share
contains table "Thời kỳ lập kế hoạch: từ 31/08/2025 đến 30/08/2030 (5 năm)"
contains table "Kết nạp đảng viên (tổng cả thời kỳ)"
contains table "7 nhiệm kỳ trước, 28,3 năm"
contains table "≤ 40:"
contains table "phân phối beta"
if grep -q "interval\|probability" "$TMP/table.out"; then fail "table: English words with --lang vi"; fi

run en 0 --lang en plan --unit dbk-hp --indicator admitted
contains en "likely value (80% interval)"
contains en "7 earlier terms, 28.3 years"

# fits an 80-column terminal in both languages: one block per indicator, wrapped on spaces, never
# between a sign and its number ("≥" at the end of a line)
run all 0 plan --unit dbk-hp
run allen 0 --lang en plan --unit dbk-hp
for f in table en all allen; do
    wide=$(python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' "$TMP/$f.out")
    [ "$wide" -le 80 ] || fail "$f: a line of $wide characters (at most 80)"
    if grep -qE '(≥|≤|/|:)$' "$TMP/$f.out"; then fail "$f: a line ends in a sign"; grep -E '(≥|≤|/|:)$' "$TMP/$f.out" >&2; fi
done
contains all "Kết nạp đảng viên (tổng cả thời kỳ)"
contains all "  khoảng 95%: 372 – 1.857"
contains all "1994–1996: 136 trong 2 năm;"
contains allen "1994–1996: 136 in 2 years;"
contains allen "  95% interval: 372 – 1,857"

run csv 0 plan --unit dbk-hp --indicator admitted --format csv
contains csv "unit,indicator,level,rating,kind,model,period_start,period_end,history_terms,mean,lo80,hi80,lo95,hi95,op,level_candidate,probability,note,sources"
contains csv "dbk-hp,admitted,0,,count_over_period,gamma-poisson,2025-08-31,2030-08-30,7,"
# the probabilities fall as the level rises
awk -F, 'NR > 1 { if (NR > 2 && $17 >= prev) bad = 1; prev = $17 } END { exit bad }' "$TMP/csv.out" ||
    fail "csv: probabilities do not fall as the level rises"

run json 0 plan --unit dbk-hp --indicator member_rating_share --format json
contains json '"model": "beta"'
contains json '"kind": "share_of_a_year"'

run term 0 plan --unit dbk-hp --term VI --indicator admitted --format csv
contains term "2020-08-03,2025-08-31,6,"

run nounit 2 plan
err_contains nounit "--unit"
run badunit 2 plan --unit nobody
run badterm 2 plan --unit dbk-hp --term ZZ
run halfspan 2 plan --unit dbk-hp --start 2026
run backwards 2 plan --unit dbk-hp --start 2030 --end 2026
run badformat 2 plan --unit dbk-hp --format pdf
run out 2 plan --unit nobody -o "$TMP/plan.txt"
[ -e "$TMP/plan.txt" ] && fail "a failed run left $TMP/plan.txt"

if [ "$fails" -gt 0 ]; then
    echo "$fails failure(s)" >&2
    exit 1
fi
echo "plan_cli: all checks passed"
