#!/usr/bin/env bash
# tests/cli/real_datasets.sh — chiso check and chiso attain on datasets typed from real published
# Vietnamese reports (tests/data/real-*/, each with a README.md naming its pages), one verdict at a time.
#
# Run by CTest with CHISO_BIN and CHISO_SOURCE_DIR. Every assertion below states the right answer and
# defends it from the quotes of the dataset. Where today's chiso gives a wrong answer, the case is
# written as `xfail` with the defect it shows (issue #12 §1): it then prints XFAIL and does not fail the
# test; when the defect is fixed it prints XPASS and asks for the case to be turned into an `expect`
# (with CHISO_STRICT_XFAIL=1 an XPASS fails, so that the integrator can find them all at once).
set -u

BIN=${CHISO_BIN:?CHISO_BIN is not set}
SRC=${CHISO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
DATA=$SRC/tests/data
TMP=$(mktemp -d /tmp/chiso-cli-real-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
fails=0
xfails=0
xpasses=0

fail() {
    echo "FAIL: $*" >&2
    fails=$((fails + 1))
}

# check DATASET: `chiso check` exits 0 and reports 0 errors and 0 warnings.
check() {
    local ds=$1
    "$BIN" --lang en check "$DATA/$ds" >"$TMP/$ds.check" 2>&1
    local rc=$?
    [ "$rc" -eq 0 ] || fail "$ds: chiso check exited $rc"
    grep -q ' 0 errors, 0 warnings' "$TMP/$ds.check" ||
        { fail "$ds: chiso check is not clean"; sed 's/^/    /' "$TMP/$ds.check" >&2; }
}

# attain NAME DATASET [ARGS...]: `chiso attain --format csv` into $TMP/NAME.csv (must exit 0).
attain() {
    local name=$1 ds=$2
    shift 2
    "$BIN" --lang en attain "$DATA/$ds" "$@" --format csv >"$TMP/$name.csv" 2>"$TMP/$name.err"
    local rc=$?
    [ "$rc" -eq 0 ] || { fail "$name: chiso attain $ds $* exited $rc"; sed 's/^/    /' "$TMP/$name.err" >&2; }
}

# cell NAME ROW COLUMN: the field COLUMN (by header name) of data row ROW (1 = first target) of
# $TMP/NAME.csv, RFC 4180 quotes undone.
cell() {
    awk -v row="$2" -v col="$3" '
        function split_csv(line, out,    n, i, c, f, q) {
            n = 0; f = ""; q = 0
            for (i = 1; i <= length(line); i++) {
                c = substr(line, i, 1)
                if (q) {
                    if (c == "\"") {
                        if (substr(line, i + 1, 1) == "\"") { f = f "\""; i++ } else q = 0
                    } else f = f c
                } else if (c == "\"") q = 1
                else if (c == ",") { out[++n] = f; f = "" }
                else f = f c
            }
            out[++n] = f
            return n
        }
        NR == 1 { n = split_csv($0, h); for (i = 1; i <= n; i++) idx[h[i]] = i; next }
        NR == row + 1 { split_csv($0, v); if (col in idx) print v[idx[col]]; else print "<no column " col ">"; exit }
    ' "$TMP/$1.csv"
}

# row_of NAME COLUMN VALUE: the index of the first data row whose COLUMN is VALUE (empty if none).
row_of() {
    local i=1 n
    n=$(($(wc -l <"$TMP/$1.csv") - 1))
    while [ "$i" -le "$n" ]; do
        [ "$(cell "$1" "$i" "$2")" = "$3" ] && { echo "$i"; return; }
        i=$((i + 1))
    done
}

# key NAME ROW UNIT TARGET: guard that row ROW is the target we mean (unit and target value).
key() {
    local u t
    u=$(cell "$1" "$2" unit)
    t=$(cell "$1" "$2" target)
    # the value is compared as a number: a decimal comma in a CSV for machines is a defect of its own
    [ "$u" = "$3" ] && awk -v a="${t/,/.}" -v b="$4" 'BEGIN { exit !(a != "" && a + 0 == b + 0) }' ||
        fail "$1 row $2: expected the target of $3 (value $4), found '$u' '$t'"
    case "$t" in *,*) echo "NOTE: $1 row $2: the CSV writes the target '$t' with a decimal comma" >&2 ;; esac
}

# expect NAME ROW COLUMN WANT: the column holds exactly WANT ('' = empty).
expect() {
    local got
    got=$(cell "$1" "$2" "$3")
    [ "$got" = "$4" ] || fail "$1 row $2: $3 is '$got', expected '$4'"
}

# expect_in NAME ROW COLUMN 'A|B|…': the column holds one of the alternatives.
expect_in() {
    local got
    got=$(cell "$1" "$2" "$3")
    case "|$4|" in *"|$got|"*) ;; *) fail "$1 row $2: $3 is '$got', expected one of $4" ;; esac
}

