# Concurrent inserts, deletes, searches and VACUUM on one hnsw index for a
# while (PGVEC_SOAK_SECONDS, default 60): no client ever gets an error, the
# server never crashes, and recall@10 stays >= 0.95 afterwards.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $seconds = $ENV{PGVEC_SOAK_SECONDS} || 60;
my $node = PostgreSQL::Test::Cluster->new('soak');
$node->init;
$node->append_conf('postgresql.conf', "autovacuum = off\nmax_connections = 40\n");
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION vector');
$node->safe_psql('postgres', q{
	SELECT setseed(0.1);
	CREATE TABLE items (id bigserial PRIMARY KEY, embedding vector(32));
	INSERT INTO items (embedding) SELECT ARRAY(SELECT random() FROM generate_series(1, 32) WHERE i > 0)
		FROM generate_series(1, 20000) i;
	CREATE INDEX ON items USING hnsw (embedding vector_l2_ops);
	CREATE TABLE queries (id int, embedding vector(32));
	INSERT INTO queries SELECT i, ARRAY(SELECT random() FROM generate_series(1, 32) WHERE i > 0)
		FROM generate_series(1, 100) i;
});

# three mixed workloads run by pgbench clients in the same run
my %scripts = (
	'insert.sql@5' => q{
		INSERT INTO items (embedding) SELECT ARRAY(SELECT random() FROM generate_series(1, 32) WHERE g > 0)
			FROM generate_series(1, 3) g;
	},
	'delete.sql@2' => q{
		\set id random(1, 30000)
		DELETE FROM items WHERE id = :id;
	},
	'search.sql@5' => q{
		\set q random(1, 100)
		SET enable_seqscan = off;
		SELECT id FROM items ORDER BY embedding <-> (SELECT embedding FROM queries WHERE id = :q) LIMIT 10;
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
my $recall = $node->safe_psql('postgres', q{
	SET enable_indexscan = off;
	CREATE TEMP TABLE truth AS
		SELECT q.id AS query, t.id FROM queries q,
		LATERAL (SELECT id FROM items ORDER BY embedding <-> q.embedding LIMIT 10) t;
	RESET enable_indexscan;
	SET enable_seqscan = off;
	SET hnsw.ef_search = 100;
	SELECT round(count(*) / 1000.0, 4) FROM queries q,
		LATERAL (SELECT id FROM items ORDER BY embedding <-> q.embedding LIMIT 10) a
	WHERE a.id IN (SELECT id FROM truth WHERE truth.query = q.id);
});
cmp_ok($recall, '>=', 0.95, "recall\@10 after the soak is $recall");
unlike(slurp_file($node->logfile), qr/terminated by signal|PANIC/, 'no backend crashed');

done_testing();
