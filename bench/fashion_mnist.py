#!/usr/bin/python3
"""Writes Fashion-MNIST images (Debian package dataset-fashion-mnist) as
PostgreSQL COPY text rows: id, label, '[p0,p1,...,p783]' (raw 0..255 pixels).

  fashion_mnist.py train|test [LIMIT] > rows.tsv
"""
import gzip
import struct
import sys

ROOT = "/usr/share/datasets/fashion-mnist"
FILES = {"train": "train", "test": "t10k"}


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack_from(">II", data)
    ndim = magic & 0xFF
    dims = struct.unpack_from(f">{ndim - 1}I", data, 8) if ndim > 1 else ()
    return count, dims, data[4 + 4 * ndim:]


def main():
    split = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    count, dims, pixels = read_idx(f"{ROOT}/{FILES[split]}-images-idx3-ubyte.gz")
    _, _, labels = read_idx(f"{ROOT}/{FILES[split]}-labels-idx1-ubyte.gz")
    size = dims[0] * dims[1]
    n = count if limit is None else min(limit, count)
    out = sys.stdout
    for i in range(n):
        row = pixels[i * size:(i + 1) * size]
        out.write(f"{i + 1}\t{labels[i]}\t[{','.join(map(str, row))}]\n")


if __name__ == "__main__":
    main()
