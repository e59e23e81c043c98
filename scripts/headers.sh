#!/usr/bin/env bash
# scripts/headers.sh — check that every public function is documented in its header (GUIDE: "the
# header is the contract").
#
#   bash scripts/headers.sh [--root DIR] [--list] [HEADER...]
#
# A function declared in include/chiso/*.h (or in the HEADERs given) must have a comment right before
# it, or belong to a documented group: declarations on consecutive lines (no blank line between them)
# whose first one has a comment right before it, e.g. a _free/_count/_get trio under the comment of
# the function that makes the result. Declarations inside struct, union or enum bodies (function
# pointers) and typedefs are not functions; preprocessor lines are not looked at.
# Exit status: 0 when every function is documented, 1 when not (every one is listed with its line),
# 2 on a usage error. --list prints every declared function as FILE:LINE:NAME instead (the line where
# its declaration starts; scripts/api-mark.sh and scripts/symbols.sh use it) and exits 0.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
headers=()
list=0
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="$(cd "$2" && pwd)" || exit 2; shift 2 ;;
    --list) list=1; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "headers.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) headers+=("$1"); shift ;;
  esac
done
cd "$root" || exit 2
if [ "${#headers[@]}" = 0 ]; then
  for h in include/chiso/*.h; do [ -f "$h" ] && headers+=("$h"); done
fi
if [ "${#headers[@]}" = 0 ]; then
  echo "headers.sh: no headers under $root/include/chiso" >&2
  exit 2
fi
for h in "${headers[@]}"; do
  [ -r "$h" ] || { echo "headers.sh: cannot read $h" >&2; exit 2; }
done

awk -v list="$list" '
  # kind[n]: what line n of the current file is: "blank", "comment" (only a comment, or the end of
  # one), "pp" (preprocessor) or "code"; a statement at depth 0 ends at its ";"
  FNR == 1 { in_c = 0; depth = 0; stmt = ""; started = 0; start = 0; lastdecl_end = -1; lastdecl_ok = 0; skip_cpp = 0 }
  {
    line = $0
    # the C++ guard (extern "C" { ... }) is not part of the contract
    if (line ~ /^[ \t]*#[ \t]*if(def)?[ \t]+(defined[ \t]*\(?)?__cplusplus/) { skip_cpp = 1; kind[FNR] = "pp"; next }
    if (skip_cpp) { if (line ~ /^[ \t]*#[ \t]*endif/) skip_cpp = 0; kind[FNR] = "pp"; next }
    if (!in_c && line ~ /^[ \t]*#/) { kind[FNR] = "pp"; next }
    # the code of the line, comments taken out
    code = ""; had_comment = in_c; rest = line
    while (length(rest) > 0) {
      if (in_c) {
        p = index(rest, "*/")
        if (p == 0) { rest = ""; break }
        rest = substr(rest, p + 2); in_c = 0
      } else {
        p = index(rest, "/*"); q = index(rest, "//")
        if (q > 0 && (p == 0 || q < p)) { code = code substr(rest, 1, q - 1); had_comment = 1; rest = ""; break }
        if (p == 0) { code = code rest; rest = ""; break }
        code = code substr(rest, 1, p - 1); rest = substr(rest, p + 2); in_c = 1; had_comment = 1
      }
    }
    gsub(/[ \t]+/, " ", code); sub(/^ /, "", code); sub(/ $/, "", code)
    if (code == "") { kind[FNR] = had_comment ? "comment" : "blank"; next }
    kind[FNR] = "code"
    # a statement at the top level (what is inside braces is not: struct, union and enum bodies)
    for (i = 1; i <= length(code); i++) {
      ch = substr(code, i, 1)
      if (depth == 0 && !started && ch != " ") { started = 1; start = FNR; stmt = "" }
      if (ch == "{") { depth++; continue }
      if (ch == "}") { depth--; continue }
      if (depth > 0) continue
      if (ch == ";") { decide(stmt, start, FNR); started = 0; stmt = ""; continue }
      stmt = stmt ch
    }
    if (started) stmt = stmt " "
  }
  function decide(s, first, last,    name, ok) {
    gsub(/[ \t]+/, " ", s); sub(/^ /, "", s)
    # a function: not a typedef, an identifier followed by "(" that is not "(*"
    if (s ~ /^typedef / || s !~ /[A-Za-z_][A-Za-z0-9_]* ?\(/) { lastdecl_end = -1; return }
    if (s ~ /^(struct|union|enum) [A-Za-z_0-9]*( [A-Za-z_0-9]*)?$/) { lastdecl_end = -1; return }
    name = s; sub(/ ?\(.*/, "", name); sub(/.*[ *]/, "", name)
    if (name == "" || name ~ /^(if|while|for|return|sizeof)$/) { lastdecl_end = -1; return }
    if (list) { printf "%s:%d:%s\n", FILENAME, first, name; lastdecl_end = -1; return }
    prev = first - 1
    while (prev > 0 && kind[prev] == "pp") prev--
    ok = 0
    if (prev > 0 && kind[prev] == "comment") ok = 1
    else if (prev > 0 && prev == lastdecl_end && lastdecl_ok) ok = 1  # one of a documented group
    if (!ok) { printf "%s:%d: %s has no comment before it (nor its group)\n", FILENAME, first, name; bad++ }
    n_fun++
    lastdecl_end = last; lastdecl_ok = ok
  }
  END {
    if (list) exit 0
    if (bad) { printf "headers.sh: %d of %d public functions are not documented\n", bad, n_fun; exit 1 }
    printf "headers.sh: all %d public functions are documented\n", n_fun
  }
' "${headers[@]}"
