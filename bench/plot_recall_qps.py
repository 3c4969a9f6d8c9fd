#!/usr/bin/python3
"""Recall (x) vs QPS (y, log) plots from the summary.csv of bench/hnsw_bench.sh,
one PNG per dataset (recall_qps_<dataset>.png), one line per extension, points
labelled with their ef_search. Needs python3-matplotlib.

  plot_recall_qps.py SUMMARY.csv OUTDIR
"""
import csv
import os
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    summary, outdir = sys.argv[1], sys.argv[2]
    series = defaultdict(lambda: defaultdict(list))   # dataset -> extension -> [(ef, recall, qps, lo, hi)]
    titles = {}
    with open(summary, newline="") as f:
        for row in csv.DictReader(f):
            ds, ext = row["dataset"], row["extension"]
            titles[ds] = row["title"]
            series[ds][ext].append((int(row["ef_search"]), float(row["recall"]), float(row["qps"]),
                                    float(row["qps_min"]), float(row["qps_max"])))
    for ds, exts in series.items():
        fig, ax = plt.subplots(figsize=(8, 5.5))
        for ext, pts in exts.items():
            pts.sort()
            rec = [p[1] for p in pts]
            qps = [p[2] for p in pts]
            err = [[p[2] - p[3] for p in pts], [p[4] - p[2] for p in pts]]
            ax.errorbar(rec, qps, yerr=err, marker="o", capsize=3, label=ext)
            for ef, r, q, _, _ in pts:
                ax.annotate(str(ef), (r, q), textcoords="offset points", xytext=(4, 4), fontsize=7)
        ax.set_yscale("log")
        ax.set_xlabel("recall@10 (tie-aware)")
        ax.set_ylabel("queries per second (inside the server, median; bars: range)")
        ax.set_title(f"HNSW {titles[ds]}\npoint labels: hnsw.ef_search", fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
        fig.tight_layout()
        path = os.path.join(outdir, f"recall_qps_{ds}.png")
        fig.savefig(path, dpi=120)
        plt.close(fig)
        print(path)


if __name__ == "__main__":
    main()
