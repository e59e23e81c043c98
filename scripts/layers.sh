#!/usr/bin/env bash
# scripts/layers.sh — check that the tree keeps its layers (README "Layout").
#
#   bash scripts/layers.sh [--root DIR] [OBJDIR]
#
# 1. Includes: no file of a lower layer includes a header of a higher one, by its #include lines:
#        ingest < aggregate < analysis < plots < report < serve, cli
#    A header belongs to its folder's layer ("plots/plots_int.h": plots); the public headers
#    include/chiso/<name>.h to the layer named (common.h: ingest, stats.h: analysis).
# 2. Calls, from the library's objects (nm; OBJDIR, by default build/CMakeFiles/chiso_obj.dir): no
#    object calls into a higher layer, and no two .c files call each other in a circle, directly or
#    through others. The functions that make each circle are named.
# Without objects (OBJDIR missing) only the includes are checked, and the script says so.
# Exit status: 0 when the layers hold, 1 when not (every violation is listed), 2 on a usage error.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
objdir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="$(cd "$2" && pwd)" || exit 2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "layers.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) objdir="$1"; shift ;;
  esac
done
[ -n "$objdir" ] || objdir="$root/build/CMakeFiles/chiso_obj.dir"

layers="ingest aggregate analysis plots report serve cli"

# rank of a folder (or a public header's name); empty when it is not a layer
rank_of() {
  case "$1" in
    ingest|common|ingest.h|common.h) echo 0 ;;
    aggregate|aggregate.h) echo 1 ;;
    analysis|analysis.h|stats.h) echo 2 ;;
    plots|plots.h) echo 3 ;;
    report|report.h) echo 4 ;;
    serve|serve.h|cli|cli.h) echo 5 ;;
    *) echo "" ;;
  esac
}

fail=0
cd "$root" || exit 2

# ---- 1. includes --------------------------------------------------------------------------------
files=()
for d in $layers include/chiso; do
  [ -d "$d" ] || continue
  while IFS= read -r f; do files+=("$f"); done < <(find "$d" -maxdepth 1 -type f \( -name '*.c' -o -name '*.h' \) | sort)
done
for f in "${files[@]}"; do
  case "$f" in
    include/chiso/*) from="$(rank_of "$(basename "$f")")" ;;
    *) from="$(rank_of "${f%%/*}")" ;;
  esac
  [ -n "$from" ] || continue
  while IFS=: read -r line inc; do
    case "$inc" in
      chiso/*) to="$(rank_of "$(basename "$inc")")" ;;
      */*) to="$(rank_of "${inc%%/*}")" ;;
      *) to="" ;;
    esac
    if [ -n "$to" ] && [ "$to" -gt "$from" ]; then
      echo "$f:$line: includes \"$inc\", a higher layer (ingest < aggregate < analysis < plots < report < serve, cli)"
      fail=1
    fi
  done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" | sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1:\2/')
done

# ---- 2. calls -----------------------------------------------------------------------------------
if [ ! -d "$objdir" ] || ! command -v nm >/dev/null 2>&1; then
  echo "layers.sh: no objects at $objdir (or no nm): calls not checked, only includes"
  [ "$fail" = 0 ] && echo "layers.sh: the includes keep the layers"
  exit "$fail"
fi
objs=()
# the objects of sources that exist (a build folder keeps the objects of files since moved or deleted)
while IFS= read -r o; do
  rel="${o#"$objdir"/}"; rel="${rel%.o}"; rel="${rel%.c}"
  [ -f "$root/$rel.c" ] && objs+=("$o")
done < <(find "$objdir" -name '*.o' ! -name 'embedded_data*' | sort)
if [ "${#objs[@]}" = 0 ]; then
  echo "layers.sh: no objects under $objdir: build the library first" >&2
  exit 2
fi
# one line per symbol: "D file symbol" (defined) or "U file symbol" (used)
table="$(for o in "${objs[@]}"; do
  rel="${o#"$objdir"/}"; rel="${rel%.o}"; rel="${rel%.c}"
  nm "$o" | awk -v f="$rel" 'NF == 3 && $2 ~ /^[TDRBVW]$/ { print "D", f, $3 } NF == 2 && $1 == "U" { print "U", f, $2 }'
done)"
calls="$(printf '%s\n' "$table" | awk -v layers="$layers" '
  BEGIN { n = split(layers, L, " "); for (i = 1; i <= n; i++) rank[L[i]] = i }
  $1 == "D" { def[$3] = $2; next }
  $1 == "U" { use[++nu] = $2 " " $3 }
  END {
    for (i = 1; i <= nu; i++) {
      split(use[i], p, " "); f = p[1]; s = p[2]
      if (!(s in def) || def[s] == f) continue
      t = def[s]
      split(f, a, "/"); split(t, b, "/")
      if ((a[1] in rank) && (b[1] in rank) && rank[b[1]] > rank[a[1]])
        print "UP", f, t, s
      key = f SUBSEP t
      if (!(key in why)) { why[key] = s; node[f]; node[t]; out[f] = out[f] " " t }
      else if (length(why[key]) < 60) why[key] = why[key] ", " s
    }
    # reach[x,y]: y is reached from x (the closure, by a search from every node)
    for (x in node) {
      delete seen; top = 0; stack[++top] = x
      while (top) {
        v = stack[top--]; m = split(out[v], nb, " ")
        for (k = 1; k <= m; k++) if (!(nb[k] in seen)) { seen[nb[k]]; stack[++top] = nb[k]; reach[x, nb[k]] }
      }
    }
    for (key in why) {
      split(key, e, SUBSEP)
      if ((e[2], e[1]) in reach) print "CIRCLE", e[1], e[2], why[key]
    }
  }' | sort)"
while IFS= read -r l; do
  [ -n "$l" ] || continue
  set -- $l
  case "$1" in
    UP) echo "$2.c calls $4 of $3.c, a higher layer"; fail=1 ;;
    CIRCLE) a="$2"; b="$3"; shift 3; echo "$a.c → $b.c ($*) is part of a call circle"; fail=1 ;;
  esac
done <<<"$calls"
if [ "$fail" = 0 ]; then
  echo "layers.sh: the layers hold (${#files[@]} sources by their includes, ${#objs[@]} objects by their calls)"
fi
exit "$fail"
