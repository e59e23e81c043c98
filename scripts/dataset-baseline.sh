#!/usr/bin/env bash
# scripts/dataset-baseline.sh CHISO OUT — what chiso says of every dataset of the repository, for a
# refactoring of the reader that must not change it: `chiso check` (vi and en), `list`, `normalize`,
# `attain` and `report` (md and csv, a fixed --as-of) of datasets/, tests/bad/*, tests/data/* and a
# workbook made by `chiso template`. Compare two runs with `diff -r OUT1 OUT2`.
set -u
chiso=$(realpath "$1")
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root" || exit 3

sets=(datasets/haiphong)
for d in tests/bad/* tests/data/* tests/data/*/*; do
    [ -d "$d" ] && ls "$d"/*.csv > /dev/null 2>&1 && sets+=("$d")
done
"$chiso" template -o "$work/template.xlsx" datasets/haiphong > /dev/null 2>&1
"$chiso" template -o "$work/empty.xlsx" > /dev/null 2>&1
sets+=("$work/template.xlsx" "$work/empty.xlsx")

run() { # NAME CMD...: stdout, stderr and exit status, with the temporary folder named WORK
    local name=$1; shift
    "$@" > "$out/$name.out" 2> "$out/$name.err"
    echo "exit $?" >> "$out/$name.out"
    sed -i "s|$work|WORK|g" "$out/$name.out" "$out/$name.err"
}

for d in "${sets[@]}"; do
    n=$(echo "$d" | sed "s|$work/||; s|/|_|g")
    run "$n.check-vi" "$chiso" --lang vi check "$d"
    run "$n.check-en" "$chiso" --lang en check "$d"
    run "$n.list" "$chiso" --lang en list "$d"
    run "$n.normalize" "$chiso" --lang en normalize "$d"
    run "$n.attain" "$chiso" --lang vi attain "$d" --as-of 2025-06-30
    rm -rf "$work/rep"
    run "$n.report" "$chiso" --lang vi report "$d" -o "$work/rep" --format md,csv --as-of 2025-06-30
    if [ -d "$work/rep" ]; then
        mkdir -p "$out/$n.report.d"
        (cd "$work/rep" && find . -type f ! -name .chiso-output -print0 | xargs -0 -I{} cp --parents {} "$out/$n.report.d/")
    fi
done
echo "${#sets[@]} datasets"
