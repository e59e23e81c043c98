#!/usr/bin/env bash
# tests/cli/symbols.sh — libchiso.so exports the public API and nothing else (scripts/symbols.sh): every
# exported function starts with chiso_, and every function of include/chiso/*.h is exported. Then the
# check itself is checked on a small made-up library that breaks both rules, so that this test can fail.
set -uo pipefail
src=${CHISO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${CHISO_BINARY_DIR:-$src/build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
check() { if [ "$1" = 0 ]; then echo "PASS $2"; else echo "FAIL $2"; fails=$((fails + 1)); fi; }

# 1. the real library — but not a coverage build: gcov links its runtime (__gcov_*, mangle_path) into
#    every shared object it instruments, and those names are the compiler's, not ours
if nm -D --defined-only "$bin/libchiso.so" 2>/dev/null | grep -c ' __gcov_' >/dev/null; then
    echo "SKIP libchiso.so is a coverage build (gcov's runtime is exported with it): its exports are checked in the other builds"
else
    out=$(bash "$src/scripts/symbols.sh" "$bin/libchiso.so" 2>&1); rc=$?
    echo "$out"
    check "$rc" "libchiso.so exports only chiso_ functions, and all the headers declare"
    n=$(sed -n 's/^symbols.sh: libchiso.so exports \([0-9]*\) functions.*/\1/p' <<<"$out")
    [ "${n:-0}" -ge 200 ]; check $? "the library's functions were found (${n:-none}; more than 200 expected)"
fi
# the internal helpers are in the library (the command and the tests reach them in libchiso.a) but
# not exported
internal=$(nm "$bin/libchiso.a" 2>/dev/null | awk '$2 == "T" && $3 !~ /^chiso_/' | wc -l)
[ "$internal" -ge 50 ]; check $? "libchiso.a still holds the internal helpers ($internal functions without chiso_)"

# 2. a made-up library: a header declares chiso_toy_new and chiso_toy_free; the library exports
#    chiso_toy_new, a helper "line" and a variable "g", and forgets chiso_toy_free (hidden)
mkdir -p "$tmp/t/include/chiso" "$tmp/t/scripts"
cp "$src/scripts/symbols.sh" "$src/scripts/headers.sh" "$tmp/t/scripts/"
cat >"$tmp/t/include/chiso/toy.h" <<'H'
/* Make a toy. */
int chiso_toy_new(void);
/* Free it. */
void chiso_toy_free(int t);
H
cat >"$tmp/t/toy.c" <<'C'
int g;
int line(int x);
int line(int x) { return x + g; }
int chiso_toy_new(void);
int chiso_toy_new(void) { return line(1); }
__attribute__((visibility("hidden"))) void chiso_toy_free(int t);
void chiso_toy_free(int t) { g = t; }
C
cc=${CC:-cc}
if $cc -shared -fPIC -o "$tmp/t/libtoy.so" "$tmp/t/toy.c" 2>&1; then
  out=$(bash "$tmp/t/scripts/symbols.sh" "$tmp/t/libtoy.so" 2>&1); rc=$?
  echo "$out"
  [ "$rc" = 1 ]; check $? "a library that exports other names and misses a declared one fails the check"
  grep -q '^  line$' <<<"$out"; check $? "an exported helper without chiso_ is named"
  grep -q '^  g$' <<<"$out"; check $? "an exported variable without chiso_ is named"
  grep -q '^  include/chiso/toy.h:4: chiso_toy_free$' <<<"$out"; check $? "a declared function that is not exported is named with its header and line"
  grep -q '1 function(s) declared in the public headers are not exported' <<<"$out"; check $? "only the missing one is counted (chiso_toy_new is exported)"
  grep -q '^  chiso_toy_new' <<<"$out" && check 1 "the exported API function is not named" || check 0 "the exported API function is not named"
else
  check 1 "the made-up library compiles ($cc)"
fi
bash "$src/scripts/symbols.sh" "$tmp/none.so" >/dev/null 2>&1; [ $? = 2 ]; check $? "no library: a usage error (2)"

[ "$fails" = 0 ] || { echo "$fails check(s) failed"; exit 1; }
