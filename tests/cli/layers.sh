#!/usr/bin/env bash
# tests/cli/layers.sh — the tree keeps its layers (scripts/layers.sh): no lower layer includes or calls a
# higher one, no call circles between the library's files. Then the check itself is checked on a small
# made-up tree that breaks each rule once, so that this test can fail.
set -uo pipefail
src=${CHISO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${CHISO_BINARY_DIR:-$src/build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
check() { if [ "$1" = 0 ]; then echo "PASS $2"; else echo "FAIL $2"; fails=$((fails + 1)); fi; }

# 1. the real tree, with the library's objects
out=$(bash "$src/scripts/layers.sh" "$bin/CMakeFiles/chiso_obj.dir" 2>&1); rc=$?
echo "$out"
check "$rc" "the project's layers hold (includes and calls)"
case "$out" in *"calls not checked"*) check 1 "the library's objects were found and their calls checked" ;; esac
# the web server's and the command's own files: no two of them call each other in a circle either
for part in chiso_serve chiso; do
  [ -d "$bin/CMakeFiles/$part.dir" ] || continue
  out=$(bash "$src/scripts/layers.sh" "$bin/CMakeFiles/$part.dir" 2>&1); rc=$?
  echo "$out"
  check "$rc" "no call circles between the files of $part ($part.dir)"
done

# 2. a made-up tree: ingest includes plots, and two files of ingest call each other
mkdir -p "$tmp/t/ingest" "$tmp/t/plots" "$tmp/t/include/chiso" "$tmp/t/obj/ingest" "$tmp/t/obj/plots" "$tmp/t/scripts"
cp "$src/scripts/layers.sh" "$tmp/t/scripts/"
printf 'int pl_draw(void);\n' >"$tmp/t/plots/plots_int.h"
printf '#include "plots/plots_int.h"\nint b_two(void);\nint a_one(void) { return b_two() + pl_draw(); }\n' >"$tmp/t/ingest/a.c"
printf 'int a_one(void);\nint b_two(void) { return a_one(); }\n' >"$tmp/t/ingest/b.c"
printf 'int pl_draw(void) { return 1; }\n' >"$tmp/t/plots/p.c"
cc=${CC:-cc}
ok=1
$cc -c "$tmp/t/ingest/a.c" -I "$tmp/t" -o "$tmp/t/obj/ingest/a.c.o" && $cc -c "$tmp/t/ingest/b.c" -o "$tmp/t/obj/ingest/b.c.o" &&
  $cc -c "$tmp/t/plots/p.c" -o "$tmp/t/obj/plots/p.c.o" || ok=0
if [ "$ok" = 1 ]; then
  out=$(bash "$tmp/t/scripts/layers.sh" "$tmp/t/obj" 2>&1); rc=$?
  echo "$out"
  [ "$rc" = 1 ]; check $? "a broken tree fails the check"
  grep -q 'ingest/a.c:1: includes "plots/plots_int.h", a higher layer' <<<"$out"; check $? "an include of a higher layer is named with its line"
  grep -q 'ingest/a.c calls pl_draw of plots/p.c, a higher layer' <<<"$out"; check $? "a call into a higher layer is named"
  grep -q 'ingest/a.c → ingest/b.c (b_two) is part of a call circle' <<<"$out"; check $? "a call circle is named with its functions"
  grep -q 'ingest/b.c → ingest/a.c (a_one) is part of a call circle' <<<"$out"; check $? "both ways of the circle are named"
else
  check 1 "the made-up tree compiles ($cc)"
fi
[ "$fails" = 0 ] || { echo "$fails check(s) failed"; exit 1; }
