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
    python3 "$src/tests/cli/report_words.py" "$tmp/$lang" "$lang" || fails=$((fails + 1))
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

[ $fails -eq 0 ] && echo "report_words: all passed" || echo "report_words: $fails failed"
exit $((fails > 0))
