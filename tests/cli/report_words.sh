#!/usr/bin/env bash
# tests/cli/report_words.sh — the default report in both languages, read as a clerk would
# (tests/cli/report_words.py says what fails it), and a report of a dataset with very long names and
# numbers, whose every word must come out whole in md, html, csv and xlsx.
set -u
bin=${CHISO_BIN:?CHISO_BIN is not set}
src=${CHISO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
command -v python3 >/dev/null || { echo "FAIL python3 is needed (scripts/install-deps.sh installs it)"; exit 1; }

for lang in vi en; do
  if "$bin" report --lang "$lang" -o "$tmp/$lang" >/dev/null 2>"$tmp/err"; then
    python3 "$src/tests/cli/report_words.py" "$tmp/$lang" "$lang" --titled-sources || fails=$((fails + 1))
  else
    echo "FAIL report --lang $lang"; cat "$tmp/err"; fails=$((fails + 1))
  fi
done

# long values: a unit name of ~300 bytes, an indicator name of ~400 bytes, a figure of 15 digits
ds="$tmp/long"
cp -r "$src/datasets/haiphong" "$ds"
long_unit="Đảng bộ Khối các cơ quan thành phố Hải Phòng — tên rất dài để thử rằng không có ô nào bị cắt ngắn ở bất kỳ định dạng nào: Markdown, HTML, CSV và bảng tính Excel, kể cả khi tiếng Việt có dấu chiếm nhiều byte hơn"
long_ind="Số đảng viên được kết nạp trong các chi bộ trực thuộc đảng bộ cơ sở của các cơ quan hành chính nhà nước, đơn vị sự nghiệp công lập và doanh nghiệp nhà nước thuộc thành phố, tính cả đảng viên dự bị đã được chuyển chính thức trong kỳ báo cáo và đảng viên tiếp nhận từ các đảng bộ khác"
python3 - "$ds" "$long_unit" "$long_ind" <<'EOF'
import csv, sys
ds, unit, ind = sys.argv[1:]
def rewrite(name, fn):
    p = ds + "/" + name
    rows = list(csv.reader(open(p, encoding="utf-8")))
    fn(rows)
    csv.writer(open(p, "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
def units(rows):
    h = rows[0]
    for r in rows[1:]:
        if r[h.index("unit")] == "dbk-hp":
            r[h.index("name")] = unit
def inds(rows):
    h = rows[0]
    rows.append([""] * len(h))
    r = rows[-1]
    for k, v in (("indicator", "long_one"), ("category", "recruitment"), ("measure", "count"), ("kind", "flow"),
                 ("name_vi", ind), ("name_en", ind)):
        r[h.index(k)] = v
def obs(rows):
    h = rows[0]
    for span, v in (("2016-01-01", "273889123456789"), ("2021-01-01", "> 273.889.123.456.789")):
        r = [""] * len(h)
        for k, x in (("unit", "dbk-hp"), ("indicator", "long_one"), ("period_start", span),
                     ("period_end", span[:4] + "-12-31"), ("value", v), ("basis", "total"),
                     ("source", "000_17d250f75772683e.txt"), ("locator", "line 1")):
            r[h.index(k)] = x
        rows.append(r)
rewrite("units.csv", units)
rewrite("indicators.csv", inds)
rewrite("observations.csv", obs)
EOF
if "$bin" report "$ds" -o "$tmp/longr" >/dev/null 2>"$tmp/err"; then
  python3 "$src/tests/cli/report_words.py" "$tmp/longr" vi "$long_unit" "$long_ind" "doc:273.889.123.456.789" "data:273889123456789" \
    || fails=$((fails + 1))
else
  echo "FAIL report of the long dataset"; cat "$tmp/err"; fails=$((fails + 1))
fi

# many units: 60 units at every level; the main document ranks them and keeps to the units asked for, each
# other unit has its own file, and the words are as clean as the default report's
gen="${CHISO_BINARY_DIR:-$src/build}/bench/gen_observations"
if [ -x "$gen" ]; then
  "$gen" -n 20000 -u 60 -t -o "$tmp/many" 2>/dev/null
  if "$bin" report "$tmp/many" --depth -1 -o "$tmp/manyr" >/dev/null 2>"$tmp/err"; then
    n=$(ls "$tmp/manyr/units" | wc -l)
    [ "$n" -eq 59 ] && echo "PASS 59 unit files" || { echo "FAIL $n unit files, not 59"; fails=$((fails + 1)); }
    h2=$(grep -c '^## ' "$tmp/manyr/report.md")
    [ "$h2" -le 8 ] && echo "PASS the main document has $h2 sections" || { echo "FAIL $h2 sections in the main document"; fails=$((fails + 1)); }
    grep -q '^## So sánh giữa các đơn vị' "$tmp/manyr/report.md" && grep -q 'units-lagging.csv' "$tmp/manyr/report.md" \
      && echo "PASS ranking and lagging tables" || { echo "FAIL no ranking of the units"; fails=$((fails + 1)); }
    rows=$(($(wc -l <"$tmp/manyr/tables/units-ranked.csv") - 1))
    [ "$rows" -eq 60 ] && echo "PASS 60 units ranked in the CSV" || { echo "FAIL $rows units ranked"; fails=$((fails + 1)); }
    python3 "$src/tests/cli/report_words.py" "$tmp/manyr" vi --no-projection-check || fails=$((fails + 1))
  else
    echo "FAIL report of 60 units"; cat "$tmp/err"; fails=$((fails + 1))
  fi
else
  echo "SKIP many units: $gen is not built"
fi

[ $fails -eq 0 ] && echo "report_words: all passed" || echo "report_words: $fails failed"
exit $((fails > 0))
