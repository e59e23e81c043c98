#!/usr/bin/env bash
# tests/cli/bad_datasets.sh — `chiso check` on every folder of tests/bad/: a dataset with one realistic
# mistake each. For every folder the command must
#   - exit with 1 (the data has errors): not 0, not a usage or I/O code, and never a crash (>= 128);
#     a folder whose input is awkward but readable (warnings only) says so with a line "exit: 0";
#   - print every line of the folder's `expected` file: "FILE[:LINE[:COL]]: error: SUBSTRING" means a
#     line of stderr that starts with "tests/bad/<name>/FILE[:LINE[:COL]]: error: " and contains
#     SUBSTRING (SUBSTRING may be empty; "warning:" lines work the same way; '#' lines are comments);
#   - leave the folder as it was: the same files with the same bytes (sha256), nothing created.
# Prints one PASS/FAIL line per dataset and exits non-zero when any fails.
# Environment (set by CTest): CHISO_BIN, CHISO_SOURCE_DIR.
set -u

bin=${CHISO_BIN:?CHISO_BIN is not set}
src=${CHISO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$src" || exit 2

# Every file below a folder with its checksum, and every folder (so that new empty ones show too).
snapshot() {
    (cd "$1" && find . -type d | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}

failed=0
count=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for dir in tests/bad/*/; do
    dir=${dir%/}
    name=${dir#tests/bad/}
    count=$((count + 1))
    why=""
    if [ ! -f "$dir/expected" ]; then
        echo "FAIL $name: no 'expected' file"
        failed=$((failed + 1))
        continue
    fi
    want_rc=1
    if grep -q '^exit: 0$' "$dir/expected"; then
        want_rc=0
    fi
    before=$(snapshot "$dir")
    "$bin" --lang en check "$dir" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    after=$(snapshot "$dir")
    if [ "$rc" -ge 128 ]; then
        why="crashed (exit $rc)"
    elif [ "$rc" -ne "$want_rc" ]; then
        why="exit $rc, expected $want_rc"
    elif [ "$before" != "$after" ]; then
        why="the folder changed: $(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | head -3 | tr '\n' ' ')"
    fi
    n_expected=0
    while IFS= read -r want || [ -n "$want" ]; do
        case "$want" in '' | '#'* | 'exit: '*) continue ;; esac
        n_expected=$((n_expected + 1))
        if [[ ! "$want" =~ ^(.*):\ (error|warning):\ ?(.*)$ ]]; then
            why="${why:+$why; }bad line in expected: $want"
            continue
        fi
        prefix="$dir/${BASH_REMATCH[1]}: ${BASH_REMATCH[2]}: "
        substring=${BASH_REMATCH[3]}
        found=0
        while IFS= read -r line; do
            if [[ "$line" == "$prefix"* && "${line#"$prefix"}" == *"$substring"* ]]; then
                found=1
                break
            fi
        done <"$tmp/err"
        if [ "$found" -eq 0 ]; then
            why="${why:+$why; }missing: $want"
        fi
    done <"$dir/expected"
    if [ "$n_expected" -eq 0 ]; then
        why="${why:+$why; }'expected' lists no diagnostic"
    fi
    if [ -n "$why" ]; then
        echo "FAIL $name: $why"
        sed 's/^/    | /' "$tmp/err"
        failed=$((failed + 1))
    else
        echo "PASS $name"
    fi
done

if [ "$count" -lt 25 ]; then
    echo "FAIL: only $count bad datasets (at least 25 are expected)"
    failed=$((failed + 1))
fi
echo "$((count - failed)) of $count bad datasets passed"
[ "$failed" -eq 0 ]
