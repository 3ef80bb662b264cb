#!/usr/bin/env python3
"""Prints bench/run.sh's results as one table and writes them as files.

  report.py RESULTS.tsv OUT_DIR ROWS
RESULTS.tsv lines: workload, metric, better (higher|lower), waggle,
clickhouse, duckdb, moto (an empty field = that system does not run it). Writes
OUT_DIR/latest.tsv, latest.json ({"machine", "date", "rows", "results"})
and latest.md; prints the Markdown table. ratio = Waggle / best peer
(> 1 is better than the best peer for "higher", < 1 for "lower").
"""
import datetime
import json
import os
import platform
import sys

PEERS = ("clickhouse", "duckdb", "moto")


def machine():
    model = platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return "%s, %d cores, %s" % (model, os.cpu_count() or 0, platform.platform())


def num(s):
    try:
        return float(s)
    except ValueError:
        return None


def main():
    src, out_dir, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
    results = []
    for line in open(src):
        f = line.rstrip("\n").split("\t")
        f += [""] * (7 - len(f))
        r = {"workload": f[0], "metric": f[1], "better": f[2]}
        for key, v in zip(("waggle",) + PEERS, f[3:7]):
            if num(v) is not None:
                r[key] = num(v)
        results.append(r)
    md = ["| workload | metric | Waggle | ClickHouse | DuckDB | moto | Waggle / best peer |",
          "|---|---|---:|---:|---:|---:|---:|"]
    for r in results:
        peers = [r[p] for p in PEERS if p in r]
        best = (max if r["better"] == "higher" else min)(peers) if peers else None
        ratio = "%.2f" % (r["waggle"] / best) if best and "waggle" in r else ""
        cell = lambda k: ("%g" % round(r[k], 2)) if k in r else "—"
        md.append("| %s | %s (%s better) | %s | %s | %s | %s | %s |" % (
            r["workload"], r["metric"], r["better"], cell("waggle"), cell("clickhouse"),
            cell("duckdb"), cell("moto"), ratio))
    os.makedirs(out_dir, exist_ok=True)
    doc = {"machine": machine(), "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
           "rows": rows, "results": results}
    with open(os.path.join(out_dir, "latest.json"), "w") as f:
        json.dump(doc, f, indent=1)
    with open(os.path.join(out_dir, "latest.md"), "w") as f:
        f.write("%s, %d rows, %s\n\n" % (doc["date"], rows, doc["machine"]) + "\n".join(md) + "\n")
    with open(os.path.join(out_dir, "latest.tsv"), "w") as f:
        f.write(open(src).read())
    print("\n".join(md))


if __name__ == "__main__":
    main()
