#!/usr/bin/env bash
# tests/cli/serve.sh — `chiso serve` over real HTTP (curl) on 127.0.0.1: the pages, the downloads, the
# security headers and every bad upload of issue #15, each answered with a clear page and nothing left
# behind in the server's temporary folder.
set -uo pipefail
src=${CHISO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${CHISO_BIN:-$src/build/chiso}
command -v curl >/dev/null || { echo "SKIP: curl is not installed"; exit 77; }
command -v zip >/dev/null || { echo "SKIP: zip is not installed"; exit 77; }
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fails=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

export TMPDIR=$work/tmp
mkdir -p "$TMPDIR"
# start: port 0 takes a free port; the address is printed on standard output
start() { # start OUT [options]
  local out=$1; shift
  "$bin" serve --listen 127.0.0.1:0 "$@" >"$out" 2>"$out.err" &
  pid=$!
  for _ in $(seq 50); do grep -q 'http://' "$out" 2>/dev/null && break; sleep 0.1; done
  url=$(grep -o 'http://[0-9.:]*/' "$out" | head -1)
}
stop() { kill -TERM "$pid"; wait "$pid"; local rc=$?; pid=""; return $rc; }
ndirs() { find "$TMPDIR" -mindepth 1 -maxdepth 1 | wc -l; }

# the help names CHISO_SERVE_TTL, the upload's time limit, in both languages
check "serve --help names CHISO_SERVE_TTL (vi)" '"$bin" --lang vi serve --help | grep -q "CHISO_SERVE_TTL=SỐ_GIÂY .*giữ bao lâu"'
check "serve --help names CHISO_SERVE_TTL (en)" '"$bin" --lang en serve --help | grep -q "CHISO_SERVE_TTL=SECONDS .*how long an upload is kept"'

start "$work/out"
check "the server says where it listens" '[ -n "$url" ]'
curl -s -D "$work/h" -o "$work/start.html" "$url"
check "start page 200" 'grep -q "^HTTP/1.1 200" "$work/h"'
check "CSP without unsafe-inline script" 'grep -qi "^Content-Security-Policy:.*script-src '"'"'self'"'"'" "$work/h" && ! grep -qi "script-src[^;]*unsafe-inline" "$work/h"'
check "frame-ancestors none and X-Frame-Options DENY" 'grep -qi "frame-ancestors '"'"'none'"'"'" "$work/h" && grep -qi "^X-Frame-Options: DENY" "$work/h"'
check "nosniff" 'grep -qi "^X-Content-Type-Options: nosniff" "$work/h"'
check "start page in Vietnamese" 'grep -q "Tải lên và kiểm tra" "$work/start.html" && grep -q "<html lang=\"vi\">" "$work/start.html"'
check "no inline script" '! grep -q "<script>" "$work/start.html"'
tok=$(grep -o 'name="token" value="[0-9a-f]*"' "$work/start.html" | head -1 | grep -o '[0-9a-f]\{32\}')
check "the form carries a token" '[ ${#tok} -eq 32 ]'

# a good upload: the default dataset's CSV files in a ZIP
(cd "$src/datasets/haiphong" && zip -q "$work/good.zip" ./*.csv)
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -F token="$tok" -F lang=vi -F file=@"$work/good.zip" "${url}upload")
check "an upload goes to its check page" '[[ "$loc" == *"/check?s="* ]]'
code=$(curl -s -o "$work/check.html" -w '%{http_code}' "$loc")
check "check page 200 and usable" '[ "$code" = 200 ] && grep -q "Dùng được số liệu này" "$work/check.html" && grep -q "0 lỗi" "$work/check.html"'
res=${loc/check/results}
code=$(curl -s -o "$work/res.html" -w '%{http_code}' "$res")
check "results page 200 with inline SVG charts" '[ "$code" = 200 ] && grep -q "<svg" "$work/res.html"'
check "results page has the unit selector and downloads" 'grep -q "<select name=\"unit\"" "$work/res.html" && grep -q "id=\"dl-xlsx\"" "$work/res.html"'
code=$(curl -s -o "$work/res-en.html" -w '%{http_code}' "${res/lang=vi/lang=en}&unit=cb-bdv")
check "results in English for one unit" '[ "$code" = 200 ] && grep -q "<html lang=\"en\">" "$work/res-en.html" && grep -q "selected>" "$work/res-en.html"'
curl -s -o "$work/r.xlsx" "${res/results/download}&what=xlsx"
unzip -l "$work/r.xlsx" > "$work/r.xlsx.list" 2>&1
check "XLSX download is a workbook" 'grep -q xl/workbook.xml "$work/r.xlsx.list"'
curl -s -o "$work/r.docx" "${res/results/download}&what=docx"
unzip -l "$work/r.docx" > "$work/r.docx.list" 2>&1
check "DOCX download is a Word document" 'grep -q word/document.xml "$work/r.docx.list"'
curl -s -o "$work/r.zip" "${res/results/download}&what=zip"
unzip -l "$work/r.zip" > "$work/r.zip.list" 2>&1
check "ZIP download holds report.html, report.xlsx and charts" 'grep -q report.html "$work/r.zip.list" && grep -q report.xlsx "$work/r.zip.list" && grep -q report.docx "$work/r.zip.list" && grep -q "charts/" "$work/r.zip.list"'
code=$(curl -s -o "$work/x" -w '%{http_code}' "${url}results?s=0000&lang=vi")
check "an unknown session gets a clear 404 page" '[ "$code" = 404 ] && grep -q "không còn ở đây" "$work/x"'
code=$(curl -s -o "$work/x" -w '%{http_code}' "${res}&unit=%3Cscript%3E")
check "an unknown unit is escaped, never echoed raw" '[ "$code" = 404 ] && ! grep -q "<script>alert" "$work/x" && ! grep -q "unit=<script>" "$work/x"'

# the default dataset as a workbook (chiso template), and the blank template
"$bin" template -o "$work/d.xlsx" "$src/datasets/haiphong" >/dev/null
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -F token="$tok" -F lang=vi -F file=@"$work/d.xlsx" "${url}upload")
code=$(curl -s -o "$work/wb.html" -w '%{http_code}' "$loc")
check "a workbook upload is read: usable" '[ "$code" = 200 ] && grep -q "Dùng được số liệu này" "$work/wb.html"'
code=$(curl -s -o "$work/wbres.html" -w '%{http_code}' "${loc/check/results}")
check "results of the workbook" '[ "$code" = 200 ] && grep -q "<svg" "$work/wbres.html"'
check "the results never show the server's temporary folder" '! grep -q "chiso-serve-" "$work/wbres.html"'
curl -s -o "$work/blank.xlsx" "${url}template?lang=vi"
unzip -l "$work/blank.xlsx" > "$work/blank.list" 2>&1
check "the blank template is a workbook" 'grep -q xl/workbook.xml "$work/blank.list"'
"$bin" template -o "$work/bad.xlsx" "$src/tests/bad/conflicting-figures" >/dev/null
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -F token="$tok" -F lang=vi -F file=@"$work/bad.xlsx" "${url}upload")
code=$(curl -s -o "$work/wbbad.html" -w '%{http_code}' "$loc")
check "a workbook with errors: the sheet and cell of the error" \
  '[ "$code" = 422 ] && grep -q "Chưa dùng được số liệu này" "$work/wbbad.html" && grep -q "trang tính observations" "$work/wbbad.html" && grep -q "ô observations!" "$work/wbbad.html"'

# the built-in dataset (its illustrative targets, labelled so): verdicts and statuses in words and colour
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -F token="$tok" -F lang=vi -F dataset= "${url}open")
code=$(curl -s -o "$work/def.html" -w '%{http_code}' "${loc/check/results}")
check "built-in dataset: targets with their status in words and colour, labelled illustrative" \
  '[ "$code" = 200 ] && grep -q "<td class=\"v-risk\">có nguy cơ không đạt</td>" "$work/def.html" && grep -q "<td class=\"v-not\">không đạt</td>" "$work/def.html" && grep -q "minh họa" "$work/def.html" && grep -q "Xây dựng chỉ tiêu nhiệm kỳ tới" "$work/def.html"'

# chiso fill on a draft sent from the results page (the example drafts of datasets/template/report)
sid=${loc#*s=}; sid=${sid%%&*}
code=$(curl -s -o "$work/filled.md" -w '%{http_code}' -F token="$tok" -F lang=vi -F s="$sid" \
  -F file=@"$src/datasets/template/report/du-thao-bao-cao.md" "${url}fill")
check "fill: the Markdown draft comes back filled" '[ "$code" = 200 ] && grep -q "kết nạp được 641 đảng viên mới" "$work/filled.md"'
code=$(curl -s -o "$work/filled.docx" -w '%{http_code}' -F token="$tok" -F lang=vi -F s="$sid" \
  -F file=@"$src/datasets/template/report/du-thao-bao-cao.docx" "${url}fill")
unzip -l "$work/filled.docx" > "$work/filled.list" 2>&1
check "fill: the Word draft comes back filled" '[ "$code" = 200 ] && grep -q word/document.xml "$work/filled.list"'
printf 'Kết nạp: {{khong.co.cho.nay}}\n' > "$work/badfill.md"
code=$(curl -s -o "$work/badfill.html" -w '%{http_code}' -F token="$tok" -F lang=vi -F s="$sid" -F file=@"$work/badfill.md" "${url}fill")
check "fill: a placeholder that cannot be filled gets a page that says where" '[ "$code" = 422 ] && grep -q "khong.co.cho.nay" "$work/badfill.html"'
code=$(curl -s -o /dev/null -w '%{http_code}' -F s="$sid" -F file=@"$work/badfill.md" "${url}fill")
check "fill: without the form token: 403" '[ "$code" = 403 ]'

# bad uploads: each a clear page and nothing left behind
before=$(ndirs)
# (a refused upload's folder is removed before its answer is sent: none is left when curl has it)
left=""
upload() { # upload NAME FILE [token] -> code in $code, page in $work/NAME.html
  code=$(curl -s -o "$work/$1.html" -w '%{http_code}' -F token="${3-$tok}" -F lang=vi -F file=@"$2" "${url}upload")
  [ "$(ndirs)" -le "$before" ] || left="$left $1"
}
printf 'this is not a workbook\n' > "$work/notes.txt"
upload text "$work/notes.txt"
check "not a workbook: 422 and says so" '[ "$code" = 422 ] && grep -q "không phải sổ tính Excel" "$work/text.html"'
upload bomb "$src/tests/data/serve/bomb.zip"
check "a ZIP bomb is refused" '[ "$code" = 422 ] && grep -q "bom ZIP" "$work/bomb.html"'
upload dotdot "$src/tests/data/serve/dotdot.zip"
check "a ZIP with ../ entries is refused" '[ "$code" = 422 ] && grep -q "ra ngoài thư mục" "$work/dotdot.html"'
check "nothing was written outside" '[ ! -e "$work/evil.csv" ] && [ ! -e "$TMPDIR/evil.csv" ]'
upload abs "$src/tests/data/serve/absolute.zip"
check "a ZIP with an absolute path is refused" '[ "$code" = 422 ] && grep -q "ra ngoài thư mục" "$work/abs.html"'
truncate -s 100M "$work/big.zip"
upload big "$work/big.zip"
check "100 MB is refused with 413" '[ "$code" = 413 ] && grep -q "lớn hơn 20 MB" "$work/big.html"'
(cd "$src/tests/bad/conflicting-figures" && zip -q "$work/errors.zip" ./*.csv)
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -F token="$tok" -F lang=vi -F file=@"$work/errors.zip" "${url}upload")
code=$(curl -s -o "$work/errors.html" -w '%{http_code}' "$loc")
check "a dataset with errors: the check page says it cannot be used, with the line as typed" \
  '[ "$code" = 422 ] && grep -q "Chưa dùng được số liệu này" "$work/errors.html" && grep -q "1 lỗi" "$work/errors.html" && grep -q "dòng 4" "$work/errors.html" && grep -q "như đã nhập" "$work/errors.html"'
code=$(curl -s -o /dev/null -w '%{http_code}' "${loc/check/results}")
check "no results for a dataset with errors" '[ "$code" = 422 ]'
before=$((before + 1)) # the dataset with errors is a session (its check page can be read again)
upload notoken "$work/good.zip" ""
check "without the form token: 403 and says so" '[ "$code" = 403 ] && grep -q "mã bảo vệ" "$work/notoken.html"'
upload wrongtoken "$work/good.zip" "0123456789abcdef0123456789abcdef"
check "with a wrong token: 403" '[ "$code" = 403 ]'
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Sec-Fetch-Site: cross-site' -F token="$tok" -F file=@"$work/good.zip" "${url}upload")
check "a cross-site post is refused even with the token" '[ "$code" = 403 ]'
check "each refused upload's folder is gone when its answer arrives" '[ -z "$left" ]'
check "bad uploads leave no folder behind" '[ "$(ndirs)" = "$before" ]'
stop
check "SIGTERM stops the server cleanly" '[ $? = 0 ]'
check "every temporary folder is removed at shutdown" '[ "$(ndirs)" = 0 ]'

# --data: the datasets of a folder are offered and only read; a name that is not one of them is refused
mkdir -p "$work/data/mau" "$work/data/.hidden"
cp "$src"/datasets/haiphong/*.csv "$work/data/mau/"
(cd "$work/data" && find . -type f -exec md5sum {} + | sort) > "$work/data.md5"
start "$work/out3" --data "$work/data"
curl -s -o "$work/start3.html" "$url"
check "--data: its dataset is offered" 'grep -q "value=\"mau\"" "$work/start3.html" && ! grep -q "value=\".hidden\"" "$work/start3.html"'
tok3=$(grep -o 'name="token" value="[0-9a-f]*"' "$work/start3.html" | head -1 | grep -o '[0-9a-f]\{32\}')
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -F token="$tok3" -F dataset=mau "${url}open")
code=$(curl -s -o "$work/mau.html" -w '%{http_code}' "$loc")
check "--data: opening it gives its check page" '[ "$code" = 200 ] && grep -q "Dùng được số liệu này" "$work/mau.html"'
curl -s -o /dev/null "${loc/check/results}"
code=$(curl -s -o /dev/null -w '%{http_code}' -F token="$tok3" -F dataset=../data/mau "${url}open")
check "--data: a name that is not one of its datasets is refused" '[ "$code" = 404 ]'
stop
(cd "$work/data" && find . -type f -exec md5sum {} + | sort) > "$work/data.md5.after"
check "--data is only read (nothing changed, nothing added)" 'cmp -s "$work/data.md5" "$work/data.md5.after"'
check "no temporary folder left" '[ "$(ndirs)" = 0 ]'

# the time limit: an upload's folder is removed when it expires (CHISO_SERVE_TTL shortens the 30 minutes)
CHISO_SERVE_TTL=2 start "$work/out4"
tok4=$(curl -s "$url" | grep -o 'name="token" value="[0-9a-f]*"' | head -1 | grep -o '[0-9a-f]\{32\}')
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -F token="$tok4" -F file=@"$work/good.zip" "${url}upload")
check "an upload has its folder" '[ "$(ndirs)" = 1 ]'
sleep 4
code=$(curl -s -o "$work/gone.html" -w '%{http_code}' "$loc")
check "after its time limit the folder is gone and the page says so" '[ "$(ndirs)" = 0 ] && [ "$code" = 404 ] && grep -q "không còn ở đây" "$work/gone.html"'
stop

# a password: required off the loopback address, asked by the browser
"$bin" serve --listen 0.0.0.0:0 >/dev/null 2>"$work/noauth.err"
check "another address without --auth is refused (exit 2)" '[ $? = 2 ] && grep -q -- "--auth" "$work/noauth.err"'
printf 'vanphong:mat-khau-dai-2026\n' > "$work/auth"
start "$work/out2" --auth "$work/auth"
code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
check "without the password: 401" '[ "$code" = 401 ]'
code=$(curl -s -o /dev/null -w '%{http_code}' -u vanphong:wrong "$url")
check "with a wrong password: 401" '[ "$code" = 401 ]'
code=$(curl -s -o /dev/null -w '%{http_code}' -u vanphong:mat-khau-dai-2026 "$url")
check "with the password: 200" '[ "$code" = 200 ]'
stop
check "no temporary folder left" '[ "$(ndirs)" = 0 ]'
[ "$fails" = 0 ] || { echo "$fails failed"; exit 1; }
echo "PASS chiso serve"