# expect_num NAME ROW COLUMN WANT TOL: |value − WANT| ≤ TOL.
expect_num() {
    local got
    got=$(cell "$1" "$2" "$3")
    awk -v g="$got" -v w="$4" -v t="$5" 'BEGIN { d = g - w; if (g == "" || d > t || -d > t) exit 1 }' ||
        fail "$1 row $2: $3 is '$got', expected $4 ± $5"
}

# expect_prob NAME ROW LO HI: the probability lies in (LO, HI), or (LO, 1] when HI is 1.
expect_prob() {
    local got
    got=$(cell "$1" "$2" probability)
    awk -v g="$got" -v lo="$3" -v hi="$4" \
        'BEGIN { exit !(g != "" && g + 0 > lo && (g + 0 < hi || (hi == 1 && g + 0 == 1))) }' ||
        fail "$1 row $2: probability is '$got', expected a value in ($3, $4)"
}

# xfail NAME ROW COLUMN 'A|B|…' DEFECT: the right answer (one of the alternatives), which today's
# chiso does not give because of DEFECT. XFAIL while wrong, XPASS once right.
xfail() {
    local got
    got=$(cell "$1" "$2" "$3")
    case "|$4|" in
    *"|$got|"*)
        echo "XPASS: $1 row $2: $3 is now '$got' (fixed: $5) — turn this case into expect_in" >&2
        xpasses=$((xpasses + 1)) ;;
    *)
        echo "XFAIL: $1 row $2: $3 is '$got', right is $4 — $5" >&2
        xfails=$((xfails + 1)) ;;
    esac
}

# xfail_prob NAME ROW LO HI DEFECT: the right answer is a probability in (LO, HI) — in (LO, HI] when HI
# is 1, since a probability printed to six places may round to 1, but never a printed 0 where the
# target can still be reached.
xfail_prob() {
    local got
    got=$(cell "$1" "$2" probability)
    if awk -v g="$got" -v lo="$3" -v hi="$4" \
        'BEGIN { exit !(g != "" && g + 0 > lo && (g + 0 < hi || (hi == 1 && g + 0 == 1))) }'; then
        echo "XPASS: $1 row $2: probability is now $got (fixed: $5) — turn this case into an assertion" >&2
        xpasses=$((xpasses + 1))
    else
        echo "XFAIL: $1 row $2: probability is '$got', right is a value in ($3, $4$([ "$4" = 1 ] && echo ']' || echo ')') — $5" >&2
        xfails=$((xfails + 1))
    fi
}

# Defects named below (issue #12 §1):
RUNNING_PLAN_YEAR="running plan-year target (a target with a period, figures to date) gets NO_DATA"
PART_OF_PERIOD="a finished period reported only in part must be INDETERMINATE, never judged"
CALIBRATED="a running target needs a calibrated probability (issue #12 §3): none while NO_DATA, and no certain 0 for a count still reachable"

# =====================================================================================================
# real-ductrong-2016-2017 — Đảng bộ huyện Đức Trọng (Lâm Đồng), Huyện ủy plans for 2016 and 2017.
# Báo Lâm Đồng 15/02/2017 and 27/04/2017; the 13th congress, 29/07/2020.
# =====================================================================================================
check real-ductrong-2016-2017

