#!/usr/bin/env bash
# Git merge driver for po/vi.po: the union of both sides' entries (ours first), so that two branches
# that each added messages merge without a conflict. Set it up once per clone:
#   git config merge.po.driver 'bash scripts/po-merge.sh %O %A %B'
# then run scripts/update-po.sh to drop entries that no source uses any more.
set -euo pipefail
ours=$2 theirs=$3
msgcat --use-first --sort-output -o "$ours.merged" "$ours" "$theirs"
mv "$ours.merged" "$ours"
