#!/usr/bin/env bash
# tests/cli/fill_cli.sh — `chiso fill` on the example drafts of datasets/template/report (Markdown and a
# DOCX written by LibreOffice with placeholders cut across runs), on a DOCX LibreOffice writes now from
# tests/data/fill/du-thao-bao-cao.html, and on wrong templates and arguments: the right figures and
# words, the other parts of the document untouched, nothing written on an error.
set -u
bin=${CHISO_BIN:?CHISO_BIN is not set}
src=${CHISO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "PASS $1"; }
no() { echo "FAIL $1"; fails=$((fails + 1)); }
ex="$src/datasets/template/report"

# 1. the Markdown example
before=$(md5sum <"$ex/du-thao-bao-cao.md")
"$bin" fill "$ex/du-thao-bao-cao.md" -o "$tmp/out.md" --illustrative >"$tmp/so" 2>"$tmp/se"
rc=$?
[ $rc -eq 0 ] && ok "example .md filled" || { no "example .md: exit $rc"; cat "$tmp/se"; }
[ "$(md5sum <"$ex/du-thao-bao-cao.md")" = "$before" ] && ok "template unchanged" || no "template changed"
for want in "toàn Đảng bộ kết nạp được 641 đảng viên mới" "bình quân 187,9 đảng viên mỗi năm, giảm 26,1% so với nhiệm kỳ trước (tính bình quân mỗi năm)" \
            "cả nhiệm kỳ sẽ kết nạp khoảng 954 đảng viên; Nhiệm kỳ V (2015–2020) kết nạp 854 đảng viên" \
            "Số liệu tính đến ngày 31/12/2024" "của Ban Chấp hành Đảng bộ Khối các cơ quan thành phố Hải Phòng" \
            "kiểm tra 285 lượt tổ chức đảng, tăng 46,9% so với nhiệm kỳ trước" \
            "| Kiểm tra tổ chức đảng: ≥ 250 (chỉ tiêu minh họa) lượt | 285 | đạt (114% chỉ tiêu; chỉ tiêu minh họa) |" \
            "Chi bộ cơ quan Ban Dân vận Thành ủy: tỷ lệ đảng viên được xếp loại hoàn thành tốt nhiệm vụ trở lên 100%" \
            "nhiệm kỳ tới Đảng bộ có thể kết nạp khoảng 984 đảng viên (khả năng 80% trong khoảng từ 532 đến 1.495)"; do
  grep -qF "$want" "$tmp/out.md" && ok "md: $want" || no "md lacks: $want"
done
left=$(grep -o '{{[^}]*}}' "$tmp/out.md" | grep -v '^{{…}}$')
[ -z "$left" ] && ok "no placeholder left" || no "placeholders left: $left"
# English
"$bin" --lang en fill "$ex/du-thao-bao-cao.md" -o "$tmp/en.md" --illustrative >/dev/null 2>&1
grep -qF "187.9 đảng viên mỗi năm, down 26.1% on the previous term (per year)" "$tmp/en.md" && ok "--lang en words and numbers" \
  || no "--lang en: $(grep -o 'bình quân[^.]*' "$tmp/en.md")"

# 2. the DOCX example: written by LibreOffice, placeholders cut across runs
doc_in=$(unzip -p "$ex/du-thao-bao-cao.docx" word/document.xml)
echo "$doc_in" | grep -qF '<w:t>{{admitted.</w:t>' && ok "example .docx has a placeholder cut across runs" \
  || no "example .docx: no placeholder cut across runs"
"$bin" fill "$ex/du-thao-bao-cao.docx" -o "$tmp/out.docx" --illustrative >"$tmp/so" 2>"$tmp/se"
rc=$?
[ $rc -eq 0 ] && ok "example .docx filled" || { no "example .docx: exit $rc"; cat "$tmp/se"; }
doc=$(unzip -p "$tmp/out.docx" word/document.xml)
echo "$doc" | xmllint --noout - && ok "document.xml well-formed" || no "document.xml malformed"
text=$(echo "$doc" | sed -e 's/<w:p[ >]/\n&/g' | sed -e 's/<[^>]*>//g')
for want in "toàn Đảng bộ kết nạp được 641 đảng viên mới" "giảm 26,1% so với nhiệm kỳ trước (tính bình quân mỗi năm)" \
            "đạt (114% chỉ tiêu; chỉ tiêu minh họa)" "Số liệu tính đến ngày 31/12/2024"; do
  echo "$text" | grep -qF "$want" && ok "docx: $want" || no "docx lacks: $want"