attain dt_all real-ductrong-2016-2017
# Row 1, plan 2016 ≥ 200. "Năm 2016 ... đã kết nạp 250 đảng viên mới (vượt chỉ tiêu đặt ra là 50 đảng
# viên), đạt 125% kế hoạch": the whole year is reported, 250 ≥ 200, so MET; ratio 250/200 = 1.25, and the
# report's own "vượt ... 125%" agrees (no disagreement flag).
key dt_all 1 ductrong 200
expect dt_all 1 actual 250
expect dt_all 1 verdict MET
expect_num dt_all 1 ratio_lo 1.25 1e-9
expect dt_all 1 reported_verdict EXCEEDED
expect dt_all 1 disagrees 0
# Row 2, plan 2017 ≥ 200, judged after the year (the data run to 2020): the only 2017 figure is "từ đầu
# năm 2017 đến nay ... 39" on 27/04/2017, 117 of 365 days. The rest of the year is unknown, so neither
# MET nor NOT_MET can be said: INDETERMINATE.
key dt_all 2 ductrong 200
expect dt_all 2 actual 39
expect dt_all 2 verdict INDETERMINATE

# normalize: term XII's admissions are 250 (2016) + 39 (1/1–27/4/2017) = 289. The 29 of 1/1–15/2/2017 lie
# inside the 39 (same start, earlier end) and must not be added again ("nested"); the figures cover
# 2016 and 117 days of 2017: 1 + 117/365.25 = 1.320329 years ("partial").
"$BIN" --lang en normalize "$DATA/real-ductrong-2016-2017" --format csv >"$TMP/dt_norm.csv" 2>"$TMP/dt_norm.err" ||
    fail "dt_norm: chiso normalize exited $?"
r=$(row_of dt_norm indicator admitted)
if [ -z "$r" ]; then fail "dt_norm: no admitted row"; else
    expect dt_norm "$r" term XII
    expect dt_norm "$r" value 289
    expect_num dt_norm "$r" coverage_years 1.320329 1e-6
    case ";$(cell dt_norm "$r" flags);" in *";nested;"*) ;; *) fail "dt_norm: the admitted row is not flagged nested" ;; esac
fi

attain dt_apr real-ductrong-2016-2017 --as-of 2017-04-27
# Row 2 as of 27/04/2017, the plan year running: 39 to date (the 29 of "2 tháng đầu năm", to 15/02, is
# inside it and is not added). 39 < 200, so not ACHIEVED; there is a figure to date, so not NO_DATA: the
# right answer is a projection, a probability strictly between 0 and 1, and a status. Which status is
# not fixed here: 39 in 117 days is a pace of 122 a year, but the district admitted 250 in 2016 and
# admissions cluster at the year's end, so a calibrated model may say AT_RISK as well as OFF_TRACK;
# ON_TRACK (P ≥ 0.8) is not defensible with 61 % of the pro-rata target (200·117/365 = 64.1) reached.
key dt_apr 2 ductrong 200
expect dt_apr 2 actual 39
expect dt_apr 2 verdict ''
expect_in dt_apr 2 status 'AT_RISK|OFF_TRACK'
expect_prob dt_apr 2 0 0.8
# Row 1 is finished before 27/04/2017 and stays MET.
expect dt_apr 1 verdict MET

# =====================================================================================================
# real-lucngan-2018 — Đảng bộ huyện Lục Ngạn (Bắc Giang) and three communes, plan year 2018, figures
# of the first half (lucngan.bacgiang.gov.vn/node/13447).
# =====================================================================================================
check real-lucngan-2018

