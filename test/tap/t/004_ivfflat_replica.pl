# A streaming standby replays every ivfflat page change (build pages logged
# with log_newpage_range, inserts, new list pages, VACUUM deletions and the
# insert-page reset through generic WAL) and answers the same queries as the
# primary. Deleting every row, VACUUM and reinserting as many rows reuses
# the freed space: the index does not grow. The clusters run with
# PostgreSQL::Test::Cluster's streaming settings (shared_buffers = 1MB).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $primary = PostgreSQL::Test::Cluster->new('ivf_primary');
$primary->init(allows_streaming => 1);
$primary->append_conf('postgresql.conf', "autovacuum = off\njit = off\n");
$primary->start;
$primary->safe_psql('postgres', 'CREATE EXTENSION vector');
$primary->safe_psql('postgres', q{
	SELECT setseed(0.42);
	CREATE TABLE items (id int PRIMARY KEY, embedding vector(16));
	INSERT INTO items SELECT i, ARRAY(SELECT random() FROM generate_series(1, 16) WHERE i > 0)
		FROM generate_series(1, 3000) i;
	-- about 100 rows (one page) per list: the inserts below chain new pages
	CREATE INDEX items_l2 ON items USING ivfflat (embedding vector_l2_ops) WITH (lists = 30);
	CREATE INDEX items_cos ON items USING ivfflat (embedding vector_cosine_ops) WITH (lists = 20);
	-- built on an empty table: every list's first page comes from an insert
	CREATE TABLE hitems (id int PRIMARY KEY, embedding halfvec(16));
	CREATE INDEX hitems_l2 ON hitems USING ivfflat (embedding halfvec_l2_ops) WITH (lists = 10);
	INSERT INTO hitems SELECT i, ARRAY(SELECT random() FROM generate_series(1, 16) WHERE i > 0)
		FROM generate_series(1, 1000) i;
	CREATE TABLE queries (id int, embedding vector(16));
	INSERT INTO queries SELECT i, ARRAY(SELECT random() FROM generate_series(1, 16) WHERE i > 0)
		FROM generate_series(1, 20) i;
});

$primary->backup('backup');
my $standby = PostgreSQL::Test::Cluster->new('ivf_standby');
$standby->init_from_backup($primary, 'backup', has_streaming => 1);
$standby->start;

# For every query vector, the ids of its 10 nearest rows (in order) through
# each index, probing 3 lists.
my %index_query = (
	items_l2 => 'SELECT id FROM items ORDER BY embedding <-> q.embedding LIMIT 10',
	items_cos => 'SELECT id FROM items ORDER BY embedding <=> q.embedding LIMIT 10',
	hitems_l2 => 'SELECT id FROM hitems ORDER BY embedding <-> q.embedding::halfvec(16) LIMIT 10',
);
my $query = "SET enable_seqscan = off;\nSET ivfflat.probes = 3;\n"
  . join("\nUNION ALL\n",
	map {
		qq{(SELECT '$_', q.id, array_agg(n.id ORDER BY n.rank) FROM queries q, LATERAL (
			SELECT i.id, row_number() OVER () AS rank FROM ($index_query{$_}) i) n
			GROUP BY q.id ORDER BY q.id)}
	} sort keys %index_query)
  . ";\n";

# Index scans probing every list return every row of the table.
my %table_of = (items_l2 => 'items', items_cos => 'items', hitems_l2 => 'hitems');
my %lists = (items_l2 => 30, items_cos => 20, hitems_l2 => 10);

sub complete
{
	my ($node, $index, $label) = @_;
	my $table = $table_of{$index};
	my $op = $index eq 'items_cos' ? '<=>' : '<->';
	my $q = $table eq 'hitems' ? "'[1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]'::halfvec(16)"
	  : "'[1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]'::vector(16)";
	my $missing = $node->safe_psql('postgres', qq{
		SET enable_seqscan = off;
		SET ivfflat.probes = $lists{$index};
		SELECT (SELECT count(*) FROM $table) - count(DISTINCT id), count(*) - count(DISTINCT id)
		FROM (SELECT id FROM $table ORDER BY embedding $op $q LIMIT 1000000) t;
	});
	is($missing, '0|0', "$label: $index on the " . $node->name . ' returns every row once (missing|duplicates)');
}

