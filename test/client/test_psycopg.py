#!/usr/bin/python3
"""Round trips of `vector`, `halfvec` and `sparsevec` values through a real
client (psycopg 3, Debian's python3-psycopg): parameters and results in text
and in binary, and COPY in binary format, as client libraries and bulk
loaders use them.

Connection comes from the PG* environment variables; the database must have
the extension created. Run by test/scripts/run_client_tests.sh.
"""
import math
import random
import struct
import sys
import unittest

import psycopg
from psycopg.adapt import Dumper, Loader
from psycopg.pq import Format


def encode_vector(values):
    """pgvector's binary form: uint16 dim, uint16 unused, float4s, big-endian."""
    return struct.pack(f">HH{len(values)}f", len(values), 0, *values)


def decode_vector(data):
    dim, unused = struct.unpack_from(">HH", data)
    assert unused == 0
    return list(struct.unpack_from(f">{dim}f", data, 4))


def as_float4(x):
    return struct.unpack(">f", struct.pack(">f", x))[0]


def register_vector(conn):
    info = psycopg.types.TypeInfo.fetch(conn, "vector")
    info.register(conn)

    class Vector(list):
        pass

    class VectorBinaryDumper(Dumper):
        format = Format.BINARY
        oid = info.oid

        def dump(self, obj):
            return encode_vector(obj)

    class VectorTextDumper(Dumper):
        format = Format.TEXT
        oid = info.oid

        def dump(self, obj):
            return ("[" + ",".join(repr(float(x)) for x in obj) + "]").encode()

    class VectorBinaryLoader(Loader):
        format = Format.BINARY

        def load(self, data):
            return decode_vector(bytes(data))

    class VectorTextLoader(Loader):
        format = Format.TEXT

        def load(self, data):
            text = bytes(data).decode()
            assert text[0] == "[" and text[-1] == "]"
            return [float(x) for x in text[1:-1].split(",")]

    conn.adapters.register_dumper(Vector, VectorBinaryDumper)
    conn.adapters.register_loader(info.oid, VectorBinaryLoader)
    conn.adapters.register_loader(info.oid, VectorTextLoader)
    return Vector, VectorTextDumper, info


def bits(values):
    return [struct.pack(">f", v) for v in values]


