#!/usr/bin/env bash
# tests/cli/front_door.sh — finding one's way in the command without reading the source (issue #14 §3):
# `chiso list` shows the codes and rating levels of a dataset; a mistyped command, option, unit or
# indicator gets "did you mean …?" (accents and case do not count); `chiso help --help` works;
# `chiso --lang` without a value says the language is missing; `chiso report -o FILE` says the output
# is a folder; the labels of `chiso trend` line up by display width in Vietnamese and English.
# Environment (set by CTest): CHISO_BIN, CHISO_SOURCE_DIR.
set -u
bin=${CHISO_BIN:?CHISO_BIN is not set}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8
fails=0
n=0
ok() { n=$((n + 1)); echo "PASS $n $1"; }
no() { n=$((n + 1)); echo "FAIL $n $1"; fails=$((fails + 1)); }

# expect NAME EXIT WORDS... -- COMMAND...: exit code and every WORDS line in stdout+stderr
expect() {
    local name=$1 want=$2 rc w missing=""
    shift 2
    local words=()
    while [ "$1" != -- ]; do words+=("$1"); shift; done
    shift
    "$@" >"$tmp/out" 2>&1
    rc=$?
    for w in "${words[@]}"; do grep -qF -- "$w" "$tmp/out" || missing="$missing '$w'"; done
    if [ "$rc" -ne "$want" ]; then
        no "$name: exit $rc, expected $want"; sed 's/^/    | /' "$tmp/out" | head -5
    elif [ -n "$missing" ]; then
        no "$name: missing$missing"; sed 's/^/    | /' "$tmp/out" | head -8
    else
        ok "$name"
    fi
}

# ---- chiso list ---------------------------------------------------------------------------------------
expect "list units" 0 "dbk-hp" "Đảng bộ Khối các cơ quan thành phố Hải Phòng" "cb-bdv" -- "$bin" --lang en list units
expect "list terms" 0 "VI" "2020-08-03" "2020-2025" -- "$bin" --lang en list terms
expect "list indicators (with figures)" 0 "admitted" "Kết nạp đảng viên" "--all" -- "$bin" list indicators
"$bin" --lang en list indicators >"$tmp/some" 2>&1; "$bin" --lang en list indicators --all >"$tmp/all" 2>&1
[ "$(wc -l <"$tmp/all")" -gt "$(wc -l <"$tmp/some")" ] && grep -q "disciplined_expulsion" "$tmp/all" && ! grep -q "disciplined_expulsion" "$tmp/some" &&
    ok "list indicators --all adds the registry's indicators without figures" || no "list indicators --all"
expect "list ratings" 0 "member-2018" "hoàn thành xuất sắc nhiệm vụ" "level" -- "$bin" --lang en list ratings
grep -E "^member-2018 +members +2018–2022 +4 +hoàn thành xuất sắc nhiệm vụ$" "$tmp/out" >/dev/null &&
    ok "list ratings: member-2018 level 4 is 'hoàn thành xuất sắc nhiệm vụ'" || no "list ratings row"
expect "list (all four) in Vietnamese" 0 "Đơn vị (--unit MÃ):" "Nhiệm kỳ (--term MÃ):" "Chỉ số (--indicator MÃ):" "Mức xếp loại" -- "$bin" --lang vi list
grep -qE "\b(code|name|units|figures|level|scheme)\b" <(head -3 "$tmp/out") && no "English headers with --lang vi" || ok "no English header with --lang vi"
expect "list a dataset folder" 0 "dbk-hp" -- "$bin" list "${CHISO_SOURCE_DIR:-.}/datasets/haiphong" units
expect "list unit (mistyped)" 2 "did you mean 'units'?" -- "$bin" --lang en list unit
expect "list --help" 0 "usage: chiso list" -- "$bin" --lang en list --help