attain ln_jun real-lucngan-2018 --as-of 2018-06-30
# Row 3, Đồng Cốc "8/7": 8 admitted in the first half against 7 for the year. Admissions only add up,
# so the year's count is at least 8 ≥ 7: the target is already reached — MET and ACHIEVED.
key ln_jun 3 dongcoc 7
expect ln_jun 3 verdict MET
expect ln_jun 3 status ACHIEVED
# Row 2, Thanh Hải "11/15": 4 more are needed in the second half after 11 in the first. Even with the
# rate unknown (gamma–Poisson from these 11 alone: negative binomial r = 11, p = ½) P(≥ 4 more) ≈ 0.97,
# so ON_TRACK.
key ln_jun 2 thanhhai 15
expect ln_jun 2 actual 11
expect ln_jun 2 status ON_TRACK
expect_prob ln_jun 2 0.8 1
# Row 4, Tân Sơn "6/7": one more is needed; negative binomial r = 6, p = ½ gives P(0 more) = 2⁻⁶, so
# P(met) ≈ 0.98: ON_TRACK.
key ln_jun 4 tanson 7
expect ln_jun 4 actual 6
expect ln_jun 4 status ON_TRACK
expect_prob ln_jun 4 0.8 1
# Row 1, the district, 113 in the first half against "trên 290 ... trở lên" (read ≥ 290): 177 more are
# needed, 57 % above the first half's pace (226 a year at that pace). A calibrated model with extra
# variation and a year-end peak may give some chance, but not P ≥ 0.8: AT_RISK or OFF_TRACK.
key ln_jun 1 lucngan 290
expect ln_jun 1 actual 113
expect_in ln_jun 1 status 'AT_RISK|OFF_TRACK'
expect_prob ln_jun 1 0 0.8

attain ln_2019 real-lucngan-2018 --as-of 2019-01-01
# After the year: the only figures cover January–June. Đồng Cốc's 8 ≥ 7 is a lower bound that already
# meets the target: MET. The other three lack the second half: INDETERMINATE, never NOT_MET.
expect ln_2019 3 verdict MET
expect ln_2019 1 verdict INDETERMINATE
expect ln_2019 2 verdict INDETERMINATE
expect ln_2019 4 verdict INDETERMINATE

# =====================================================================================================
# real-binhthuan-2015-2020 — Đảng bộ tỉnh Bình Thuận, congress XIII "Bình quân hằng năm phát triển 2.000
# đảng viên"; 1.932 admitted from 1/1 to 23/11/2017.
# =====================================================================================================
check real-binhthuan-2015-2020

attain bt_nov real-binhthuan-2015-2020 --as-of 2017-11-23
# Row 2, the year 2017 (≥ 2 000, "mỗi năm phát triển 2.000"), running on 23/11: 1 932 to date, 327 of
# 365 days. 68 more are needed in the last 38 days at a pace of 5.9 a day (about 224 expected), and
# admissions peak at the year's end: P(met) is close to 1, ON_TRACK.
key bt_nov 2 binhthuan 2000
expect bt_nov 2 actual 1932
expect_num bt_nov 2 ratio_lo 0.966 1e-9 # the report's own "đạt tỷ lệ 96,6%"
expect bt_nov 2 status ON_TRACK
expect_prob bt_nov 2 0.8 1
# Row 1, the congress target as a yearly average, the term running: no verdict while it runs. The status
# is deliberately not pinned: the pace of 2017 (1 932 · 365.25 / 327 = 2 157.99 a year, shown today as
# the "actual") is above 2 000, but nothing is known of late 2015 and 2016, so ON_TRACK holds only if
# those years went at the same pace — a reason should say so. Today's table prints 2.157,99 under
# "thực hiện" although 1.932 were admitted: a pace shown as a count (noted for the attain lane).
key bt_nov 1 binhthuan 2000
expect bt_nov 1 verdict ''
# The report's progress figure "đạt tỷ lệ 96,6%" (verdicts.csv, bound to target nq13-2017 and dated
# 23/11/2017) agrees with 1 932 / 2 000 = 96.6 % of the 2017 target: no disagreement on row 2. It is not
# about the term average (row 1), so row 1's reason must not carry it.
expect bt_nov 2 disagrees 0
reason=$(cell bt_nov 1 reason)
case "$reason" in *96.6*) fail "bt_nov row 1: the progress ratio bound to nq13-2017 shows on the term-average target: '$reason'" ;; esac

