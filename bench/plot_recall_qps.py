#!/usr/bin/python3
"""Recall (x) vs QPS (y, log) plots from the summary.csv of bench/hnsw_bench.sh or
bench/ivfflat_bench.sh, one PNG per dataset (recall_qps_<dataset>.png), one line
per extension, points labelled with the swept search parameter: the column after
"extension" (ef_search: HNSW, hnsw.ef_search; probes: IVFFlat, ivfflat.probes).
Needs python3-matplotlib.

  plot_recall_qps.py SUMMARY.csv OUTDIR
"""
import csv
import os
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# summary.csv parameter column -> (index type, setting) for the title
PARAMS = {"ef_search": ("HNSW", "hnsw.ef_search"), "probes": ("IVFFlat", "ivfflat.probes")}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    summary, outdir = sys.argv[1], sys.argv[2]
    series = defaultdict(lambda: defaultdict(list))   # dataset -> extension -> [(param, recall, qps, lo, hi)]
    titles = {}
    with open(summary, newline="") as f:
        reader = csv.DictReader(f)
        param = reader.fieldnames[reader.fieldnames.index("extension") + 1]
        am, setting = PARAMS.get(param, (param, param))
        for row in reader:
            ds, ext = row["dataset"], row["extension"]
            titles[ds] = row["title"]
            series[ds][ext].append((int(row[param]), float(row["recall"]), float(row["qps"]),
                                    float(row["qps_min"]), float(row["qps_max"])))
    for ds, exts in series.items():
        fig, ax = plt.subplots(figsize=(8, 5.5))
        for ext, pts in exts.items():
            pts.sort()
            rec = [p[1] for p in pts]
            qps = [p[2] for p in pts]
            err = [[p[2] - p[3] for p in pts], [p[4] - p[2] for p in pts]]
            ax.errorbar(rec, qps, yerr=err, marker="o", capsize=3, label=ext)
            for pv, r, q, _, _ in pts:
                ax.annotate(str(pv), (r, q), textcoords="offset points", xytext=(4, 4), fontsize=7)
        ax.set_yscale("log")
        ax.set_xlabel("recall@10 (tie-aware)")
        ax.set_ylabel("queries per second (inside the server, median; bars: range)")
        ax.set_title(f"{am} {titles[ds]}\npoint labels: {setting}", fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
        fig.tight_layout()
        path = os.path.join(outdir, f"recall_qps_{ds}.png")
        fig.savefig(path, dpi=120)
        plt.close(fig)
        print(path)


if __name__ == "__main__":
    main()
