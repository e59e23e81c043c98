#!/usr/bin/env bash
# Extract every translatable message (_() and N_()) of the C sources into po/chiso.pot and merge it
# into po/vi.po. Run it after changing messages, then translate the new entries of po/vi.po.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
files=(ingest/*.c aggregate/*.c analysis/*.c plots/*.c report/*.c cli/*.c serve/*.c)
xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --add-comments=TRANSLATORS \
  --package-name=chiso --package-version=0.1.0 --no-location -o po/chiso.pot "${files[@]}"
msgmerge --quiet --update --backup=none --no-fuzzy-matching po/vi.po po/chiso.pot
msgattrib --no-obsolete -o po/vi.po po/vi.po
msgfmt --check --statistics -o /dev/null po/vi.po