attain bt_2018 real-binhthuan-2015-2020 --as-of 2018-03-01
# Row 2 after the year: the year is over, but the only figure stops on 23/11/2017 (the "1.614 đến 28/5"
# form). 1 932 < 2 000 is not the year's total: INDETERMINATE, never NOT_MET.
key bt_2018 2 binhthuan 2000
expect_in bt_2018 2 verdict 'INDETERMINATE'

attain bt_2021 real-binhthuan-2015-2020 --as-of 2021-01-01
# Row 1 after the term: the yearly average over 2015–2020 rests on 327 days of 2017 alone (no figure for
# 2015, 2016, 2018–2020 in these pages). The average of the term is unknown: INDETERMINATE, not MET.
key bt_2021 1 binhthuan 2000
expect_in bt_2021 1 verdict 'INDETERMINATE'

# =====================================================================================================
# real-dongthap-2010-2015 — Đảng ủy Khối các cơ quan tỉnh Đồng Tháp and Thị ủy Sa Đéc at mid-term
# (Báo Đồng Tháp, 26/06/2013).
# =====================================================================================================
check real-dongthap-2010-2015

attain dtp_mid real-dongthap-2010-2015 --as-of 2013-06-26
# Row 1, the bloc: members rated "đủ tư cách hoàn thành tốt nhiệm vụ" (and better) "bình quân 2 năm qua
# đạt 97,35% (chỉ tiêu Nghị quyết là 95%)". To end the term below 95 on average, the three remaining
# years would have to average under (5·95 − 2·97.35)/3 = 93.43, four points below the two years to date:
# ON_TRACK, with no verdict while the term runs.
key dtp_mid 1 dt-khoi 95
expect_num dtp_mid 1 actual 97.35 1e-9
expect dtp_mid 1 verdict ''
expect dtp_mid 1 status ON_TRACK
# Row 2, Sa Đéc: 91,62% against "90% trở lên". The remaining years would have to average under
# (5·90 − 2·91.62)/3 = 88.92 to fail, 2.7 points below the years to date: likely met, but the margin is
# small, so ON_TRACK or AT_RISK are both defensible; it is not OFF_TRACK and not ACHIEVED.
key dtp_mid 2 sadec 90
expect_num dtp_mid 2 actual 91.62 1e-9
expect_in dtp_mid 2 status 'ON_TRACK|AT_RISK'
# A mean of the years to date keeps "to date", and its per-cent sign: "97,35% tính đến nay, so với chỉ
# tiêu ≥ 95%", never "97,35 … ≥ 95".
expect dtp_mid 1 reason "97.35% to date, against the target ≥ 95%"
"$BIN" --lang vi attain "$DATA/real-dongthap-2010-2015" --as-of 2013-06-26 --format csv >"$TMP/dtp_vi.csv" 2>&1
grep -q "97,35% tính đến nay, so với chỉ tiêu ≥ 95%" "$TMP/dtp_vi.csv" ||
    fail "dtp: the reason does not read '97,35% tính đến nay, so với chỉ tiêu ≥ 95%'"

attain dtp_end real-dongthap-2010-2015 --as-of 2016-01-01
# After the term: both averages rest on the ratings of 2011 and 2012 only (2 of the term's years); the
# term's average is not known from them: INDETERMINATE, not MET.
key dtp_end 1 dt-khoi 95
expect_in dtp_end 1 verdict 'INDETERMINATE'
key dtp_end 2 sadec 90
expect_in dtp_end 2 verdict 'INDETERMINATE'


# =====================================================================================================
# real-dongnai-2018 — Đảng bộ tỉnh Đồng Nai, figures to 10/9/2018 (Báo Đồng Nai, 08/10/2018): hamlet
# cells with a committee 925/962 against "mục tiêu nghị quyết Tỉnh ủy là năm 2018 đạt 95%".
# =====================================================================================================
check real-dongnai-2018

