#!/usr/bin/env bash
# The test command of README.md (and of .ci/run):
#   1. build with gcc and warnings as errors, run every test (unit, command, notebooks, bad datasets);
#   2. build with clang + AddressSanitizer + UndefinedBehaviorSanitizer, run every test again;
#   3. run the command under valgrind on the default dataset and the bad datasets;
#   4. fuzz every input parser for CHISO_FUZZ_SECONDS (default 20) each;
#   5. build with coverage, run the tests and print line and branch coverage per layer.
# CHISO_TEST_QUICK=1 stops after step 1.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
t0=$(date +%s)
stage() { echo; echo "== $* ($(( $(date +%s) - t0 )) s)"; }

stage "1/5 build (gcc, -Werror) and tests"
cmake -S . -B build -DCHISO_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
if [ "${CHISO_TEST_QUICK:-0}" = 1 ]; then exit 0; fi

stage "2/5 build (clang, ASan + UBSan) and tests"
CC=clang cmake -S . -B build-asan -DCHISO_WERROR=ON -DCHISO_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

stage "3/5 valgrind on the command"
bash scripts/valgrind.sh build/chiso

stage "4/5 fuzzing, ${CHISO_FUZZ_SECONDS:-20} s per target"
bash scripts/fuzz.sh "${CHISO_FUZZ_SECONDS:-20}"

stage "5/5 coverage"
cmake -S . -B build-cov -DCHISO_COVERAGE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-cov -j "$jobs"
ctest --test-dir build-cov -j "$jobs" >/dev/null || ctest --test-dir build-cov --output-on-failure
for layer in ingest analysis plots report cli; do
  printf '%-9s ' "$layer/"
  # (never -o /dev/null: gcovr 5 checks an output path by creating and then deleting it, which as root
  # removes the device /dev/null; the report goes into the build folder instead)
  gcovr --root . --filter "$layer/" --object-directory build-cov build-cov --print-summary \
    -o "build-cov/coverage-$layer.txt" 2>/dev/null |
    tr '\n' ' ' | sed -E 's/lines: ([0-9.]+%)[^b]*branches: ([0-9.]+%).*/lines \1, branches \2/'
  echo
done

stage "all tests passed"
