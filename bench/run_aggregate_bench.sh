#!/usr/bin/env bash
# bench/run_aggregate_bench.sh — `chiso aggregate` side by side with DuckDB (Node API, 1 and 2 threads)
# and pandas on the same generated export; checks that all count the same, then prints throughput
# (MB/s, rows/s), peak memory and the ratio of each peer's time to chiso's. See bench/README.md.
#
#   bench/run_aggregate_bench.sh [ROWS ...]          (default: 5000000)
#
# Environment: BUILD (build folder, default build), OUT (data folder, default bench/out), REPEAT (runs
# per tool, the fastest is kept; default 3), PANDAS_REPEAT (default 1), REF=0 to skip the libcsv
# reference run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-$ROOT/build}
OUT=${OUT:-$ROOT/bench/out}
REPEAT=${REPEAT:-3}
PANDAS_REPEAT=${PANDAS_REPEAT:-1}
REF=${REF:-1}
if [ $# -gt 0 ]; then ROWS_LIST=("$@"); else ROWS_LIST=(5000000); fi
PY=/usr/bin/python3
TIME=/usr/bin/time

if [ ! -d "$BUILD" ]; then
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$BUILD" --target chiso gen_events -j2 >/dev/null
CHISO=$BUILD/chiso
GEN=$BUILD/bench/gen_events
if [ ! -x "$TIME" ] || ! $PY -c 'import pandas' 2>/dev/null || [ ! -d "$ROOT/bench/node_modules/@duckdb/node-api" ]; then
    bash "$ROOT/bench/install-bench-deps.sh"
fi
mkdir -p "$OUT"
LOG=$OUT/bench.log
: >"$LOG"

# measure NAME THREADS -- COMMAND...: runs it REPEAT times (or $N), keeps the fastest wall time and the
# peak resident memory of that run; appends "name threads wall rss_kb" to $RESULTS.
measure() {
    local name=$1 threads=$2 n=${N:-$REPEAT}
    shift 3
    local best="" best_rss=""
    for _ in $(seq "$n"); do
        if ! $TIME -f "%e %M" -o "$OUT/time.txt" "$@" >>"$LOG" 2>&1; then
            echo "run failed: $*" >&2
            tail -5 "$LOG" >&2
            exit 1
        fi
        read -r wall rss <"$OUT/time.txt"
        if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then
            best=$wall
            best_rss=$rss
        fi
    done
    echo "$name $threads $best $best_rss" >>"$RESULTS"
}

echo "chiso aggregate benchmark — $(nproc) CPUs, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "chiso $("$CHISO" --version | cut -d' ' -f2), DuckDB node-api $(node -p "require('$ROOT/bench/node_modules/@duckdb/node-api/package.json').version"), pandas $($PY -c 'import pandas; print(pandas.__version__)'), best of $REPEAT runs (pandas $PANDAS_REPEAT)"

status=0
for ROWS in "${ROWS_LIST[@]}"; do
    EV=$OUT/events-$ROWS.csv
    UN=$OUT/units-$ROWS.csv
    TE=$OUT/terms-$ROWS.csv
    if [ ! -s "$EV" ]; then
        "$GEN" -n "$ROWS" -o "$EV" --units "$UN" --terms "$TE" 2>>"$LOG"
    fi
    cat "$EV" >/dev/null # in the page cache for every tool alike
    BYTES=$(stat -c %s "$EV")
    NROWS=$(($(wc -l <"$EV") - 1))
    NUNITS=$(($(wc -l <"$UN") - 1))
    RESULTS=$OUT/results-$ROWS.txt
    : >"$RESULTS"
    measure "chiso aggregate" 1 -- "$CHISO" aggregate "$EV" --units "$UN" --terms "$TE" --threads 1 -q -o "$OUT/chiso-1.csv"
    measure "chiso aggregate" 2 -- "$CHISO" aggregate "$EV" --units "$UN" --terms "$TE" --threads 2 -q -o "$OUT/chiso-2.csv"
    if [ "$REF" = 1 ]; then
        N=1 measure "chiso --parser libcsv" 1 -- "$CHISO" aggregate "$EV" --units "$UN" --terms "$TE" --threads 1 --parser libcsv -q -o "$OUT/chiso-ref.csv"
    fi
    measure "DuckDB (node-api)" 1 -- node "$ROOT/bench/duckdb_count.mjs" "$EV" 1 "$OUT/duckdb-1.csv"
    measure "DuckDB (node-api)" 2 -- node "$ROOT/bench/duckdb_count.mjs" "$EV" 2 "$OUT/duckdb-2.csv"
    N=$PANDAS_REPEAT measure "pandas" 1 -- $PY "$ROOT/bench/pandas_count.py" "$EV" "$OUT/pandas.csv"

    echo
    printf 'export: %s — %s rows, %.1f MB, %s units (with ancestors)\n' "$EV" "$NROWS" "$(awk "BEGIN{print $BYTES/1e6}")" "$NUNITS"
    check=ok
    cmp -s "$OUT/chiso-1.csv" "$OUT/chiso-2.csv" || { echo "chiso: 1 and 2 threads wrote different observations" >&2; check=FAILED; }
    if [ "$REF" = 1 ]; then
        cmp -s "$OUT/chiso-1.csv" "$OUT/chiso-ref.csv" || { echo "chiso: fast reader and libcsv wrote different observations" >&2; check=FAILED; }
    fi
    $PY "$ROOT/bench/compare_counts.py" "$UN" "$OUT/chiso-1.csv" "$OUT/duckdb-1.csv" "$OUT/duckdb-2.csv" "$OUT/pandas.csv" || check=FAILED
    echo "identical observations from chiso on 1 thread, 2 threads$([ "$REF" = 1 ] && echo ' and --parser libcsv'): $([ $check = ok ] && echo yes || echo NO)"
    echo
    awk -v bytes="$BYTES" -v rows="$NROWS" '
        { name[NR] = $1; for (i = 2; i <= NF - 3; i++) name[NR] = name[NR] " " $i
          thr[NR] = $(NF - 2); wall[NR] = $(NF - 1); rss[NR] = $NF
          if (name[NR] == "chiso aggregate" && thr[NR] == 1) c1 = wall[NR]
          if (name[NR] == "chiso aggregate" && thr[NR] == 2) c2 = wall[NR]
          if (name[NR] ~ /DuckDB/ && thr[NR] == 2) d2 = wall[NR] }
        END {
          printf "%-22s %7s %8s %9s %11s %13s %12s %12s\n", "tool", "threads", "wall s", "MB/s", "rows/s", "peak RSS MiB", "vs chiso 1T", "vs chiso 2T"
          for (i = 1; i <= NR; i++)
            printf "%-22s %7d %8.2f %9.1f %11.0f %13.1f %11.2fx %11.2fx\n", name[i], thr[i], wall[i], bytes / 1e6 / wall[i], rows / wall[i], rss[i] / 1024, wall[i] / c1, wall[i] / c2
          mb1 = bytes / 1e6 / c1; mb2 = bytes / 1e6 / c2
          print ""
          printf "targets: 1 core >= 350 MB/s: %s (%.0f MB/s)\n", (mb1 >= 350 ? "met" : "NOT met"), mb1
          printf "         2 cores >= 700 MB/s: %s (%.0f MB/s)\n", (mb2 >= 700 ? "met" : "NOT met"), mb2
          printf "         >= 2x DuckDB on 2 threads: %s (%.2fx)\n", (d2 / c2 >= 2 ? "met" : "NOT met"), d2 / c2
          mx = 0; for (i = 1; i <= NR; i++) if (name[i] == "chiso aggregate" && rss[i] > mx) mx = rss[i]
          printf "         peak memory < 32 MiB: %s (%.1f MiB)\n", (mx < 32768 ? "met" : "NOT met"), mx / 1024
        }' "$RESULTS"
    [ $check = ok ] || status=1
done
echo
echo "(wall time is the whole command: start, reading, counting, and for chiso writing observations.csv"
echo " with fsync; peers write only their count table. Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
exit $status