attain dn_sep real-dongnai-2018
# Row 1 as of 10/9/2018 (the latest figure): 925/962 = 96.1538 % ≥ 95 with the year running. The share
# of hamlet cells with a committee only moves by a few cells a year (18 new ones in 2018 to date), so
# ON_TRACK; ACHIEVED is also defensible if "năm 2018 đạt 95%" means "reach 95 % during 2018". The report
# says "vượt mục tiêu": no disagreement.
key dn_sep 1 dongnai 95
expect_num dn_sep 1 actual 96.153846 1e-6
expect_in dn_sep 1 status 'ON_TRACK|ACHIEVED'
expect dn_sep 1 reported_verdict EXCEEDED
expect dn_sep 1 disagrees 0

# The target is a level at the end of 2018, a year inside the term (2015–2020): it reads "cuối năm 2018"
# in the attain table and in the report, never "cuối nhiệm kỳ" (the term ends in 2020).
"$BIN" --lang vi attain "$DATA/real-dongnai-2018" >"$TMP/dn_words.txt" 2>&1
"$BIN" --lang en attain "$DATA/real-dongnai-2018" >"$TMP/dn_words_en.txt" 2>&1
"$BIN" --lang vi report "$DATA/real-dongnai-2018" --format md -o "$TMP/dn_report" >/dev/null 2>&1
grep -q "(cuối năm 2018)" "$TMP/dn_words.txt" || fail "dn: the attain table does not say '(cuối năm 2018)'"
grep -q "(at the end of 2018)" "$TMP/dn_words_en.txt" || fail "dn: the attain table does not say '(at the end of 2018)'"
grep -q "| ≥ 95% cuối năm 2018 |" "$TMP/dn_report/report.md" || fail "dn: the report does not say '≥ 95% cuối năm 2018'"
if grep -q "cuối nhiệm kỳ" "$TMP/dn_words.txt" "$TMP/dn_report/report.md"; then
    fail "dn: a target of the end of 2018 reads 'cuối nhiệm kỳ'"
fi
# The reason writes a share with its per-cent sign and a level measured on one day with its day, as a
# document does: "96,15% ngày 10/09/2018, so với chỉ tiêu ≥ 95%", never "96,15 tính đến nay, so với chỉ
# tiêu ≥ 95" (docs/style-vi.md §2, §5).
reason=$(cell dn_sep 1 reason)
case "$reason" in
"96.15% on 2018-09-10, against the target ≥ 95%"*) ;;
*) fail "dn_sep row 1: reason '$reason' does not read '96.15% on 2018-09-10, against the target ≥ 95%'" ;;
esac
"$BIN" --lang vi attain "$DATA/real-dongnai-2018" --format csv >"$TMP/dn_vi.csv" 2>&1
grep -q "96,15% ngày 10/09/2018, so với chỉ tiêu ≥ 95%" "$TMP/dn_vi.csv" ||
    fail "dn: the reason does not read '96,15% ngày 10/09/2018, so với chỉ tiêu ≥ 95%'"
if grep -q "tính đến nay, so với chỉ tiêu ≥ 95;" "$TMP/dn_vi.csv"; then
    fail "dn: the reason drops the per-cent sign of the share"
fi

attain dn_2019 real-dongnai-2018 --as-of 2019-01-01
# After 2018: the level at the year's end is not known (the last figure is of 10/9), so INDETERMINATE is
# the honest verdict (MET is defensible only under the "during 2018" reading). The reason must speak of
# the target's year, 2018; today it says the figure is "more than a year before the end of the term"
# (the term ends in 2020), which is false for a 2018 target.
key dn_2019 1 dongnai 95
expect_in dn_2019 1 verdict 'INDETERMINATE|MET'
reason=$(cell dn_2019 1 reason)
case "$reason" in
*2018*) ;;
*) fail "dn_2019 row 1: reason '$reason' does not name the target's year 2018" ;;
esac
# the level at the end of 2018 is not known from 10/9: INDETERMINATE (a tenth of a year at most)
expect_in dn_2019 1 verdict 'INDETERMINATE'


