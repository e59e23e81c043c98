#!/usr/bin/env bash
# scripts/symbols.sh — check what the shared library exports (README "Layout"): the public API and
# nothing else, so that no internal helper of chiso ("line", "place", "project" …) can clash with a
# name of the program that links libchiso.so.
#
#   bash scripts/symbols.sh [--root DIR] [LIBRARY]
#
# From `nm -D --defined-only LIBRARY` (by default build/libchiso.so):
# 1. every exported function, and every exported variable, has a name that starts with chiso_ (the
#    linker's own markers _edata, _end, __bss_start aside); the others are listed;
# 2. every function declared in include/chiso/*.h (scripts/headers.sh --list) is exported; the missing
#    ones are listed with their header and line (mark them CHISO_API: scripts/api-mark.sh).
# Exit status: 0 when both hold, 1 when not, 2 on a usage error (no library, no nm).
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
lib=""
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="$(cd "$2" && pwd)" || exit 2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "symbols.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) lib="$1"; shift ;;
  esac
done
[ -n "$lib" ] || lib="$root/build/libchiso.so"
command -v nm >/dev/null 2>&1 || { echo "symbols.sh: nm not found (binutils)" >&2; exit 2; }
[ -r "$lib" ] || { echo "symbols.sh: no library at $lib: build chiso_shared first" >&2; exit 2; }
syms="$(nm -D --defined-only "$lib")" || { echo "symbols.sh: nm cannot read $lib" >&2; exit 2; }
decls="$(bash "$root/scripts/headers.sh" --root "$root" --list)" || { echo "symbols.sh: cannot read the headers under $root" >&2; exit 2; }

# "F name" for an exported function (T, W or i: text, weak, indirect), "V name" for a variable
table="$(awk 'NF >= 3 && $2 ~ /^[TWi]$/ { print "F", $3 } NF >= 3 && $2 ~ /^[DBRVGSu]$/ { print "V", $3 }' <<<"$syms" |
  sed 's/@.*//')"
fail=0
stray="$(awk '$1 == "F" && $2 !~ /^chiso_/ { print $2 }' <<<"$table" | sort -u)"
if [ -n "$stray" ]; then
  echo "symbols.sh: $(grep -c . <<<"$stray") exported function(s) of $(basename "$lib") do not start with chiso_ (make them static, or keep them hidden: not CHISO_API):"
  sed 's/^/  /' <<<"$stray"
  fail=1
fi
strayv="$(awk '$1 == "V" && $2 !~ /^chiso_/ && $2 !~ /^(_edata|_end|__bss_start)$/ { print $2 }' <<<"$table" | sort -u)"
if [ -n "$strayv" ]; then
  echo "symbols.sh: $(grep -c . <<<"$strayv") exported variable(s) of $(basename "$lib") do not start with chiso_:"
  sed 's/^/  /' <<<"$strayv"
  fail=1
fi
missing="$(awk -F: 'NR == FNR { if ($1 == "F") have[$2]; next } !($3 in have) { print "  " $1 ":" $2 ": " $3 }' \
  <(tr ' ' ':' <<<"$table") <(printf '%s\n' "$decls" | grep .))"
if [ -n "$missing" ]; then
  echo "symbols.sh: $(grep -c . <<<"$missing") function(s) declared in the public headers are not exported by $(basename "$lib") (mark them CHISO_API: scripts/api-mark.sh):"
  echo "$missing"
  fail=1
fi
nf=$(awk '$1 == "F"' <<<"$table" | grep -c .)
nd=$(grep -c . <<<"$decls")
[ "$fail" = 0 ] && echo "symbols.sh: $(basename "$lib") exports $nf functions, every one chiso_, and every one of the $nd the headers declare"
exit "$fail"
