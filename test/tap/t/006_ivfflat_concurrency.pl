# Concurrent inserts, deletes, searches (plain and iterative) and VACUUM on
# ivfflat indexes for a while (PGVEC_SOAK_SECONDS, default 30) with
# shared_buffers = 1MB: no client ever gets an error, the server never
# crashes, and afterwards every row is in the index and searches probing
# every list are exact.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $seconds = $ENV{PGVEC_SOAK_SECONDS} || 30;
my $node = PostgreSQL::Test::Cluster->new('ivf_soak');
$node->init;
# jit off: with enable_seqscan = off every plan costs more than
# jit_above_cost, and compiling each search would take most of the time
$node->append_conf('postgresql.conf', "autovacuum = off\nmax_connections = 20\nshared_buffers = 1MB\njit = off\n");
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION vector');
$node->safe_psql('postgres', q{
	SELECT setseed(0.1);
	CREATE TABLE items (id bigserial PRIMARY KEY, embedding vector(32));
	INSERT INTO items (embedding) SELECT ARRAY(SELECT random() FROM generate_series(1, 32) WHERE i > 0)
		FROM generate_series(1, 20000) i;
	CREATE INDEX items_l2 ON items USING ivfflat (embedding vector_l2_ops) WITH (lists = 40);
	CREATE INDEX items_cos ON items USING ivfflat (embedding vector_cosine_ops) WITH (lists = 20);
	CREATE TABLE queries (id int, embedding vector(32));
	INSERT INTO queries SELECT i, ARRAY(SELECT random() FROM generate_series(1, 32) WHERE i > 0)
		FROM generate_series(1, 100) i;
});

my %scripts = (
	'insert.sql@20' => q{
		INSERT INTO items (embedding) SELECT ARRAY(SELECT random() FROM generate_series(1, 32) WHERE g > 0)
			FROM generate_series(1, 3) g;
	},
	'delete.sql@10' => q{
		\set id random(1, 100000)
		DELETE FROM items WHERE id BETWEEN :id AND :id + 2;
	},
	'search.sql@15' => q{
		\set q random(1, 100)
		SET enable_seqscan = off;
		SET ivfflat.probes = 4;
		SELECT id FROM items ORDER BY embedding <-> (SELECT embedding FROM queries WHERE id = :q) LIMIT 10;
		SELECT id FROM items ORDER BY embedding <=> (SELECT embedding FROM queries WHERE id = :q) LIMIT 10;
	},
	'iterative.sql@5' => q{
		\set q random(1, 100)
		SET enable_seqscan = off;
		SET ivfflat.iterative_scan = relaxed_order;
		SELECT id FROM items WHERE id % 7 = 0 ORDER BY embedding <-> (SELECT embedding FROM queries WHERE id = :q) LIMIT 10;
	},
	'vacuum.sql@1' => q{
		VACUUM items;
	},
);
$node->pgbench(
	"--no-vacuum --client=6 --jobs=2 --time=$seconds",
	0,
	[qr{processed: \d+}],
	[qr{^$}],
	'mixed inserts, deletes, searches and VACUUM run without errors',
	\%scripts);

$node->safe_psql('postgres', 'VACUUM items');
note('rows after the soak: ' . $node->safe_psql('postgres', 'SELECT count(*) FROM items'));

for my $index (['items_l2', '<->', 40], ['items_cos', '<=>', 20])
{
	my ($name, $op, $lists) = @$index;
	is($node->safe_psql('postgres', qq{
		SET enable_seqscan = off;
		SET ivfflat.probes = $lists;
		SELECT (SELECT count(*) FROM items) - count(DISTINCT id), count(*) - count(DISTINCT id)
		FROM (SELECT id FROM items ORDER BY embedding $op (SELECT embedding FROM queries LIMIT 1) LIMIT 10000000) t;
	}), '0|0', "$name: a scan probing every list returns every row once (missing|duplicates)");

	my $recall = $node->safe_psql('postgres', qq{
		SET enable_indexscan = off;
		CREATE TEMP TABLE truth AS
			SELECT q.id AS query, t.id FROM queries q,
			LATERAL (SELECT id FROM items ORDER BY embedding $op q.embedding LIMIT 10) t;
		RESET enable_indexscan;
		SET enable_seqscan = off;
		SET ivfflat.probes = $lists;
		SELECT round(count(*) / 1000.0, 4) FROM queries q,
			LATERAL (SELECT id FROM items ORDER BY embedding $op q.embedding LIMIT 10) a
		WHERE a.id IN (SELECT id FROM truth WHERE truth.query = q.id);
	});
	is($recall, '1.0000', "$name: recall\@10 probing every list is exact");
	like($node->safe_psql('postgres', qq{SET enable_seqscan = off;
		EXPLAIN (COSTS OFF) SELECT id FROM items ORDER BY embedding $op (SELECT embedding FROM queries LIMIT 1) LIMIT 10}),
		qr/Index Scan using $name /, "$name: the searches use the index");
}
unlike(slurp_file($node->logfile), qr/terminated by signal|PANIC/, 'no backend crashed');

done_testing();
