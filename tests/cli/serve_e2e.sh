#!/usr/bin/env bash
# tests/cli/serve_e2e.sh — chiso serve end to end in real headless Chromium (tests/e2e/e2e.mjs, driven
# by the npm package puppeteer-core): upload the default dataset as a workbook (chiso template), read
# the check page, open the results, choose a unit, switch the language, download the XLSX (and the DOCX
# when the build has it) and check them with unzip -l. Skips (77) only when chromium or node is absent.
# CHISO_SHOTS=DIR also keeps the screenshots of the pages (1366×768).
set -uo pipefail
src=${CHISO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${CHISO_BIN:-$src/build/chiso}
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "SKIP: chromium is not installed"; exit 77; }
command -v node >/dev/null && command -v npm >/dev/null || { echo "SKIP: node or npm is not installed"; exit 77; }
e2e=$src/tests/e2e
if [ ! -d "$e2e/node_modules/puppeteer-core" ]; then
  (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error) || { echo "FAIL: npm ci in tests/e2e"; exit 1; }
fi
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export TMPDIR=$work/tmp
mkdir -p "$TMPDIR" "$work/dl"
"$bin" template -o "$work/d.xlsx" "$src/datasets/haiphong" >/dev/null || { echo "FAIL chiso template"; exit 1; }
"$bin" serve --listen 127.0.0.1:0 >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 50); do grep -q 'http://' "$work/out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$work/out" | head -1)
[ -n "$url" ] || { echo "FAIL the server did not start"; cat "$work/err"; exit 1; }
fails=0
BASE_URL=$url WORKBOOK=$work/d.xlsx OUT=$work/dl SHOTS=${CHISO_SHOTS:-} CHROMIUM=$chromium \
  timeout 120 node "$e2e/e2e.mjs" || fails=$((fails + 1))
if [ -f "$work/dl/report.xlsx" ]; then
  unzip -l "$work/dl/report.xlsx" > "$work/xlsx.list" 2>&1
  if grep -q xl/workbook.xml "$work/xlsx.list"; then echo "PASS the downloaded XLSX holds xl/workbook.xml"; else
    echo "FAIL the downloaded XLSX is not a workbook"; fails=$((fails + 1)); fi
fi
if [ -f "$work/dl/report.docx" ]; then
  unzip -l "$work/dl/report.docx" > "$work/docx.list" 2>&1
  if grep -q word/document.xml "$work/docx.list"; then echo "PASS the downloaded DOCX holds word/document.xml"; else
    echo "FAIL the downloaded DOCX is not a Word document"; fails=$((fails + 1)); fi
fi
kill -TERM "$pid"; wait "$pid"; pid=""
left=$(find "$TMPDIR" -mindepth 1 -maxdepth 1 -name 'chiso-serve-*' | wc -l)
if [ "$left" = 0 ]; then echo "PASS no temporary folder left"; else echo "FAIL $left folders left"; fails=$((fails + 1)); fi
[ "$fails" = 0 ] || exit 1
echo "PASS chiso serve in Chromium"
