#!/usr/bin/env bash
# tests/cli/serve_load.sh — `chiso serve` under load, on 127.0.0.1 only and bounded in count and time:
# 20 uploads at once and 200 page requests (10 at a time). Every response must be right, the server's
# peak memory (VmHWM) stay under 400 MB, and no temporary folder be left after SIGTERM.
set -uo pipefail
src=${CHISO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${CHISO_BIN:-$src/build/chiso}
command -v curl >/dev/null || { echo "SKIP: curl is not installed"; exit 77; }
command -v zip >/dev/null || { echo "SKIP: zip is not installed"; exit 77; }
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export TMPDIR=$work/tmp
mkdir -p "$TMPDIR"
"$bin" serve --listen 127.0.0.1:0 >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 50); do grep -q 'http://' "$work/out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$work/out" | head -1)
[ -n "$url" ] || { echo "FAIL the server did not start"; cat "$work/err"; exit 1; }
tok=$(curl -s --max-time 20 "$url" | grep -o 'name="token" value="[0-9a-f]*"' | head -1 | grep -o '[0-9a-f]\{32\}')
(cd "$src/datasets/haiphong" && zip -q "$work/good.zip" ./*.csv)
start=$(date +%s)
# 20 uploads at once
for i in $(seq 20); do
  curl -s --max-time 60 -o /dev/null -w '%{http_code} %{redirect_url}\n' -F token="$tok" -F lang=vi \
    -F file=@"$work/good.zip" "${url}upload" > "$work/up.$i" &
done
wait_uploads() { for j in $(jobs -p); do [ "$j" = "$pid" ] || wait "$j"; done; }
wait_uploads
fails=0
n303=$(cat "$work"/up.* | grep -c '^303 .*/check?s=')
if [ "$n303" = 20 ]; then echo "PASS 20 concurrent uploads, each sent to its check page"; else
  echo "FAIL only $n303 of 20 uploads answered 303"; cat "$work"/up.*; fails=$((fails + 1)); fi
check1=$(head -1 "$work/up.1" | cut -d' ' -f2)
# 200 page requests, 10 at a time: start pages, check pages of the uploads, the style sheet
: > "$work/urls"
for i in $(seq 80); do echo "${url}?lang=vi" >> "$work/urls"; done
for i in $(seq 20); do for k in 1 2 3; do echo "$(cut -d' ' -f2 "$work/up.$i")" >> "$work/urls"; done; done
for i in $(seq 60); do echo "${url}static/chiso.css" >> "$work/urls"; done
[ "$(wc -l < "$work/urls")" = 200 ] || { echo "FAIL the test makes $(wc -l < "$work/urls") requests"; exit 1; }
xargs -P 10 -n 1 curl -s --max-time 60 -o /dev/null -w '%{http_code}\n' < "$work/urls" > "$work/codes"
n200=$(grep -c '^200$' "$work/codes")
if [ "$n200" = 200 ]; then echo "PASS 200 page requests, all 200"; else
  echo "FAIL $n200 of 200 requests answered 200: $(sort "$work/codes" | uniq -c | tr '\n' ' ')"; fails=$((fails + 1)); fi
page=$(curl -s --max-time 30 "$check1")
if grep -q 'Dùng được số liệu này' <<<"$page"; then echo "PASS a check page after the load is right"; else
  echo "FAIL a check page after the load"; fails=$((fails + 1)); fi
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
echo "server peak memory (VmHWM): $((hwm / 1024)) MB; $(find "$TMPDIR" -mindepth 1 -maxdepth 1 | wc -l) session folders; $(( $(date +%s) - start )) s"
if [ "$hwm" -lt 409600 ]; then echo "PASS memory bounded (< 400 MB)"; else echo "FAIL memory: $hwm kB"; fails=$((fails + 1)); fi
kill -TERM "$pid"; wait "$pid"; rc=$?; pid=""
if [ "$rc" = 0 ]; then echo "PASS SIGTERM stops the server (exit 0)"; else echo "FAIL exit $rc after SIGTERM"; fails=$((fails + 1)); fi
left=$(find "$TMPDIR" -mindepth 1 | wc -l)
if [ "$left" = 0 ]; then echo "PASS no temporary folder left"; else echo "FAIL $left files left"; fails=$((fails + 1)); fi
[ "$fails" = 0 ] || exit 1
echo "PASS chiso serve under load"