# ---- did you mean ------------------------------------------------------------------------------------------
expect "a mistyped command" 2 "unknown command 'reprot'" "did you mean 'report'?" -- "$bin" --lang en reprot
expect "a mistyped command, Vietnamese" 2 "có phải ý bạn là 'report'?" -- "$bin" --lang vi rport
expect "help of a mistyped command" 2 "did you mean 'trend'?" -- "$bin" --lang en help ternd
expect "a mistyped option" 2 "unknown option '--unti'" "did you mean '--unit'?" -- "$bin" --lang en trend --unti dbk-hp
expect "a long option with one dash" 2 "did you mean '--indicator'?" -- "$bin" --lang en compare -indicator admitted
expect "a mistyped option with a value" 2 "did you mean '--format'?" -- "$bin" --lang en report --fromat=md
expect "a mistyped unit" 2 "the dataset has no unit 'dbkhp'" "did you mean 'dbk-hp'?" "chiso list units" -- "$bin" --lang en compare --unit dbkhp
expect "a unit by its name, without accents" 2 "did you mean 'cb-bdv'?" -- "$bin" --lang en trend --unit "chi bo co quan ban dan van" --indicator admitted
expect "a mistyped indicator" 2 "did you mean 'admitted'?" -- "$bin" --lang en compare --indicator admited
expect "an indicator in capitals" 2 "did you mean 'admitted'?" -- "$bin" --lang en chart --kind compare --indicator ADMITTED -o "$tmp/c.png"
expect "an indicator by its Vietnamese name, unaccented" 2 "did you mean 'admitted'?" -- "$bin" --lang en compare --indicator "ket nap dang vien"
expect "an indicator by its name, combining accents" 2 "did you mean 'admitted'?" -- "$bin" --lang en compare --indicator "$(printf 'Ke\xcc\x82\xcc\x81t na\xcc\xa3p')"
expect "a term by its label, unaccented" 2 "did you mean 'VI'?" "chiso list terms" -- "$bin" --lang en attain --term "nhiem ky VI"
expect "a mistyped term" 2 "did you mean '2020-2025'?" -- "$bin" --lang en attain --term 2020-2024
expect "a mistyped unit in report --unit" 2 "did you mean 'cb-bdv'?" -- "$bin" --lang en report --unit cb-bvd -o "$tmp/r"
[ ! -e "$tmp/r" ] && ok "nothing written for a mistyped --unit" || no "a report was written for a mistyped --unit"
expect "nothing close: no suggestion" 2 "unknown command 'zzzzzz'" -- "$bin" --lang en zzzzzz
grep -q "did you mean" "$tmp/out" && no "a suggestion for 'zzzzzz'" || ok "no suggestion when nothing is close"

# ---- help and --lang -----------------------------------------------------------------------------------------
expect "help --help" 0 "usage: chiso help [COMMAND]" -- "$bin" --lang en help --help
expect "help help" 0 "usage: chiso help [COMMAND]" -- "$bin" --lang en help help
expect "--lang without a value" 2 "--lang needs a language: --lang vi or --lang en" -- env CHISO_LANG=en "$bin" --lang
grep -q "''" "$tmp/out" && no "--lang without a value names an empty language" || ok "no empty language named"
expect "--lang without a value, at the end" 2 "--lang cần nêu ngôn ngữ" -- "$bin" check --lang
expect "--lang xx" 2 "'xx'" -- "$bin" --lang xx check

# ---- report -o FILE ---------------------------------------------------------------------------------------------
echo "a file" >"$tmp/file"
expect "report -o an existing file" 2 "this is a file, not a folder: the output is a folder of files" -- "$bin" --lang en report -o "$tmp/file"
[ "$(cat "$tmp/file")" = "a file" ] && ok "the file is unchanged" || no "the file changed"

# ---- trend: values in one column, by display width --------------------------------------------------------------
for lang in en vi; do
    "$bin" --lang $lang trend --unit dbk-hp --indicator admitted >"$tmp/trend" 2>&1
    # the labelled lines are those of the statistics, after the table; the value starts at the first run
    # of spaces followed by a number or by "S = " (Mann-Kendall)
    cols=$(sed -n '/^  [^ ]/p' "$tmp/trend" | sed -E 's/( +)(-?[0-9]|S = ).*/\1/' | while IFS= read -r p; do echo "${#p}"; done | sort -u)
    lines=$(grep -c '^  [^ ]' "$tmp/trend")
    if [ "$lines" -ge 5 ] && [ "$(echo "$cols" | wc -l)" -eq 1 ]; then
        ok "trend ($lang): the $lines values start in one column ($cols)"
    else
        no "trend ($lang): values start at columns $(echo $cols)"; grep '^  [^ ]' "$tmp/trend"
    fi
done
grep -q "CAGR" "$tmp/trend" && grep -q "WLS" "$tmp/trend" && ok "trend shows the WLS and CAGR lines" || no "no WLS or CAGR line"

[ $fails -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "all $n checks passed"
