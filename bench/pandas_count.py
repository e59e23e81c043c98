#!/usr/bin/python3
"""bench/pandas_count.py — the pandas peer of the aggregate benchmark: the same counts as
duckdb_count.mjs (unit, year, event or event|detail) from pandas.read_csv and a groupby.

    /usr/bin/python3 pandas_count.py EVENTS.csv OUT.csv
"""
import sys
import time

import pandas as pd


def main():
    if len(sys.argv) != 3:
        print("usage: pandas_count.py EVENTS.csv OUT.csv", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False, engine="c")
    year = pd.to_datetime(df["date"], format="%Y-%m-%d").dt.year
    key = df["event"].where(~df["event"].isin(["disciplined", "rated"]), df["event"] + "|" + df["detail"])
    counts = pd.DataFrame({"unit": df["unit"], "year": year, "key": key}).groupby(
        ["unit", "year", "key"], sort=False).size()
    t1 = time.perf_counter()
    counts.rename("count").reset_index().to_csv(sys.argv[2], index=False)
    print(f"pandas: {len(counts)} groups in {t1 - t0:.3f} s (read + groupby)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
