#!/usr/bin/env bash
# The test command of README.md (and of .ci/run): build with warnings as errors and run every test,
# then again with AddressSanitizer + UndefinedBehaviorSanitizer (clang), then print coverage.
#   CHISO_TEST_QUICK=1  only the first build and its tests
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

echo "== build (gcc, -Werror) and tests"
cmake -S . -B build -DCHISO_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

if [ "${CHISO_TEST_QUICK:-0}" = 1 ]; then exit 0; fi

echo "== build (clang, ASan + UBSan) and tests"
CC=clang cmake -S . -B build-asan -DCHISO_WERROR=ON -DCHISO_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

echo "== all tests passed"