# =====================================================================================================
# real-dongnai-khoi-2017 — Đảng bộ Khối các cơ quan tỉnh Đồng Nai: quota 350 for 2017 ("bằng 6,6% số
# đảng viên cuối năm 2016"), 150 admitted in the first quarter (Báo Đồng Nai, 03/04/2017).
# =====================================================================================================
check real-dongnai-khoi-2017

attain dnk_apr real-dongnai-khoi-2017
# The terminal's figure of the target in per cent of the members is the count judged, 150, never "150%"
"$BIN" --lang vi attain "$DATA/real-dongnai-khoi-2017" >"$TMP/dnk_table.txt" 2>&1
if grep -q "150%" "$TMP/dnk_table.txt"; then
    fail "dnk: the attain table shows the count 150 as '150%'"
fi
# As of 03/04/2017 (the latest figure): 150 of 350 after the first quarter. 200 more are needed in nine
# months; at the first quarter's pace 450 would come, and even a gamma–Poisson from this quarter alone
# (negative binomial r = 150, p = ¼: mean 450, sd 42) puts 200 six standard deviations below: ON_TRACK,
# P(met) close to 1.
key dnk_apr 1 dn-khoi 350
expect dnk_apr 1 actual 150
expect_num dnk_apr 1 ratio_lo 0.428571 1e-6  # 150 / 350
expect dnk_apr 1 verdict ''
expect dnk_apr 1 status ON_TRACK
expect_prob dnk_apr 1 0.8 1

# Row 2, the same quota in per cent, "bằng 6,6% số đảng viên cuối năm 2016" (relative_to
# members_at_prev_year_end): the only membership figure is "gần 5.100" on 03/04/2017, so the membership on
# 31/12/2016 is known only roughly (4 590 to 5 100: "gần" reads as up to a tenth under) and so is the
# count the target means (6.6 % of it: 303 to 337): no point target to project against, NO_DATA. The reason
# names the base day and what is known of it — "6.6% of the members on 2016-12-31 (from 4,590 to 5,100) is
# from 303 to 337" (Vietnamese "6,6% số đảng viên ngày 31/12/2016 (từ 4.590 đến 5.100) là từ 303 đến 337").
key dnk_apr 2 dn-khoi 6.6
expect dnk_apr 2 status NO_DATA
reason=$(cell dnk_apr 2 reason)
case "$reason" in
"6.6% of the members on 2016-12-31 (from 4,590 to 5,100) is from 303 to 337; "*) ;;
*) fail "dnk_apr row 2: reason '$reason' does not name the base's day (31/12/2016) and its membership" ;;
esac
"$BIN" --lang vi attain "$DATA/real-dongnai-khoi-2017" --format csv >"$TMP/dnk_vi.csv" 2>/dev/null
grep -q "6,6% số đảng viên ngày 31/12/2016 (từ 4.590 đến 5.100) là từ 303 đến 337; " "$TMP/dnk_vi.csv" ||
    fail "dnk_apr row 2: the Vietnamese reason does not name 31/12/2016"

attain dnk_2018 real-dongnai-khoi-2017 --as-of 2018-01-01
# After the year: only January–March is known, so neither MET nor NOT_MET: INDETERMINATE.
key dnk_2018 1 dn-khoi 350
expect dnk_2018 1 verdict INDETERMINATE

# -----------------------------------------------------------------------------------------------------
echo "real datasets: $xfails expected failures (known defects), $xpasses fixed since written" >&2
if [ "$xpasses" -gt 0 ] && [ "${CHISO_STRICT_XFAIL:-0}" = 1 ]; then
    fail "$xpasses XPASS case(s): turn them into assertions"
fi
if [ "$fails" -gt 0 ]; then
    echo "$fails failure(s)" >&2
    exit 1
fi
echo "real_datasets: all checks passed"
