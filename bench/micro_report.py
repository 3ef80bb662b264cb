"""Turns waggle_micro_bench's JSON (Google Benchmark) into a Markdown table.

Usage: micro_report.py MICRO_JSON OUT_MD   (also prints the table)
"""
import json
import sys


def rate(b):
    items = b.get("items_per_second")
    if items is None:
        return ""
    unit = "rows" if "Column" in b["name"] or "Query" in b["name"] else "spans"
    return "%.1fM %s/s" % (items / 1e6, unit)


def duration(b):
    ns = b["real_time"] * {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
    if ns >= 1e6:
        return "%.2f ms" % (ns / 1e6)
    if ns >= 1e3:
        return "%.1f µs" % (ns / 1e3)
    return "%.0f ns" % ns


def main():
    data = json.load(open(sys.argv[1]))
    ctx = data["context"]
    lines = [
        "%s, %d CPUs at %d MHz (waggle_micro_bench)" % (ctx["date"], ctx["num_cpus"], ctx["mhz_per_cpu"]),
        "",
        "| benchmark | time per iteration | throughput (one core) | note |",
        "|---|---:|---:|---|",
    ]
    for b in data["benchmarks"]:
        lines.append("| %s | %s | %s | %s |" % (b["name"], duration(b), rate(b), b.get("label", "")))
    text = "\n".join(lines) + "\n"
    open(sys.argv[2], "w").write(text)
    print(text)


if __name__ == "__main__":
    main()
