#!/usr/bin/env bash
# tests/cli/po_complete.sh — the Vietnamese catalogue is complete: every message marked _() or N_() in
# the sources has a translation in po/vi.po, none is fuzzy, and msgfmt --check accepts it (the printf
# conversions of each translation match its message).
set -euo pipefail
src=${CHISO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$src"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shopt -s nullglob
files=(ingest/*.c aggregate/*.c analysis/*.c plots/*.c report/*.c cli/*.c serve/*.c)
xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --no-location -o "$tmp/chiso.pot" "${files[@]}"
msgfmt --check -o /dev/null po/vi.po
stats=$(LC_ALL=C msgfmt --statistics -o /dev/null po/vi.po 2>&1)
echo "po/vi.po: $stats"
case "$stats" in *untranslated*|*fuzzy*) echo "FAIL: po/vi.po has untranslated or fuzzy messages"; exit 1 ;; esac
# every message of the sources is in the catalogue, translated
if ! msgcmp po/vi.po "$tmp/chiso.pot" 2>"$tmp/cmp"; then
  echo "FAIL: messages of the sources missing from po/vi.po (run scripts/update-po.sh and translate):"
  head -20 "$tmp/cmp"
  exit 1
fi
echo "PASS the Vietnamese catalogue is complete"
