#!/usr/bin/env bash
# scripts/api-mark.sh — put CHISO_API (include/chiso/common.h) before every function declared in the
# public headers that does not have it yet, so that the shared library exports it: the library is built
# with hidden visibility, and only what a header marks is seen by a program linked to libchiso.so.
#
#   bash scripts/api-mark.sh [--root DIR] [--check]
#
# The declarations are found by scripts/headers.sh --list; the mark goes at the start of the line where
# a declaration starts; nothing else (comments, layout) changes. Running it again changes nothing.
# --check changes no file and lists the unmarked declarations instead.
# Exit status: 0 when every declaration is (now) marked, 1 with --check when some are not, 2 on a
# usage error.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
check=0
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="$(cd "$2" && pwd)" || exit 2; shift 2 ;;
    --check) check=1; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "api-mark.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
cd "$root" || exit 2
decls="$(bash "$root/scripts/headers.sh" --root "$root" --list)" || exit 2
unmarked=0 changed=0
for file in $(cut -d: -f1 <<<"$decls" | sort -u); do
  starts="$(awk -F: -v f="$file" '$1 == f { printf "%s ", $2 }' <<<"$decls")"
  if [ "$check" = 1 ]; then
    out="$(awk -v starts="$starts" -v f="$file" '
      BEGIN { n = split(starts, s, " "); for (i = 1; i <= n; i++) st[s[i]] }
      (FNR in st) && $0 !~ /^[ \t]*CHISO_API[ \t]/ { match($0, /[A-Za-z_][A-Za-z_0-9]* ?\(/)
        print f ":" FNR ": " substr($0, RSTART, RLENGTH - 1) " is not marked CHISO_API" }' "$file")"
    [ -n "$out" ] && { echo "$out"; unmarked=$((unmarked + $(grep -c . <<<"$out"))); }
    continue
  fi
  # the mark, and the lines that continue the parameter list moved right by as much, so that they stay
  # under its opening parenthesis; a declaration already marked is left alone
  awk -v starts="$starts" '
    BEGIN { n = split(starts, s, " "); for (i = 1; i <= n; i++) st[s[i]]; pad = "          " }
    function ends(l) { sub(/[ \t]*\/\*.*$/, "", l); sub(/[ \t]*\/\/.*$/, "", l); return l ~ /;/ || l ~ /\)[ \t]*$/ }
    (FNR in st) {
      if ($0 ~ /^[ \t]*CHISO_API[ \t]/) { print; next }
      match($0, /^[ \t]*/); print substr($0, 1, RLENGTH) "CHISO_API " substr($0, RLENGTH + 1)
      marked++; cont = !ends($0); next
    }
    cont && /^[ \t]*#/ { cont = 0 }
    cont { print ($0 ~ /^[ \t]/ ? pad : "") $0; cont = !ends($0); next }
    { print }
    END { print marked + 0 > "/dev/stderr" }' "$file" >"$file.mark" 2>"$file.count" || { rm -f "$file.mark" "$file.count"; exit 2; }
  changed=$((changed + $(cat "$file.count"))); rm -f "$file.count"
  if cmp -s "$file" "$file.mark"; then rm -f "$file.mark"; else cat "$file.mark" >"$file" && rm -f "$file.mark"; fi
done
n=$(grep -c . <<<"$decls")
if [ "$check" = 1 ]; then
  [ "$unmarked" = 0 ] && { echo "api-mark.sh: all $n public functions are marked CHISO_API"; exit 0; }
  echo "api-mark.sh: $unmarked of $n public functions are not marked CHISO_API (run scripts/api-mark.sh)"
  exit 1
fi
echo "api-mark.sh: marked $changed of $n public functions"
