#!/usr/bin/env bash
# tests/cli/report_docx.sh — report.docx of the default dataset: a well-formed package with real Word
# styles, tables and pictures, the same as report.md block for block, the same bytes on every run; then
# LibreOffice (headless) turns it into a PDF whose pages hold every table, every chart and the figures.
set -u
bin=${CHISO_BIN:?CHISO_BIN is not set}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "PASS $1"; }
no() { echo "FAIL $1"; fails=$((fails + 1)); }

out="$tmp/r"
"$bin" report -o "$out" >"$tmp/stdout" 2>"$tmp/stderr" || { no "report failed"; cat "$tmp/stderr"; exit 1; }
docx="$out/report.docx"
[ -s "$docx" ] && ok "report.docx written" || { no "report.docx missing"; exit 1; }
grep -qx "$docx" "$tmp/stdout" && ok "report.docx is listed" || no "report.docx not in the list of files"

# 1. the package: its parts, all well-formed XML
list=$(unzip -Z1 "$docx")
for part in '[Content_Types].xml' _rels/.rels word/document.xml word/styles.xml word/_rels/document.xml.rels \
            word/numbering.xml word/footer1.xml docProps/core.xml; do
  echo "$list" | grep -qxF "$part" && ok "part $part" || no "part $part missing"
done
for part in $(echo "$list" | grep -E '\.(xml|rels)$' | grep -v '^\['); do
  unzip -p "$docx" "$part" | xmllint --noout - 2>"$tmp/xmlerr" && ok "$part is well-formed" || { no "$part: $(head -2 "$tmp/xmlerr")"; }
done
doc=$(unzip -p "$docx" word/document.xml)
styles=$(unzip -p "$docx" word/styles.xml)
rels=$(unzip -p "$docx" word/_rels/document.xml.rels)

# 2. A4 page, real heading styles, a font with Vietnamese letters, the language
echo "$doc" | grep -q '<w:pgSz w:w="11906" w:h="16838"/>' && ok "A4 page" || no "page is not A4"
# tables of 8 columns or more on landscape A4 pages of their own
echo "$doc" | grep -q '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' && ok "landscape pages for the wide tables" \
  || no "no landscape section"
for h in Heading1 Heading2 Heading3; do
  echo "$styles" | grep -q "w:styleId=\"$h\"" && ok "style $h defined" || no "style $h missing"
done
echo "$styles" | grep -q 'w:ascii="Times New Roman"' && ok "Times New Roman" || no "no Times New Roman"
echo "$styles" | grep -q '<w:lang w:val="vi-VN"' && ok "language vi-VN" || no "language is not vi-VN"

# 3. block for block what report.md holds: headings, tables, charts
count() { grep -o "$1" | wc -l; }
md="$out/report.md"
for lv in 1 2 3; do
  want=$(grep -c "^$(printf '#%.0s' $(seq $lv)) " "$md")
  got=$(echo "$doc" | count "<w:pStyle w:val=\"Heading$lv\"/>")
  [ "$want" -eq "$got" ] && ok "$got level-$lv headings, as in report.md" || no "level-$lv headings: md $want, docx $got"
done
ntab=$(grep -c '^\*\*.*\*\* (`tables/' "$md")
got=$(echo "$doc" | count '<w:tbl>')
[ "$ntab" -eq "$got" ] && ok "$got tables, as in report.md" || no "tables: md $ntab, docx $got"
nimg=$(grep -c '^!\[' "$md")
got=$(echo "$doc" | count '<wp:inline ')
[ "$nimg" -eq "$got" ] && ok "$got pictures, as in report.md" || no "pictures: md $nimg, docx $got"
got=$(echo "$list" | grep -c '^word/media/image[0-9]*\.png$')
[ "$nimg" -eq "$got" ] && ok "$got PNGs in word/media" || no "PNGs in word/media: $got, want $nimg"
got=$(echo "$rels" | count 'relationships/image" Target="media/image')
[ "$nimg" -eq "$got" ] && ok "$got image relationships" || no "image relationships: $got, want $nimg"
# a picture's size in EMU: the text width (160 mm = 5 760 850 EMU) by the chart's 1200 × 750 proportions
echo "$doc" | grep -q '<wp:extent cx="5760085" cy="3600053"/>' && ok "picture 160 mm wide in EMU" || no "no picture of 5760085 × 3600053 EMU"
# every table row has its cells, every cell a paragraph; numbers right-aligned
echo "$doc" | grep -q '<w:tblHeader/>' && ok "header rows repeat on each page" || no "no repeated header row"
echo "$doc" | grep -q '<w:jc w:val="right"/></w:pPr><w:r><w:t xml:space="preserve">854</w:t>' \
  && ok "854 right-aligned in its cell" || no "854 not found right-aligned"
