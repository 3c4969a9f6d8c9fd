#!/usr/bin/python3
"""Data sets and exact ground truth for bench/hnsw_bench.sh (needs python3-numpy).

  hnsw_data.py fmnist OUTDIR --queries Q --pool P [--rows N]
  hnsw_data.py synth  OUTDIR --queries Q --pool P [--rows N] [--dim D] [--seed S]

writes into OUTDIR
  items.copy, queries.copy, pool.copy   PostgreSQL binary COPY (id int4, v vector):
                                        the vector's binary send/recv format
                                        (int16 dim, int16 0, dim x float4, big-endian)
  gt.tsv                                qid, exact top-k ids, every id whose exact
                                        distance is <= the k-th one (tie-aware recall),
                                        k-th distance -- COPY text rows
  gt_after.tsv                          the same for the first 100 queries over the
                                        items + the first --gt-after pool rows (the
                                        table after the INSERT benchmark)
and prints one line of key=value facts (fingerprint of the float32 data, ...).

fmnist: Fashion-MNIST (Debian dataset-fashion-mnist, read with fashion_mnist.py):
items = the first N train images (ids 1..N), queries = test images 1..Q, pool
(rows for the INSERT benchmark) = test images from max(Q, 1000) + 1 on. L2.

synth: a text-embedding-like set, cosine. A mixture of C Gaussian clusters of
uneven weight (log-normal); cluster c has a random unit centre mu_c and spreads
in its own random r_c-dimensional subspace (r_c in 16..48) with a decaying
spectrum s_j ~ j^-0.5, plus small isotropic noise; every draw is L2-normalised.
Items, queries (held-out draws from the same mixture) and pool are independent
random streams of one seed, so queries and pool do not depend on N.

Ground truth: float32 scores for all items, the best --candidates re-ranked in
float64 (L2: sqrt(sum (x-q)^2); cosine: 1 - x.q / (|x||q|)).
"""
import argparse
import hashlib
import os
import struct
import sys

import numpy as np

K = 10


def copy_binary(path, ids, x):
    """PostgreSQL binary COPY of (int4 id, vector) rows."""
    n, d = x.shape
    row = np.dtype([("nf", ">i2"), ("l1", ">i4"), ("id", ">i4"), ("l2", ">i4"),
                    ("dim", ">i2"), ("unused", ">i2"), ("x", ">f4", (d,))])
    with open(path, "wb") as f:
        f.write(b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0))
        for s in range(0, n, 8192):
            e = min(n, s + 8192)
            buf = np.zeros(e - s, dtype=row)
            buf["nf"] = 2
            buf["l1"] = 4
            buf["id"] = ids[s:e]
            buf["l2"] = 4 + 4 * d
            buf["dim"] = d
            buf["x"] = x[s:e]
            f.write(buf.tobytes())
        f.write(struct.pack(">h", -1))


def fmnist(args):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from fashion_mnist import ROOT, read_idx

    def images(split):
        count, dims, pixels = read_idx(f"{ROOT}/{split}-images-idx3-ubyte.gz")
        return np.frombuffer(pixels, dtype=np.uint8).reshape(count, dims[0] * dims[1])

    train, test = images("train"), images("t10k")
    n = min(args.rows or len(train), len(train))
    first_pool = max(args.queries, 1000)
    if args.queries > len(test) or first_pool + args.pool > len(test):
        sys.exit(f"fmnist: {len(test)} test images: not enough for {args.queries} queries + {args.pool} pool rows")
    items = train[:n].astype(np.float32)
    queries = test[:args.queries].astype(np.float32)
    pool = test[first_pool:first_pool + args.pool].astype(np.float32)
    return items, queries, pool, "l2", {"source": "fashion-mnist", "pool_from_test_image": first_pool + 1}


def synth(args):
    d, c = args.dim, args.clusters
    root = np.random.SeedSequence(args.seed)
    s_par, s_items, s_queries, s_pool = root.spawn(4)
    rng = np.random.default_rng(s_par)
    weights = np.exp(rng.normal(0.0, 1.0, c))
    weights /= weights.sum()
    centres = rng.standard_normal((c, d))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    ranks = rng.integers(16, 49, c)
    bases, spectra = [], []
    for k in range(c):
        q, _ = np.linalg.qr(rng.standard_normal((d, ranks[k])))
        s = np.arange(1, ranks[k] + 1) ** -0.5
        s *= args.spread * rng.uniform(0.7, 1.3) / np.linalg.norm(s)
        bases.append(q.T.astype(np.float32))          # r x d
        spectra.append(s.astype(np.float32))
    noise = args.noise / np.sqrt(d)                   # expected noise norm = args.noise

    def draw(seq, n):
        g = np.random.default_rng(seq)
        label = g.choice(c, size=n, p=weights)
        x = g.standard_normal((n, d), dtype=np.float32)
        x *= np.float32(noise)
        for k in np.unique(label):
            idx = np.nonzero(label == k)[0]
            z = g.standard_normal((len(idx), ranks[k]), dtype=np.float32) * spectra[k]
            x[idx] += z @ bases[k] + centres[k].astype(np.float32)
        for s in range(0, n, 16384):                  # normalise in float64
            blk = x[s:s + 16384].astype(np.float64)
            x[s:s + 16384] = blk / np.linalg.norm(blk, axis=1, keepdims=True)
        return x, np.bincount(label, minlength=c)

    items, sizes = draw(s_items, args.rows)
    queries, _ = draw(s_queries, args.queries)
    pool, _ = draw(s_pool, args.pool)
    return items, queries, pool, "cosine", {
        "source": f"synthetic seed={args.seed} clusters={c} spread={args.spread} noise={args.noise}",
        "cluster_sizes_min_median_max": f"{sizes.min()}/{int(np.median(sizes))}/{sizes.max()}"}


