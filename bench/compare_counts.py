#!/usr/bin/python3
"""bench/compare_counts.py — check that chiso aggregate and its peers counted the same.

    compare_counts.py units.csv chiso-observations.csv PEER.csv [PEER.csv ...]

chiso writes every unit and every ancestor; the peers count per unit as written in the export. The
comparison takes chiso's rows of the units that have no children (the export's units) and turns them
into the peers' keys: a flow indicator is the event, a form of discipline is disciplined|<form>, a rating
count is rated|<label> (the export's labels are those of the scheme in force, which chiso writes back).
Zero counts are left out on both sides. Standard library only.
"""
import csv
import sys

FLOWS = {"admitted", "confirmed", "transferred_in", "transferred_out", "removed", "died"}
FORMS = {"disciplined_reprimand": "khiển trách", "disciplined_warning": "cảnh cáo",
         "disciplined_dismissal": "cách chức", "disciplined_expulsion": "khai trừ"}


def chiso_counts(units_csv, obs_csv):
    parents = set()
    with open(units_csv, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("parent"):
                parents.add(row["parent"])
    out = {}
    with open(obs_csv, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["unit"] in parents:
                continue
            ind, year, v = row["indicator"], row["period_start"][:4], row["value"]
            if ind in FLOWS:
                key = ind
            elif ind in FORMS:
                key = "disciplined|" + FORMS[ind]
            elif ind == "member_rating_count":
                key = "rated|" + row["rating"]
            else:
                continue
            n = int(v)
            if n:
                out[(row["unit"], year, key)] = out.get((row["unit"], year, key), 0) + n
    return out


def peer_counts(path):
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            k = (row["unit"], str(row["year"]), row["key"])
            out[k] = out.get(k, 0) + int(row["count"])
    return out


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    ref = chiso_counts(sys.argv[1], sys.argv[2])
    bad = 0
    for peer in sys.argv[3:]:
        got = peer_counts(peer)
        if got == ref:
            print(f"counts agree: {peer}: {len(ref)} unit-year-event cells, {sum(ref.values())} events")
            continue
        bad += 1
        diff = [k for k in set(ref) | set(got) if ref.get(k) != got.get(k)]
        print(f"COUNTS DIFFER: {peer}: {len(diff)} cells, e.g.", file=sys.stderr)
        for k in sorted(diff)[:10]:
            print(f"  {k}: chiso {ref.get(k)} peer {got.get(k)}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