echo "$doc" | grep -q '<w:tc><w:tcPr>[^<]*<w:tcW[^>]*/></w:tcPr></w:tc>' && no "a cell without a paragraph" || ok "every cell holds a paragraph"
# the source list
echo "$doc" | grep -q 'Lịch sử Đảng bộ Khối các cơ quan thành phố Hải Phòng (1994–2024)' && ok "the source list (by title)" || no "no source list"

# 4. the same report gives the same bytes (1980 times in the archive)
"$bin" report -o "$tmp/r2" --format docx >/dev/null 2>&1
cmp -s "$docx" "$tmp/r2/report.docx" && ok "same bytes on a second run" || no "report.docx differs between two runs"
# English: the captions and the language follow --lang
"$bin" --lang en report -o "$tmp/en" --format docx >/dev/null 2>&1
en=$(unzip -p "$tmp/en/report.docx" word/document.xml)
echo "$en" | grep -q '>Table 1. <' && ok "English caption 'Table 1.'" || no "no English table caption"
unzip -p "$tmp/en/report.docx" word/styles.xml | grep -q '<w:lang w:val="en-GB"' && ok "language en-GB" || no "English report not en-GB"
echo "$doc" | grep -q '>Bảng 1. <' && ok "Vietnamese caption 'Bảng 1.'" || no "no Vietnamese table caption"
echo "$doc" | grep -q '>Hình 1. <' && ok "Vietnamese caption 'Hình 1.'" || no "no Vietnamese figure caption"

# 5. LibreOffice: the pages
if ! command -v soffice >/dev/null; then
  echo "SKIP the PDF pages: soffice (libreoffice-writer-nogui, scripts/install-deps.sh) is not installed"
else
  mkdir -p "$tmp/home" "$tmp/pdf"
  HOME="$tmp/home" timeout 180 soffice --headless --norestore --convert-to pdf --outdir "$tmp/pdf" "$docx" \
    >"$tmp/soffice.log" 2>&1
  pdf="$tmp/pdf/report.pdf"
  if [ ! -s "$pdf" ]; then
    no "LibreOffice made no PDF: $(tail -2 "$tmp/soffice.log")"
  else
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
    [ "$pages" -gt 20 ] && ok "$pages pages" || no "only $pages pages"
    pdfinfo "$pdf" | grep -q 'Page size: *595.* x 841.*A4' && ok "A4 pages in the PDF" || no "PDF pages are not A4"
    land=$(pdfinfo -f 1 -l "$pages" "$pdf" | grep -c 'size: *841.* x 595')
    [ "$land" -gt 0 ] && [ "$land" -lt "$pages" ] && ok "$land landscape pages" || no "landscape pages: $land of $pages"
    # text without spaces or line breaks: a caption wrapped over two lines still matches
    pdftotext "$pdf" - | tr -d ' \n\r\t' >"$tmp/text"
    flat() { printf '%s' "$1" | tr -d ' \n\r\t'; }
    n=0; missing=""
    while IFS= read -r title; do
      n=$((n + 1))
      grep -qF "$(flat "Bảng $n. $title")" "$tmp/text" || missing="$missing|Bảng $n. $title"
    done < <(grep '^\*\*.*\*\* (`tables/' "$md" | sed -E 's/^\*\*(.*)\*\* \(`tables.*/\1/')
    [ -z "$missing" ] && ok "all $n table captions on the pages" || no "table captions missing: $missing"
    n=0; missing=""
    while IFS= read -r title; do
      n=$((n + 1))
      grep -qF "$(flat "Hình $n. $title")" "$tmp/text" || missing="$missing|Hình $n. $title"
    done < <(grep '^!\[' "$md" | sed -E 's/^!\[(.*)\]\(charts.*/\1/')
    [ -z "$missing" ] && ok "all $n chart captions on the pages" || no "chart captions missing: $missing"
    # each table's header: its first two columns
    missing=""
    # (word by word: a narrow column wraps its header, and the PDF's text then runs across cells)
    for csv in "$out"/tables/*.csv; do
      h=$(head -1 "$csv" | cut -d, -f1-2 | tr ',"' '  ')
      for w in $h; do
        grep -qF "$w" "$tmp/text" || missing="$missing|$(basename "$csv"): $w"
      done
    done
    [ -z "$missing" ] && ok "every table's header on the pages" || no "headers missing: $missing"
    for fig in 854 641 1.247 01-KL/TW; do
      grep -qF "$fig" "$tmp/text" && ok "'$fig' on the pages" || no "'$fig' not on the pages"
    done
    grep -qF "$(flat "Đảng bộ Khối các cơ quan thành phố Hải Phòng")" "$tmp/text" && ok "Vietnamese text survives" \
      || no "Vietnamese text garbled"
    imgs=$(pdfimages -list "$pdf" | awk 'NR > 2 && $3 == "image"' | wc -l)
    [ "$imgs" -eq "$nimg" ] && ok "$imgs images on the pages" || no "images on the pages: $imgs, want $nimg"
  fi
fi

[ $fails -eq 0 ] && echo "all passed" || echo "$fails failed"
[ $fails -eq 0 ]