def ground_truth(items, queries, metric, candidates):
    n = len(items)
    cand = min(candidates, n)
    if metric == "cosine":
        inv = (1.0 / np.linalg.norm(items, axis=1)).astype(np.float32)
        base = items * inv[:, None]
    else:
        sq = np.einsum("ij,ij->i", items.astype(np.float64), items.astype(np.float64)).astype(np.float32)
    rows, ties_at_edge = [], 0
    for s in range(0, len(queries), 100):
        qb = queries[s:s + 100]
        if metric == "cosine":
            score = -(qb @ base.T)                            # smaller = closer
        else:
            score = sq[None, :] - 2.0 * (qb @ items.T)        # + |q|^2, constant per query
        top = np.argpartition(score, cand - 1, axis=1)[:, :cand] if cand < n else \
            np.tile(np.arange(n), (len(qb), 1))
        for j in range(len(qb)):
            q = qb[j].astype(np.float64)
            ids = top[j]
            xs = items[ids].astype(np.float64)
            if metric == "cosine":
                dist = 1.0 - xs @ q / (np.linalg.norm(xs, axis=1) * np.linalg.norm(q))
            else:
                dist = np.sqrt(((xs - q) ** 2).sum(axis=1))
            order = np.lexsort((ids, dist))
            ids, dist = ids[order], dist[order]
            kth = dist[K - 1]
            ok = ids[dist <= kth + 1e-12 * max(1.0, abs(kth))]
            if len(ok) == cand and cand < n:
                ties_at_edge += 1
            rows.append((s + j + 1, ids[:K] + 1, np.sort(ok) + 1, kth))
    return rows, ties_at_edge


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dataset", choices=["fmnist", "synth"])
    ap.add_argument("outdir")
    ap.add_argument("--rows", type=int, default=0, help="items (fmnist default 60000, synth 100000)")
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--pool", type=int, default=6000, help="extra rows for the INSERT benchmark")
    ap.add_argument("--dim", type=int, default=1536)
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--clusters", type=int, default=100)
    ap.add_argument("--spread", type=float, default=0.6, help="norm of the in-subspace spread (centre = 1)")
    ap.add_argument("--noise", type=float, default=0.6, help="expected norm of the isotropic noise")
    ap.add_argument("--candidates", type=int, default=100, help="float32 candidates re-ranked in float64")
    ap.add_argument("--gt-after", type=int, default=0,
                    help="also write gt_after.tsv: first 100 queries over items + this many pool rows")
    args = ap.parse_args()
    if args.dataset == "synth" and not args.rows:
        args.rows = 100000
    items, queries, pool, metric, facts = (fmnist if args.dataset == "fmnist" else synth)(args)
    os.makedirs(args.outdir, exist_ok=True)
    copy_binary(os.path.join(args.outdir, "items.copy"), np.arange(1, len(items) + 1), items)
    copy_binary(os.path.join(args.outdir, "queries.copy"), np.arange(1, len(queries) + 1), queries)
    # pool ids continue after the items so inserted rows get fresh ids
    copy_binary(os.path.join(args.outdir, "pool.copy"), np.arange(len(items) + 1, len(items) + len(pool) + 1), pool)
    rows, edge = ground_truth(items, queries, metric, args.candidates)

    def write_gt(name, gt_rows):
        arr = lambda a: "{" + ",".join(map(str, a)) + "}"
        with open(os.path.join(args.outdir, name), "w") as f:
            for qid, ids, ok, kth in gt_rows:
                f.write(f"{qid}\t{arr(ids)}\t{arr(ok)}\t{kth!r}\n")

    write_gt("gt.tsv", rows)
    if args.gt_after > 0:   # pool ids follow the item ids: row index + 1 is still the id
        after, _ = ground_truth(np.concatenate([items, pool[:args.gt_after]]), queries[:100], metric, args.candidates)
        write_gt("gt_after.tsv", after)
    h = hashlib.md5()
    for a in (items, queries, pool):
        h.update(np.ascontiguousarray(a, dtype="<f4").tobytes())
    ties = sum(1 for r in rows if len(r[2]) > K)
    facts.update(rows=len(items), dim=items.shape[1], queries=len(queries), pool=len(pool), metric=metric,
                 fingerprint=h.hexdigest()[:12], queries_with_ties=ties, ties_beyond_candidates=edge,
                 mean_kth_distance=f"{np.mean([r[3] for r in rows]):.6g}")
    print(" ".join(f"{k}={str(v).replace(' ', '_')}" for k, v in facts.items()))


if __name__ == "__main__":
    main()