done
echo "$text" | grep -q '{{[a-z]' && no "docx: a placeholder is left" || ok "docx: no placeholder left"
# the value keeps the formatting of the run where its placeholder began (bold there)
echo "$doc" | grep -qE '<w:b/>(<w:bCs/>)?(<[^>]*>)*</w:rPr><w:t xml:space="preserve">641</w:t>' && ok "641 keeps the bold of its run" \
  || no "641 lost the formatting of its run"
# every other entry unchanged: same names, order, sizes and CRCs
unzip -v "$ex/du-thao-bao-cao.docx" | awk 'NF == 8 && $8 != "word/document.xml" && length($7) == 8 && $7 ~ /^[0-9a-f]+$/ { print $1, $7, $8 }' >"$tmp/a"
unzip -v "$tmp/out.docx" | awk 'NF == 8 && $8 != "word/document.xml" && length($7) == 8 && $7 ~ /^[0-9a-f]+$/ { print $1, $7, $8 }' >"$tmp/b"
[ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b" && ok "$(wc -l <"$tmp/a") other parts byte for byte" || { no "other parts changed"; diff "$tmp/a" "$tmp/b" | head; }

# 3. a DOCX LibreOffice writes now, from HTML whose formatting cuts the placeholders
if ! command -v soffice >/dev/null; then
  echo "SKIP a DOCX written now by LibreOffice: soffice (libreoffice-writer-nogui, scripts/install-deps.sh) is not installed"
else
  mkdir -p "$tmp/home" "$tmp/lo"
  cat >"$tmp/lo/cut.html" <<'EOF'
<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>t</title></head><body>
<p>Kết nạp <b>{{admit</b><i>ted.V</i>I.value}} đảng viên, <span style="color:#C00000">{{admitted.VI.</span>change}}.</p>
<p>Đơn vị: {{cb-bdv/<u>unit</u>}}; kiểm tra {{inspected_members.VI.va<b>lue}}</b> lượt đảng viên.</p>
</body></html>
EOF
  HOME="$tmp/home" timeout 180 soffice --headless --norestore --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp/lo" \
    "$tmp/lo/cut.html" >"$tmp/lo/log" 2>&1
  if [ ! -s "$tmp/lo/cut.docx" ]; then
    no "LibreOffice wrote no DOCX: $(tail -2 "$tmp/lo/log")"
  else
    cut=$(unzip -p "$tmp/lo/cut.docx" word/document.xml)
    n=$(echo "$cut" | grep -o '<w:t[^>]*>[^<]*{{[^}<]*</w:t>' | wc -l)
    [ "$n" -ge 3 ] && ok "LibreOffice cut $n placeholders across runs" || no "LibreOffice cut only $n placeholders: $cut"
    "$bin" fill "$tmp/lo/cut.docx" -o "$tmp/lo/out.docx" >"$tmp/so" 2>"$tmp/se" && ok "LibreOffice's DOCX filled" \
      || { no "LibreOffice's DOCX: $(cat "$tmp/se")"; }
    t=$(unzip -p "$tmp/lo/out.docx" word/document.xml | sed -e 's/<w:p[ >]/\n&/g' -e 's/<[^>]*>//g')
    for want in "Kết nạp 641 đảng viên, giảm 26,1% so với nhiệm kỳ trước (tính bình quân mỗi năm)." \
                "Đơn vị: Chi bộ cơ quan Ban Dân vận Thành ủy;"; do
      echo "$t" | grep -qF "$want" && ok "LibreOffice's DOCX: $want" || no "LibreOffice's DOCX lacks '$want': $t"
    done
    echo "$t" | grep -qF "kiểm tra 50 lượt đảng viên." && ok "LibreOffice's DOCX: 50 members inspected" || no "LibreOffice's DOCX: no 50 members inspected: $t"
  fi
fi

# 4. wrong placeholders: every place named, nothing written, an earlier output left as it was
printf 'Kết nạp {{admitted.VI.value}}\nế {{admitted.VI.vlaue}} và {{cb-xx/unit}}\n{{admitted.VI.verdict}}\n' >"$tmp/bad.md"
echo "earlier" >"$tmp/bad-out.md"
"$bin" fill "$tmp/bad.md" -o "$tmp/bad-out.md" >"$tmp/so" 2>"$tmp/se"
rc=$?
[ $rc -eq 1 ] && ok "unknown placeholders exit 1" || no "unknown placeholders exit $rc"
grep -qF "$tmp/bad.md:2:3: lỗi: {{admitted.VI.vlaue}}: trường không hợp lệ 'vlaue': có phải là 'value'?" "$tmp/se" \
  && ok "line:col and did-you-mean" || { no "message:"; cat "$tmp/se"; }
grep -qF "$tmp/bad.md:2:28: lỗi: {{cb-xx/unit}}" "$tmp/se" && ok "second place on the line" || no "no 2:28"
grep -qF "$tmp/bad.md:3:1: lỗi: {{admitted.VI.verdict}}: không có chỉ tiêu" "$tmp/se" && ok "a target not loaded" || no "no 3:1"
grep -qF "3 chỗ điền không điền được" "$tmp/se" && ok "count of places" || no "no count"
[ "$(cat "$tmp/bad-out.md")" = "earlier" ] && ok "earlier output untouched" || no "earlier output changed"
ls "$tmp" | grep -q '\.tmp' && no "temporary file left" || ok "no temporary file left"
# a ZIP that is not a Word document
printf 'PK\003\004 not a zip' >"$tmp/junk.docx"
"$bin" fill "$tmp/junk.docx" -o "$tmp/junk-out.docx" >/dev/null 2>"$tmp/se"
rc=$?
[ $rc -eq 1 ] && grep -q "không phải văn bản Word" "$tmp/se" && ok "a broken .docx: exit 1, said so" || no "broken .docx: exit $rc $(cat "$tmp/se")"
[ -e "$tmp/junk-out.docx" ] && no "output written for a broken .docx" || ok "nothing written for a broken .docx"

# 5. wrong arguments
"$bin" fill "$tmp/bad.md" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "no -o: exit 2" || no "no -o: exit $rc"
"$bin" fill >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "no template: exit 2" || no "no template: exit $rc"
cp "$ex/du-thao-bao-cao.md" "$tmp/self.md"
"$bin" fill "$tmp/self.md" -o "$tmp/self.md" --illustrative >/dev/null 2>"$tmp/se"; rc=$?
[ $rc -eq 2 ] && cmp -s "$tmp/self.md" "$ex/du-thao-bao-cao.md" && ok "-o the template itself: exit 2, template kept" \
  || no "-o the template: exit $rc"
ln -s "$tmp/self.md" "$tmp/link.md"
"$bin" fill "$tmp/self.md" -o "$tmp/link.md" --illustrative >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && cmp -s "$tmp/self.md" "$ex/du-thao-bao-cao.md" && ok "-o a link to the template: exit 2" || no "-o a link to the template: exit $rc"
"$bin" fill "$ex/du-thao-bao-cao.md" -o "$tmp/x.docx" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "Markdown into .docx: exit 2" || no "Markdown into .docx: exit $rc"
"$bin" fill "$tmp/none.md" -o "$tmp/x.md" >/dev/null 2>&1; rc=$?
[ $rc -eq 3 ] && ok "missing template: exit 3" || no "missing template: exit $rc"
"$bin" fill "$ex/du-thao-bao-cao.md" -o "$tmp/x.md" --unit nowhere >/dev/null 2>&1; rc=$?
[ $rc -eq 1 ] && ok "unknown --unit: exit 1" || no "unknown --unit: exit $rc"
"$bin" fill "$ex/du-thao-bao-cao.md" -o "$tmp/x.md" --bogus >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "unknown option: exit 2" || no "unknown option: exit $rc"

[ $fails -eq 0 ] && echo "all passed" || echo "$fails failed"
[ $fails -eq 0 ]