sub compare
{
	my ($label) = @_;
	$primary->wait_for_catchup($standby);
	my $on_primary = $primary->safe_psql('postgres', $query);
	my $on_standby = $standby->safe_psql('postgres', $query);
	is(scalar(() = $on_primary =~ /^\w+\|\d+\|\{\d+(,\d+){9}\}$/mg), 60, "$label: primary returns 10 rows for each query and index");
	is($on_standby, $on_primary, "$label: standby returns the primary's results");
	my $sizes = q{SELECT string_agg(c.relname || '=' || pg_relation_size(c.oid), ' ' ORDER BY c.relname)
		FROM pg_class c WHERE relname IN ('items_l2', 'items_cos', 'hitems_l2')};
	is($standby->safe_psql('postgres', $sizes), $primary->safe_psql('postgres', $sizes),
		"$label: the standby's indexes have the primary's sizes");
	complete($standby, $_, $label) for sort keys %index_query;
}

# the standby answers through each index
for my $index (sort keys %index_query)
{
	(my $sql = $index_query{$index}) =~ s/q\.embedding/(SELECT embedding FROM queries LIMIT 1)/;
	like($standby->safe_psql('postgres', "SET enable_seqscan = off; EXPLAIN (COSTS OFF) $sql"),
		qr/Index Scan using $index /, "the standby plans an index scan on $index");
}

compare('after build');

for my $round (1 .. 4)
{
	$primary->safe_psql('postgres', qq{
		DELETE FROM items WHERE id % 5 = $round;
		INSERT INTO items SELECT 10000 * $round + i, ARRAY(SELECT random() FROM generate_series(1, 16) WHERE i > 0)
			FROM generate_series(1, 400) i;
		DELETE FROM hitems WHERE id % 4 = $round % 4;
		INSERT INTO hitems SELECT 10000 * $round + i, ARRAY(SELECT random() FROM generate_series(1, 16) WHERE i > 0)
			FROM generate_series(1, 300) i;
	});
	$primary->safe_psql('postgres', 'VACUUM items; VACUUM hitems');
	compare("after round $round of deletes, inserts and VACUUM");
}

# Space reuse: delete everything, VACUUM, reinsert the same rows (so every
# list gets back as many rows as it had): the indexes keep their size.
my $sizes = q{SELECT string_agg(c.relname || '=' || pg_relation_size(c.oid) / 8192, ' ' ORDER BY c.relname)
	FROM pg_class c WHERE relname IN ('items_l2', 'items_cos', 'hitems_l2')};
$primary->safe_psql('postgres', q{
	CREATE TABLE saved_items AS SELECT * FROM items;
	CREATE TABLE saved_hitems AS SELECT * FROM hitems;
});
my $before = $primary->safe_psql('postgres', $sizes);
note("index sizes in blocks before deleting everything: $before");
for my $cycle (1 .. 2)
{
	$primary->safe_psql('postgres', 'DELETE FROM items; DELETE FROM hitems');
	$primary->safe_psql('postgres', 'VACUUM items; VACUUM hitems');
	$primary->safe_psql('postgres', q{
		INSERT INTO items SELECT * FROM saved_items;
		INSERT INTO hitems SELECT * FROM saved_hitems;
	});
	is($primary->safe_psql('postgres', $sizes), $before,
		"delete all, VACUUM, reinsert (cycle $cycle): index sizes in blocks unchanged");
	compare("after delete all, VACUUM, reinsert (cycle $cycle)");
}

# A standby session keeps the centers of an index in its relcache entry:
# after a REINDEX with another number of lists on the primary it must see
# the new index.
my $session = $standby->background_psql('postgres');
my $in_session = $session->query_safe($query);
is($in_session, $primary->safe_psql('postgres', $query), 'a standby session gives the same results');
$primary->safe_psql('postgres', 'ALTER INDEX items_l2 SET (lists = 40); REINDEX INDEX items_l2');
$lists{items_l2} = 40;
$primary->wait_for_catchup($standby);
is($session->query_safe($query), $primary->safe_psql('postgres', $query),
	'after REINDEX on the primary, the same standby session gives the new results');
$session->quit;
compare('after REINDEX');

# The replayed pages can be written to: promote the standby and insert.
$standby->promote;
$standby->safe_psql('postgres', q{
	INSERT INTO items SELECT 100000 + i, ARRAY(SELECT random() FROM generate_series(1, 16) WHERE i > 0)
		FROM generate_series(1, 500) i;
	INSERT INTO hitems SELECT 100000 + i, ARRAY(SELECT random() FROM generate_series(1, 16) WHERE i > 0)
		FROM generate_series(1, 500) i;
	DELETE FROM items WHERE id % 3 = 0;
	VACUUM items;
});
complete($standby, $_, 'promoted standby after inserts') for sort keys %index_query;

unlike(slurp_file($primary->logfile) . slurp_file($standby->logfile), qr/terminated by signal|PANIC|ERROR/,
	'no error in either server log');

done_testing();
