#!/usr/bin/env bash
# tests/cli/headers.sh — every public function is documented in its header (scripts/headers.sh). Then
# the check itself is checked on a made-up header, so that this test can fail.
set -uo pipefail
src=${CHISO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
check() { if [ "$1" = 0 ]; then echo "PASS $2"; else echo "FAIL $2"; fails=$((fails + 1)); fi; }

# 1. the real headers
out=$(bash "$src/scripts/headers.sh" 2>&1); rc=$?
echo "$out"
check "$rc" "every function of include/chiso/*.h has its comment"
n=$(sed -n 's/^headers.sh: all \([0-9]*\) public functions are documented$/\1/p' <<<"$out")
[ "${n:-0}" -ge 200 ]; check $? "the check found the library's functions (${n:-none}; more than 200 expected)"

# 2. a made-up header: one documented function, a documented group, a function pointer in a struct and a
#    typedef (not functions), and three undocumented functions (after a blank line, after code, and one
#    split over two lines)
mkdir -p "$tmp/include/chiso"
cat >"$tmp/include/chiso/toy.h" <<'EOF'
#ifndef TOY_H
#define TOY_H
#ifdef __cplusplus
extern "C" {
#endif
/* Make a toy. */
int toy_new(void);
/* The toy's accessors. */
int toy_count(int t);
int toy_get(int t,
            int i);
typedef struct toy_ops {
    int (*run)(int t);
} toy_ops;
typedef int (*toy_cb)(int);

int toy_lonely(void);
int toy_after_code(void);
/* a comment, then a blank line */

int toy_split(int a,
              int b);
#ifdef __cplusplus
}
#endif
#endif
EOF
out=$(bash "$src/scripts/headers.sh" --root "$tmp" 2>&1); rc=$?
echo "$out"
[ "$rc" = 1 ]; check $? "undocumented functions fail the check"
grep -q 'include/chiso/toy.h:17: toy_lonely has no comment' <<<"$out"; check $? "a function after a blank line is named with its line"
grep -q 'include/chiso/toy.h:18: toy_after_code has no comment' <<<"$out"; check $? "a function after an undocumented one is named"
grep -q 'include/chiso/toy.h:21: toy_split has no comment' <<<"$out"; check $? "a comment cut off by a blank line does not count"
grep -q '3 of 6 public functions are not documented' <<<"$out"; check $? "documented ones and groups pass; struct members and typedefs are not counted"
grep -q 'toy_new\|toy_count\|toy_get\|run\|toy_cb' <<<"$out" && check 1 "no documented function is named" || check 0 "no documented function is named"

[ "$fails" = 0 ] || { echo "$fails check(s) failed"; exit 1; }
