# A streaming standby replays every hnsw page change (build pages logged with
# log_newpage_range, inserts and VACUUM through generic WAL) and answers the
# same nearest-neighbour queries as the primary.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $primary = PostgreSQL::Test::Cluster->new('primary');
$primary->init(allows_streaming => 1);
$primary->start;
$primary->safe_psql('postgres', 'CREATE EXTENSION vector');
$primary->safe_psql('postgres', q{
	SELECT setseed(0.42);
	CREATE TABLE items (id int PRIMARY KEY, embedding vector(16));
	INSERT INTO items SELECT i, ARRAY(SELECT random() FROM generate_series(1, 16) WHERE i > 0)
		FROM generate_series(1, 3000) i;
	CREATE INDEX items_hnsw ON items USING hnsw (embedding vector_l2_ops) WITH (m = 8, ef_construction = 32);
	CREATE TABLE queries (id int, embedding vector(16));
	INSERT INTO queries SELECT i, ARRAY(SELECT random() FROM generate_series(1, 16) WHERE i > 0)
		FROM generate_series(1, 20) i;
});

$primary->backup('backup');
my $standby = PostgreSQL::Test::Cluster->new('standby');
$standby->init_from_backup($primary, 'backup', has_streaming => 1);
$standby->start;

my $query = q{
	SET enable_seqscan = off;
	SELECT q.id, array_agg(n.id ORDER BY n.rank)
	FROM queries q, LATERAL (
		SELECT i.id, row_number() OVER () AS rank
		FROM (SELECT id FROM items ORDER BY embedding <-> q.embedding LIMIT 10) i) n
	GROUP BY q.id ORDER BY q.id;
};

sub compare
{
	my ($label) = @_;
	$primary->wait_for_catchup($standby);
	my $on_primary = $primary->safe_psql('postgres', $query);
	my $on_standby = $standby->safe_psql('postgres', $query);
	isnt($on_primary, '', "$label: primary returns results");
	is($on_standby, $on_primary, "$label: standby returns the primary's results");
	like($standby->safe_psql('postgres', "SET enable_seqscan = off; EXPLAIN (COSTS OFF) SELECT id FROM items ORDER BY embedding <-> '[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]' LIMIT 5"),
		qr/Index Scan using items_hnsw/, "$label: the standby answers through the index");
}

compare('after build');

for my $round (1 .. 5)
{
	$primary->safe_psql('postgres', qq{
		DELETE FROM items WHERE id % 7 = $round;
		INSERT INTO items SELECT 10000 * $round + i, ARRAY(SELECT random() FROM generate_series(1, 16) WHERE i > 0)
			FROM generate_series(1, 300) i;
	});
	$primary->safe_psql('postgres', 'VACUUM items');
	compare("after round $round of inserts, deletes and VACUUM");
}

# The standby's copy is a valid index: every remaining row can be found.
my $missing = $standby->safe_psql('postgres', q{
	SET enable_seqscan = off;
	SET hnsw.ef_search = 100;
	SELECT count(*) FROM items i
	WHERE i.id NOT IN (SELECT id FROM items ORDER BY embedding <-> i.embedding LIMIT 1)
	  AND (SELECT count(*) FROM items j WHERE j.embedding = i.embedding) = 1;
});
ok($missing <= 3, "standby: rows found by their own vector ($missing missing)");

done_testing();
