#!/usr/bin/env bash
# tests/cli/analysis_cli.sh — chiso compare, trend and attain end to end on the default dataset.
#
# Run by CTest with CHISO_BIN (the chiso binary) and CHISO_SOURCE_DIR. Proves: the CSV of compare has
# one row per term of dbk-hp with the annual rates worked out by hand (below); the trend JSON has the
# seven terms; attain judges the illustrative admitted ≥ 1000 target of the running term VI as
# AT_RISK (P about 0.3 from the unit's own history) and shows what the report said of term V; usage errors exit 2; the language sets the
# number style; -o writes a file and a failing run leaves none.
set -u

BIN=${CHISO_BIN:?CHISO_BIN is not set}
TMP=$(mktemp -d /tmp/chiso-cli-analysis-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
fails=0

fail() {
    echo "FAIL: $*" >&2
    fails=$((fails + 1))
}

# run NAME EXPECTED_EXIT ARGS...: stdout to $TMP/NAME.out, stderr to $TMP/NAME.err
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

contains() { # NAME TEXT: the output of NAME contains TEXT (fixed string)
    grep -qF -- "$2" "$TMP/$1.out" || fail "$1: output lacks '$2'"
}

lacks() {
    if grep -qF -- "$2" "$TMP/$1.out"; then fail "$1: output has '$2'"; fi
}

# ---- compare --format csv -------------------------------------------------------------------------
# Annual rates of admissions by term (total ÷ years covered; days counted with both ends, /365.25):
#   lt 136 over 1994–1995 (2 whole years)                          = 68
#   I  712 over 1996-02-09..2000-12-10 = 1767 days                 = 712·365.25/1767  = 147.1749
#   II 772 over 2000-12-10..2005-10-27 = 1783 days                 = 772·365.25/1783  = 158.1453
#   III 1209 over 2005-10-27..2010-08-25 = 1764 days               = 1209·365.25/1764 = 250.3329
#   IV 1247 over 2010-08-25..2015-08-23 = 1825 days                = 1247·365.25/1825 = 249.5708
#   V  854 over 2015-08-23..2018-12-31 = 1227 days (partial)       = 854·365.25/1227  = 254.2164
#   VI 641 over 2020-08-03..2023-12-31 = 1246 days (partial)       = 641·365.25/1246  = 187.9015
# Projected whole-term totals of V and VI: 854·1808/1227 = 1258.38, 641·1855/1246 = 954.30.
run compare_csv 0 --lang en compare --unit dbk-hp --indicator admitted --format csv
head -1 "$TMP/compare_csv.out" | grep -q '^unit,indicator,level,rating,term,basis,kind,value_lo,value_hi,value,' ||
    fail "compare_csv: unexpected header: $(head -1 "$TMP/compare_csv.out")"
rows=$(tail -n +2 "$TMP/compare_csv.out" | grep -c .)
[ "$rows" -eq 7 ] || fail "compare_csv: $rows data rows, expected 7"
tail -n +2 "$TMP/compare_csv.out" | awk -F, '
    BEGIN {
        n = split("lt I II III IV V VI", term, " ")
        want["lt"] = 136 / 2;             want["I"] = 712 * 365.25 / 1767
        want["II"] = 772 * 365.25 / 1783; want["III"] = 1209 * 365.25 / 1764
        want["IV"] = 1247 * 365.25 / 1825; want["V"] = 854 * 365.25 / 1227
        want["VI"] = 641 * 365.25 / 1246
        part["V"] = 1; part["VI"] = 1
        proj["V"] = 854 * 1808 / 1227;    proj["VI"] = 641 * 1855 / 1246
        bad = 0
    }
    {
        i = NR
        if ($1 != "dbk-hp" || $2 != "admitted" || $5 != term[i]) { print "row " i ": " $1 " " $2 " " $5 " (want " term[i] ")"; bad = 1; next }
        d = $10 - want[$5]; if (d < 0) d = -d
        if (d > 1e-5) { print "term " $5 ": value " $10 ", want " want[$5]; bad = 1 }
        if ($15 != (($5 in part) ? 1 : 0)) { print "term " $5 ": partial " $15; bad = 1 }
        if ($5 in proj) { d = $16 - proj[$5]; if (d < 0) d = -d; if (d > 1e-5) { print "term " $5 ": projected " $16 ", want " proj[$5]; bad = 1 } }
        else if ($16 != "") { print "term " $5 ": projected " $16 " for a whole term"; bad = 1 }
        if (i > 1 && $18 != term[i - 1]) { print "term " $5 ": previous " $18; bad = 1 }
    }
    END { exit bad }' >"$TMP/compare_csv.check" || fail "compare_csv: $(cat "$TMP/compare_csv.check")"

# ---- trend --format json --------------------------------------------------------------------------
run trend_json 0 --lang en trend --unit dbk-hp --indicator admitted --format json
contains trend_json '"n": 7'
contains trend_json '"label": "lt"'
contains trend_json '"mann_kendall": {"s": 13,'   # S counted by hand in test_analysis.c
contains trend_json '"poisson": null'            # term VI has no membership figure near it

# ---- attain --illustrative --as-of 2023-12-31 --format json ----------------------------------------
run attain_json 0 --lang en attain --illustrative --as-of 2023-12-31 --format json
contains attain_json '"as_of": "2023-12-31"'
# the target admitted ≥ 1000 over term VI: 641 by 2023 at 188 a year leaves 954 expected at the same
# pace, but term rates have ranged from 147 to 254 a year: P(≥ 1000) about 0.3 → AT_RISK
grep -F '"term": "VI", "indicator": "admitted", "op": ">=", "target": 1000,' "$TMP/attain_json.out" |
    grep -qF '"status": "AT_RISK"' || fail "attain_json: admitted >= 1000 in VI is not AT_RISK"
grep -F '"term": "VI", "indicator": "admitted", "op": ">=", "target": 1000,' "$TMP/attain_json.out" |
    grep -qF '"verdict": null' || fail "attain_json: admitted >= 1000 in VI has a verdict before the end"
# term V: 854 by 2018 already exceed 800 (MET), and the report's own "đạt" for 2015-08-23..2018 is shown
grep -F '"term": "V", "indicator": "admitted", "op": ">=", "target": 800,' "$TMP/attain_json.out" |
    grep -F '"verdict": "MET"' | grep -qF '"reported_verdict": "MET"' ||
    fail "attain_json: admitted >= 800 in V is not MET with the reported verdict beside it"
# IV: the exact 1.247 is below 1300
grep -F '"term": "IV", "indicator": "admitted", "op": ">=", "target": 1300,' "$TMP/attain_json.out" |
    grep -qF '"verdict": "NOT_MET"' || fail "attain_json: admitted >= 1300 in IV is not NOT_MET"
# the table names a term by its label, as compare and trend do ("Nhiệm kỳ VI (2020–2025)", not "VI")
run attain_table 0 --lang vi attain --illustrative --as-of 2023-12-31
contains attain_table "Đảng bộ Khối các cơ quan thành phố Hải"
# a range target in words, never "∈ [60; 70]%" (docs/style-vi.md §2)
contains attain_table "từ 60% đến 70%"
lacks attain_table "∈"
grep -qE "^Phòng · Nhiệm kỳ VI \(2020–2025\)|· Nhiệm kỳ VI \(2020–2025\)" "$TMP/attain_table.out" ||
    fail "attain_table: the term is not named by its label"
grep -qE "· (VI|V|IV) *$|· (VI|V|IV)  " "$TMP/attain_table.out" && fail "attain_table: a term named by its code"
# reasons write intervals as documents do, with the per-cent sign of a share (docs/style-vi.md §2): the
# share of IV "trên 80%" against the illustrative ≥ 80%, never "(80; 100] đạt chỉ tiêu ≥ 80"
run attain_csv_vi 0 --lang vi attain --illustrative --format csv
contains attain_csv_vi "trên 80% đạt chỉ tiêu ≥ 80%"
contains attain_csv_vi "mọi năm trong thời kỳ đều đạt chỉ tiêu ≥ 40 (trên 40)"
lacks attain_csv_vi "(80; 100]"
run attain_csv_en 0 --lang en attain --illustrative --format csv
contains attain_csv_en "over 80% meets the target ≥ 80%"
# lists of years are built in one place (years_words): "năm 2019" for one, "các năm 2020 và 2024" for
# two, "các năm 2015, 2016, 2017, 2018 và 2019" for more; never "các năm 2019" nor "2023, 2024, và"
contains attain_csv_vi "không có số liệu cho năm 2019"
contains attain_csv_vi "không có số liệu các năm 2020 và 2024; nhiệm kỳ không còn năm nào nữa"
contains attain_csv_vi "không có số liệu cho các năm 2015, 2016, 2017, 2018 và 2019"
lacks attain_csv_vi "các năm 2019,"
lacks attain_csv_vi "2024, và"
contains attain_csv_en "no figure for the year 2019"
contains attain_csv_en "no figure for the years 2015, 2016, 2017, 2018 and 2019"
# without --illustrative the dataset's own targets.csv (empty) gives no rows
run attain_plain 0 --lang en attain --as-of 2023-12-31 --format json
lacks attain_plain '"illustrative": true'

# ---- usage errors exit 2 ----------------------------------------------------------------------------
run bad_unit 2 --lang en compare --unit nope --indicator admitted
grep -qF "nope" "$TMP/bad_unit.err" || fail "bad_unit: the message does not name the unit"
run bad_indicator 2 --lang en compare --unit dbk-hp --indicator no_such_indicator
grep -qF "no_such_indicator" "$TMP/bad_indicator.err" || fail "bad_indicator: the message does not name it"
run trend_bad_unit 2 --lang en trend --unit nope --indicator admitted
run trend_no_unit 2 --lang en trend --indicator admitted
run trend_bad_by 2 --lang en trend --unit dbk-hp --indicator admitted --by month
run trend_bad_rating 2 --lang en trend --unit dbk-hp --indicator member_rating_share --rating 5
run trend_rating_needed 2 --lang en trend --unit dbk-hp --indicator member_rating_share
run bad_format 2 --lang en compare --unit dbk-hp --format xml
run bad_option 2 --lang en compare --bogus
run attain_bad_term 2 --lang en attain --term XX
run attain_bad_prob 2 --lang en attain --on-track 1.5
run attain_bad_order 2 --lang en attain --on-track 0.3 --at-risk 0.5
for n in trend_no_unit trend_bad_by trend_bad_rating bad_format bad_option; do
    [ -s "$TMP/$n.out" ] && fail "$n: a usage error printed to stdout"
    [ -s "$TMP/$n.err" ] || fail "$n: a usage error printed nothing on stderr"
done

# ---- number style by language ------------------------------------------------------------------------
# V: 854·365.25/1227 = 254.216… a year, shown with one decimal
run compare_vi 0 --lang vi compare --unit dbk-hp --indicator admitted
contains compare_vi "254,2"
lacks compare_vi "254.2"
run compare_en 0 --lang en compare --unit dbk-hp --indicator admitted
contains compare_en "254.2"
lacks compare_en "254,2"

# ---- -o FILE ------------------------------------------------------------------------------------------
run out_ok 0 --lang en compare --unit dbk-hp --indicator admitted --format csv -o "$TMP/out.csv"
[ -s "$TMP/out_ok.out" ] && fail "out_ok: -o also printed to stdout"
if [ -f "$TMP/out.csv" ]; then
    cmp -s "$TMP/out.csv" "$TMP/compare_csv.out" || fail "out_ok: the file differs from standard output"
else
    fail "out_ok: $TMP/out.csv was not written"
fi
run out_trend 0 --lang en trend --unit dbk-hp --indicator admitted --format json -o "$TMP/trend.json"
grep -qF '"n": 7' "$TMP/trend.json" 2>/dev/null || fail "out_trend: trend.json lacks \"n\": 7"
run out_fail 2 --lang en compare --unit nope -o "$TMP/never.csv"
[ -e "$TMP/never.csv" ] && fail "out_fail: a failing run left $TMP/never.csv"
run out_fail_trend 2 --lang en trend --unit dbk-hp --indicator admitted --by month -o "$TMP/never.json"
[ -e "$TMP/never.json" ] && fail "out_fail_trend: a failing run left $TMP/never.json"
run out_nodir 3 --lang en compare --unit dbk-hp --format csv -o "$TMP/no/such/dir/x.csv"
[ -e "$TMP/no/such/dir/x.csv" ] && fail "out_nodir: a file appeared"
leftovers=$(find "$TMP" -maxdepth 1 -name '*.tmp*' | wc -l)
[ "$leftovers" -eq 0 ] || fail "temporary files left behind: $(find "$TMP" -maxdepth 1 -name '*.tmp*')"

if [ "$fails" -ne 0 ]; then
    echo "$fails check(s) failed" >&2
    exit 1
fi
echo "analysis_cli: all checks passed"