class VectorClientRoundTrips(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.conn = psycopg.connect(autocommit=True)
        cls.Vector, cls.TextDumper, cls.info = register_vector(cls.conn)
        rng = random.Random(7)
        cls.samples = [
            [1.0, 2.0, 3.0],
            [-0.0, 0.0, 1.5e-45, 3.4028234663852886e38, -1.1754943508222875e-38, 0.1],
            [as_float4(rng.uniform(-1, 1)) for _ in range(1536)],
            [as_float4(rng.gauss(0, 100)) for _ in range(16000)],
        ]
        with cls.conn.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS client_items")
            cur.execute("CREATE TABLE client_items (id int PRIMARY KEY, embedding vector)")

    def setUp(self):
        self.conn.execute("TRUNCATE client_items")

    def fetch_all(self, binary):
        with self.conn.cursor(binary=binary) as cur:
            cur.execute("SELECT embedding FROM client_items ORDER BY id")
            return [row[0] for row in cur.fetchall()]

    def test_binary_parameters_and_results(self):
        with self.conn.cursor() as cur:
            for i, v in enumerate(self.samples):
                cur.execute("INSERT INTO client_items VALUES (%s, %b)", (i, self.Vector(v)))
        for binary in (True, False):
            back = self.fetch_all(binary)
            self.assertEqual(len(back), len(self.samples))
            for sent, got in zip(self.samples, back):
                self.assertEqual(bits(sent), bits(got), f"binary={binary}")

    def test_text_parameters(self):
        self.conn.adapters.register_dumper(self.Vector, self.TextDumper)
        try:
            with self.conn.cursor() as cur:
                for i, v in enumerate(self.samples):
                    cur.execute("INSERT INTO client_items VALUES (%s, %t)", (i, self.Vector(v)))
        finally:
            register_vector(self.conn)
        for sent, got in zip(self.samples, self.fetch_all(binary=True)):
            self.assertEqual(bits(sent), bits(got))
        # text output is the shortest round-trip form
        row = self.conn.execute("SELECT embedding::text FROM client_items WHERE id = 1").fetchone()
        self.assertEqual(row[0], "[-0,0,1e-45,3.4028235e+38,-1.1754944e-38,0.1]")

    def test_copy_binary_round_trip(self):
        with self.conn.cursor() as cur:
            with cur.copy("COPY client_items (id, embedding) FROM STDIN WITH (FORMAT BINARY)") as copy:
                copy.set_types(["int4", "vector"])
                for i, v in enumerate(self.samples):
                    copy.write_row((i, self.Vector(v)))
            rows = []
            with cur.copy("COPY (SELECT id, embedding FROM client_items ORDER BY id) TO STDOUT WITH (FORMAT BINARY)") as copy:
                copy.set_types(["int4", "vector"])
                for row in copy.rows():
                    rows.append(row)
        self.assertEqual([r[0] for r in rows], list(range(len(self.samples))))
        for sent, (_, got) in zip(self.samples, rows):
            self.assertEqual(bits(sent), bits(got))

    def test_binary_input_is_validated(self):
        cases = [
            (struct.pack(">HHf", 1, 1, 1.0), "expected unused to be 0, not 1", "22000"),
            (struct.pack(">HH", 0, 0), "vector must have at least 1 dimension", "22000"),
            (struct.pack(">HHf", 1, 0, math.nan), "NaN not allowed in vector", "22000"),
            (struct.pack(">HHf", 1, 0, math.inf), "infinite value not allowed in vector", "22000"),
            (struct.pack(">HHf", 2, 0, 1.0), "insufficient data left in message", "08P01"),
        ]
        for payload, message, sqlstate in cases:
            with self.assertRaises(psycopg.Error) as ctx:
                with self.conn.cursor() as cur:
                    cur.execute("SELECT %b::vector", (RawVector(payload, self.info.oid),))
            self.assertEqual(ctx.exception.diag.message_primary, message)
            self.assertEqual(ctx.exception.sqlstate, sqlstate)
        # typmod is checked on binary input into a typed column
        self.conn.execute("CREATE TEMP TABLE typed (v vector(3))")
        with self.assertRaises(psycopg.Error) as ctx:
            self.conn.execute("INSERT INTO typed VALUES (%b)", (self.Vector([1.0, 2.0]),))
        self.assertEqual(ctx.exception.diag.message_primary, "expected 3 dimensions, not 2")
        # the connection (and backend) is still usable after all of it
        self.assertEqual(self.conn.execute("SELECT 1").fetchone()[0], 1)

    def test_nearest_neighbour_query_with_binary_parameter(self):
        with self.conn.cursor() as cur:
            cur.executemany("INSERT INTO client_items VALUES (%s, %b)",
                            [(i, self.Vector([float(i), float(i)])) for i in range(100)])
            cur.execute("SELECT id FROM client_items ORDER BY embedding <-> %b LIMIT 3",
                        (self.Vector([10.2, 10.2]),))
            self.assertEqual([r[0] for r in cur.fetchall()], [10, 11, 9])


def encode_halfvec(halves):
    """pgvector's halfvec binary form: uint16 dim, uint16 unused, then each
    element as raw binary16 bits, all big-endian. `halves` are bit patterns."""
    return struct.pack(f">HH{len(halves)}H", len(halves), 0, *halves)


def decode_halfvec(data):
    dim, unused = struct.unpack_from(">HH", data)
    assert unused == 0 and len(data) == 4 + 2 * dim
    return list(struct.unpack_from(f">{dim}H", data, 4))


def half_bits_to_float(h):
    return struct.unpack(">e", struct.pack(">H", h))[0]


def float_to_half_bits(x):
    # struct's 'e' rounds to nearest even, so a decimal within half a float
    # ulp of a half value comes back as exactly that half
    return struct.unpack(">H", struct.pack(">e", x))[0]


FINITE_HALVES = [h for h in range(0x10000) if (h & 0x7C00) != 0x7C00]


def register_halfvec(conn):
    info = psycopg.types.TypeInfo.fetch(conn, "halfvec")
    info.register(conn)

    class Halfvec(list):
        """A halfvec as its binary16 bit patterns (bit-exact, -0 included)."""

    class HalfvecBinaryDumper(Dumper):
        format = Format.BINARY
        oid = info.oid

        def dump(self, obj):
            return encode_halfvec(obj)

    class HalfvecTextDumper(Dumper):
        format = Format.TEXT
        oid = info.oid

        def dump(self, obj):
            return ("[" + ",".join(repr(half_bits_to_float(h)) for h in obj) + "]").encode()

    class HalfvecBinaryLoader(Loader):
        format = Format.BINARY

        def load(self, data):
            return decode_halfvec(bytes(data))

    class HalfvecTextLoader(Loader):
        format = Format.TEXT

        def load(self, data):
            text = bytes(data).decode()
            assert text[0] == "[" and text[-1] == "]"
            return [float_to_half_bits(float(x)) for x in text[1:-1].split(",")]

    conn.adapters.register_dumper(Halfvec, HalfvecBinaryDumper)
    conn.adapters.register_loader(info.oid, HalfvecBinaryLoader)
    conn.adapters.register_loader(info.oid, HalfvecTextLoader)
    return Halfvec, HalfvecTextDumper, info


class HalfvecClientRoundTrips(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.conn = psycopg.connect(autocommit=True)
        cls.Halfvec, cls.TextDumper, cls.info = register_halfvec(cls.conn)
        rng = random.Random(11)
        cls.samples = [
            [0x3C00, 0x4000, 0x4200],  # [1,2,3]
            # -0, 0, smallest subnormals, largest subnormal, smallest normal,
            # +-65504, 1/3, 0.1, 1.234375
            [0x8000, 0x0000, 0x0001, 0x8001, 0x03FF, 0x0400, 0x7BFF, 0xFBFF, 0x3555, 0x2E66, 0x3CF0],
            [rng.choice(FINITE_HALVES) for _ in range(1536)],
        ]
        # every finite half, 16000 per value
        cls.samples += [FINITE_HALVES[i:i + 16000] for i in range(0, len(FINITE_HALVES), 16000)]
        with cls.conn.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS client_halves")
            cur.execute("CREATE TABLE client_halves (id int PRIMARY KEY, embedding halfvec)")

    def setUp(self):
        self.conn.execute("TRUNCATE client_halves")

    def fetch_all(self, binary):
        with self.conn.cursor(binary=binary) as cur:
            cur.execute("SELECT embedding FROM client_halves ORDER BY id")
            return [row[0] for row in cur.fetchall()]

    def assert_same_halves(self, sent, got, note=""):
        self.assertEqual(len(sent), len(got), note)
        self.assertEqual([f"{h:04x}" for h in sent], [f"{h:04x}" for h in got], note)

    def test_every_finite_half_is_covered(self):
        covered = sorted(h for v in self.samples[3:] for h in v)
        self.assertEqual(covered, FINITE_HALVES)
        self.assertEqual(len(covered), 63488)

    def test_binary_parameters_and_results(self):
        with self.conn.cursor() as cur:
            for i, v in enumerate(self.samples):
                cur.execute("INSERT INTO client_halves VALUES (%s, %b)", (i, self.Halfvec(v)))
        for binary in (True, False):
            back = self.fetch_all(binary)
            self.assertEqual(len(back), len(self.samples))
            for sent, got in zip(self.samples, back):
                self.assert_same_halves(sent, got, f"binary={binary}")
        # the server stored the same bits it was sent
        with self.conn.cursor(binary=True) as cur:
            cur.execute("SELECT halfvec_send(embedding) FROM client_halves ORDER BY id")
            for sent, (raw,) in zip(self.samples, cur.fetchall()):
                self.assertEqual(bytes(raw), encode_halfvec(sent))

    def test_text_parameters(self):
        self.conn.adapters.register_dumper(self.Halfvec, self.TextDumper)
        try:
            with self.conn.cursor() as cur:
                for i, v in enumerate(self.samples):
                    cur.execute("INSERT INTO client_halves VALUES (%s, %t)", (i, self.Halfvec(v)))
        finally:
            register_halfvec(self.conn)
        for sent, got in zip(self.samples, self.fetch_all(binary=True)):
            self.assert_same_halves(sent, got)
        # text output: each half printed as the shortest float4 text
        row = self.conn.execute("SELECT embedding::text FROM client_halves WHERE id = 1").fetchone()
        self.assertEqual(row[0], "[-0,0,5.9604645e-08,-5.9604645e-08,6.097555e-05,6.1035156e-05,"
                                 "65504,-65504,0.33325195,0.099975586,1.234375]")

    def test_copy_binary_round_trip(self):
        with self.conn.cursor() as cur:
            with cur.copy("COPY client_halves (id, embedding) FROM STDIN WITH (FORMAT BINARY)") as copy:
                copy.set_types(["int4", "halfvec"])
                for i, v in enumerate(self.samples):
                    copy.write_row((i, self.Halfvec(v)))
            rows = []
            with cur.copy("COPY (SELECT id, embedding FROM client_halves ORDER BY id) TO STDOUT WITH (FORMAT BINARY)") as copy:
                copy.set_types(["int4", "halfvec"])
                for row in copy.rows():
                    rows.append(row)
        self.assertEqual([r[0] for r in rows], list(range(len(self.samples))))
        for sent, (_, got) in zip(self.samples, rows):
            self.assert_same_halves(sent, got)
        # and text COPY out of the same rows parses back to the same bits
        with self.conn.cursor() as cur:
            with cur.copy("COPY (SELECT embedding FROM client_halves ORDER BY id) TO STDOUT") as copy:
                lines = b"".join(bytes(chunk) for chunk in copy).decode().splitlines()
        for sent, line in zip(self.samples, lines):
            self.assert_same_halves(sent, [float_to_half_bits(float(x)) for x in line[1:-1].split(",")])

    def test_binary_results_of_expressions(self):
        with self.conn.cursor(binary=True) as cur:
            cur.execute("SELECT '[1.23456,-0,65519,1e-8,-1e-8]'::vector::halfvec, "
                        "'[1,2]'::halfvec + '[0.5,-3]', array_fill(1, ARRAY[16000])::halfvec")
            rounded, added, big = cur.fetchone()
        self.assert_same_halves([0x3CF0, 0x8000, 0x7BFF, 0x0000, 0x8000], rounded)
        self.assert_same_halves([0x3E00, 0xBC00], added)
        self.assert_same_halves([0x3C00] * 16000, big)

    def test_binary_input_is_validated(self):
        cases = [
            (struct.pack(">HHH", 1, 1, 0x3C00), "expected unused to be 0, not 1", "22000"),
            (struct.pack(">HH", 0, 0), "halfvec must have at least 1 dimension", "22000"),
            (struct.pack(">HH", 16001, 0) + b"\x3c\x00" * 16001,
             "halfvec cannot have more than 16000 dimensions", "54000"),
            (struct.pack(">HHH", 1, 0, 0x7E00), "NaN not allowed in halfvec", "22000"),
            (struct.pack(">HHH", 1, 0, 0xFC01), "NaN not allowed in halfvec", "22000"),
            (struct.pack(">HHH", 1, 0, 0x7C00), "infinite value not allowed in halfvec", "22000"),
            (struct.pack(">HHH", 1, 0, 0xFC00), "infinite value not allowed in halfvec", "22000"),
            (struct.pack(">HHH", 2, 0, 0x3C00), "insufficient data left in message", "08P01"),
            (struct.pack(">HHHB", 1, 0, 0x3C00, 0), "incorrect binary data format in bind parameter 1", "22P03"),
        ]
        for payload, message, sqlstate in cases:
            with self.assertRaises(psycopg.Error) as ctx:
                with self.conn.cursor() as cur:
                    cur.execute("SELECT %b::halfvec", (RawVector(payload, self.info.oid),))
            self.assertEqual(ctx.exception.diag.message_primary, message)
            self.assertEqual(ctx.exception.sqlstate, sqlstate)
        # typmod is checked on binary input into a typed column
        self.conn.execute("CREATE TEMP TABLE typed_halves (v halfvec(3))")
        with self.assertRaises(psycopg.Error) as ctx:
            self.conn.execute("INSERT INTO typed_halves VALUES (%b)", (self.Halfvec([0x3C00, 0x4000]),))
        self.assertEqual(ctx.exception.diag.message_primary, "expected 3 dimensions, not 2")
        self.conn.execute("INSERT INTO typed_halves VALUES (%b)", (self.Halfvec([0x3C00, 0x4000, 0x4200]),))
        # the connection (and backend) is still usable after all of it
        self.assertEqual(self.conn.execute("SELECT count(*) FROM typed_halves").fetchone()[0], 1)

    def test_nearest_neighbour_query_with_binary_parameter(self):
        with self.conn.cursor() as cur:
            cur.executemany("INSERT INTO client_halves VALUES (%s, %b)",
                            [(i, self.Halfvec([float_to_half_bits(i)] * 2)) for i in range(100)])
            cur.execute("SELECT id FROM client_halves ORDER BY embedding <-> %b LIMIT 3",
                        (self.Halfvec([float_to_half_bits(10.2)] * 2),))
            self.assertEqual([r[0] for r in cur.fetchall()], [10, 11, 9])


def encode_sparsevec(dim, indices, values):
    """pgvector's binary sparsevec: int32 dim, nnz, unused, 0-based int32
    indices, float4 values, big-endian."""
    n = len(indices)
    return struct.pack(f">iii{n}i{n}f", dim, n, 0, *indices, *values)


def decode_sparsevec(data):
    dim, nnz, unused = struct.unpack_from(">iii", data)
    assert unused == 0
    indices = list(struct.unpack_from(f">{nnz}i", data, 12))
    values = list(struct.unpack_from(f">{nnz}f", data, 12 + 4 * nnz))
    return SparseVector(dim, indices, values)


class SparseVector:
    """A sparse vector on the client: dim, 0-based sorted indices, values."""

    def __init__(self, dim, indices, values):
        self.dim = dim
        self.indices = list(indices)
        self.values = list(values)

    def text(self):
        pairs = ",".join(f"{i + 1}:{float(v)!r}" for i, v in zip(self.indices, self.values))
        return "{" + pairs + "}/" + str(self.dim)

    def key(self):
        return (self.dim, self.indices, bits(self.values))


def parse_sparsevec_text(text):
    body, dim = text.rsplit("/", 1)
    assert body[0] == "{" and body[-1] == "}"
    indices, values = [], []
    for pair in filter(None, body[1:-1].split(",")):
        i, v = pair.split(":")
        indices.append(int(i) - 1)
        values.append(float(v))
    return SparseVector(int(dim), indices, values)


def register_sparsevec(conn):
    info = psycopg.types.TypeInfo.fetch(conn, "sparsevec")
    info.register(conn)

    class SparseBinaryDumper(Dumper):
        format = Format.BINARY
        oid = info.oid

        def dump(self, obj):
            return encode_sparsevec(obj.dim, obj.indices, obj.values)

    class SparseTextDumper(Dumper):
        format = Format.TEXT
        oid = info.oid

        def dump(self, obj):
            return obj.text().encode()

    class SparseBinaryLoader(Loader):
        format = Format.BINARY

        def load(self, data):
            return decode_sparsevec(bytes(data))

    class SparseTextLoader(Loader):
        format = Format.TEXT

        def load(self, data):
            return parse_sparsevec_text(bytes(data).decode())

    conn.adapters.register_dumper(SparseVector, SparseBinaryDumper)
    conn.adapters.register_loader(info.oid, SparseBinaryLoader)
    conn.adapters.register_loader(info.oid, SparseTextLoader)
    return SparseTextDumper, info


def random_sparse(rng, dim, nnz, scale):
    indices = sorted(rng.sample(range(dim), nnz))
    values = []
    while len(values) < nnz:
        v = as_float4(rng.gauss(0, scale))
        if v != 0.0:
            values.append(v)
    return SparseVector(dim, indices, values)


class SparsevecClientRoundTrips(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.conn = psycopg.connect(autocommit=True)
        cls.TextDumper, cls.info = register_sparsevec(cls.conn)
        rng = random.Random(11)
        cls.samples = [
            SparseVector(3, [0, 2], [1.0, 2.0]),
            SparseVector(5, [], []),
            SparseVector(1000000000, [0, 1, 77, 123456789, 999999999],
                         [-1.5, 3.4028234663852886e38, 1.401298464324817e-45, -1.1754943508222875e-38, 0.1]),
            random_sparse(rng, 1536, 150, 1.0),
            random_sparse(rng, 100000, 16000, 100.0),
        ]
        with cls.conn.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS client_sparse")
            cur.execute("CREATE TABLE client_sparse (id int PRIMARY KEY, embedding sparsevec)")

    def setUp(self):
        self.conn.execute("TRUNCATE client_sparse")

    def fetch_all(self, binary):
        with self.conn.cursor(binary=binary) as cur:
            cur.execute("SELECT embedding FROM client_sparse ORDER BY id")
            return [row[0] for row in cur.fetchall()]

    def assert_same(self, sent, got, note=""):
        self.assertEqual(sent.key(), got.key(), note)

    def test_binary_parameters_and_results(self):
        with self.conn.cursor() as cur:
            for i, v in enumerate(self.samples):
                cur.execute("INSERT INTO client_sparse VALUES (%s, %b)", (i, v))
        for binary in (True, False):
            back = self.fetch_all(binary)
            self.assertEqual(len(back), len(self.samples))
            for sent, got in zip(self.samples, back):
                self.assert_same(sent, got, f"binary={binary}")

    def test_text_parameters(self):
        self.conn.adapters.register_dumper(SparseVector, self.TextDumper)
        try:
            with self.conn.cursor() as cur:
                for i, v in enumerate(self.samples):
                    cur.execute("INSERT INTO client_sparse VALUES (%s, %t)", (i, v))
        finally:
            register_sparsevec(self.conn)
        for sent, got in zip(self.samples, self.fetch_all(binary=True)):
            self.assert_same(sent, got)
        # text output: 1-based, sorted, shortest round-trip floats
        row = self.conn.execute("SELECT embedding::text FROM client_sparse WHERE id = 2").fetchone()
        self.assertEqual(row[0], "{1:-1.5,2:3.4028235e+38,78:1e-45,123456790:-1.1754944e-38,"
                                 "1000000000:0.1}/1000000000")
        # unsorted text input with zeros comes back sorted without them
        row = self.conn.execute("SELECT %t::sparsevec", ("{3:1,1:0,2:-2}/3",)).fetchone()
        self.assert_same(SparseVector(3, [1, 2], [-2.0, 1.0]), row[0])

    def test_copy_binary_round_trip(self):
        with self.conn.cursor() as cur:
            with cur.copy("COPY client_sparse (id, embedding) FROM STDIN WITH (FORMAT BINARY)") as copy:
                copy.set_types(["int4", "sparsevec"])
                for i, v in enumerate(self.samples):
                    copy.write_row((i, v))
            rows = []
            with cur.copy("COPY (SELECT id, embedding FROM client_sparse ORDER BY id) TO STDOUT "
                          "WITH (FORMAT BINARY)") as copy:
                copy.set_types(["int4", "sparsevec"])
                for row in copy.rows():
                    rows.append(row)
        self.assertEqual([r[0] for r in rows], list(range(len(self.samples))))
        for sent, (_, got) in zip(self.samples, rows):
            self.assert_same(sent, got)
        # the stored values match the text form the server computes
        count = self.conn.execute(
            "SELECT count(*) FROM client_sparse WHERE embedding = embedding::text::sparsevec").fetchone()[0]
        self.assertEqual(count, len(self.samples))

    def test_binary_input_is_validated(self):
        def raw(dim, nnz, unused, indices, values):
            return struct.pack(f">iii{len(indices)}i{len(values)}f", dim, nnz, unused, *indices, *values)

        cases = [
            (raw(0, 0, 0, [], []), "sparsevec must have at least 1 dimension", "22000"),
            (raw(1000000001, 0, 0, [], []), "sparsevec cannot have more than 1000000000 dimensions", "54000"),
            (raw(3, -1, 0, [], []), "sparsevec cannot have negative number of elements", "22000"),
            (raw(20000, 16001, 0, [], []), "sparsevec cannot have more than 16000 non-zero elements", "54000"),
            (raw(2, 3, 0, [], []), "sparsevec cannot have more elements than dimensions", "54000"),
            (raw(2, 1, 1, [0], [1.0]), "expected unused to be 0, not 1", "22000"),
            (raw(2, 1, 0, [2], [1.0]), "sparsevec index out of bounds", "22000"),
            (raw(3, 2, 0, [1, 0], [1.0, 1.0]), "sparsevec indices must be in ascending order", "22000"),
            (raw(3, 2, 0, [1, 1], [1.0, 1.0]), "sparsevec indices must not contain duplicates", "22000"),
            (raw(2, 1, 0, [0], [math.nan]), "NaN not allowed in sparsevec", "22000"),
            (raw(2, 1, 0, [0], [-math.inf]), "infinite value not allowed in sparsevec", "22000"),
            (raw(2, 1, 0, [0], [0.0]), "binary representation of sparsevec cannot contain zero values", "22000"),
            (raw(2, 1, 0, [0], []), "insufficient data left in message", "08P01"),
        ]
        for payload, message, sqlstate in cases:
            with self.assertRaises(psycopg.Error) as ctx:
                with self.conn.cursor() as cur:
                    cur.execute("SELECT %b::sparsevec", (RawVector(payload, self.info.oid),))
            self.assertEqual(ctx.exception.diag.message_primary, message)
            self.assertEqual(ctx.exception.sqlstate, sqlstate)
        # typmod is checked on binary input into a typed column
        self.conn.execute("CREATE TEMP TABLE typed_sparse (v sparsevec(3))")
        with self.assertRaises(psycopg.Error) as ctx:
            self.conn.execute("INSERT INTO typed_sparse VALUES (%b)", (SparseVector(2, [0], [1.0]),))
        self.assertEqual(ctx.exception.diag.message_primary, "expected 3 dimensions, not 2")
        self.assertEqual(self.conn.execute("SELECT 1").fetchone()[0], 1)

    def test_nearest_neighbour_query_with_binary_parameter(self):
        with self.conn.cursor() as cur:
            cur.executemany("INSERT INTO client_sparse VALUES (%s, %b)",
                            [(i, SparseVector(1000, [i, i + 1], [float(i + 1), 1.0])) for i in range(100)])
            cur.execute("SELECT id FROM client_sparse ORDER BY embedding <-> %b, id LIMIT 3",
                        (SparseVector(1000, [10, 11], [11.0, 1.0]),))
            self.assertEqual([r[0] for r in cur.fetchall()][0], 10)
            cur.execute("SELECT id FROM client_sparse ORDER BY embedding <#> %b, id LIMIT 2",
                        (SparseVector(1000, [99], [1.0]),))
            self.assertEqual([r[0] for r in cur.fetchall()], [99, 98])


class RawVector:
    """Sends pre-encoded bytes as a binary `vector` parameter."""

    def __init__(self, payload, oid):
        self.payload = payload
        self.oid = oid


class RawVectorDumper(Dumper):
    format = Format.BINARY

    def dump(self, obj):
        return obj.payload

    def get_key(self, obj, format):
        return RawVector


psycopg.adapters.register_dumper(RawVector, RawVectorDumper)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
