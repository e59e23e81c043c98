#!/usr/bin/env bash
# The test command of README.md (and of .ci/run).
#
#   bash scripts/test.sh           the whole run, what CI runs (about 9 minutes on 2 cores):
#     1. build with gcc and warnings as errors, run every test (unit, command, notebooks, bad datasets);
#     2. build with clang + AddressSanitizer + UndefinedBehaviorSanitizer, run every test again but the
#        five labelled slow (whole reports many times over; the command is under valgrind in step 3);
#     3. run the command under valgrind on the default dataset and the bad datasets;
#     4. fuzz every input parser for CHISO_FUZZ_SECONDS (default 5) each;
#     5. build with coverage, run the tests (but the slow ones) and print coverage per layer.
#   bash scripts/test.sh --quick   step 1 only: the loop to run while working (about 2 minutes).
#
# Every build lives in a folder of its own under build-test/ (gcc, asan, cov, fuzz; git ignores it):
# the user's own build/ is never configured, built or changed.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=${CHISO_TEST_QUICK:-0}
for a in "$@"; do
  case $a in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "test.sh: unknown option '$a' (try --quick or --help)" >&2; exit 2 ;;
  esac
done
jobs=$(nproc 2>/dev/null || echo 2)
top=build-test
t0=$(date +%s)
stage() { echo; echo "== $* ($(( $(date +%s) - t0 )) s)"; }

stage "1/5 build (gcc, -Werror) and tests"
cmake -S . -B $top/gcc -DCHISO_WERROR=ON -DCHISO_BUILD_TESTS=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build $top/gcc -j "$jobs"
ctest --test-dir $top/gcc --output-on-failure -j "$jobs"
if [ "$quick" = 1 ]; then stage "quick loop passed"; exit 0; fi

stage "2/5 build (clang, ASan + UBSan) and tests"
CC=clang cmake -S . -B $top/asan -DCHISO_WERROR=ON -DCHISO_SANITIZE=ON -DCHISO_BUILD_TESTS=ON \
  -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build $top/asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir $top/asan --output-on-failure -j "$jobs" -LE slow

stage "3/5 valgrind on the command"
bash scripts/valgrind.sh $top/gcc/chiso

stage "4/5 fuzzing, ${CHISO_FUZZ_SECONDS:-5} s per target"
CHISO_FUZZ_BUILD=$top/fuzz bash scripts/fuzz.sh "${CHISO_FUZZ_SECONDS:-5}"

stage "5/5 coverage"
cmake -S . -B $top/cov -DCHISO_COVERAGE=ON -DCHISO_BUILD_TESTS=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build $top/cov -j "$jobs"
ctest --test-dir $top/cov -j "$jobs" -LE slow >/dev/null || ctest --test-dir $top/cov --output-on-failure -LE slow
for layer in ingest aggregate analysis plots report serve cli; do
  [ -d "$layer" ] || continue
  printf '%-9s ' "$layer/"
  # (never -o /dev/null: gcovr 5 checks an output path by creating and then deleting it, which as root
  # removes the device /dev/null; the report goes into the build folder instead. gcov 12 writes a
  # negative "returned" percentage for some plots functions, a line gcovr 5 cannot parse: such lines
  # are skipped, the counts of lines and branches are not affected)
  gcovr --root . --filter "$layer/" --object-directory $top/cov $top/cov --print-summary --gcov-ignore-parse-errors \
    -o "$top/cov/coverage-$layer.txt" 2>/dev/null |
    tr '\n' ' ' | sed -E 's/lines: ([0-9.]+%)[^b]*branches: ([0-9.]+%).*/lines \1, branches \2/'
  echo
done

stage "all tests passed"
