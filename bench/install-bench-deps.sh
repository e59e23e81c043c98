#!/usr/bin/env bash
# bench/install-bench-deps.sh — what the aggregate benchmark needs besides chiso's own build:
# GNU time (peak memory), Debian's pandas, and DuckDB's Node API (npm, into bench/node_modules).
set -euo pipefail
cd "$(dirname "$0")"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
need=()
[ -x /usr/bin/time ] || need+=(time)
/usr/bin/python3 -c 'import pandas' 2>/dev/null || need+=(python3-pandas)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
if [ ! -d node_modules/@duckdb/node-api ]; then
    npm install --no-audit --no-fund --loglevel=error
fi
node -e "import('@duckdb/node-api').then(() => console.log('duckdb node api: ok'))"
/usr/bin/python3 -c 'import pandas; print("pandas", pandas.__version__)'
