# Crash recovery: the server is killed with SIGKILL in the middle of an hnsw
# build and in the middle of concurrent inserts; after restart no committed
# row is lost and the index answers correctly.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(usleep);

my $node = PostgreSQL::Test::Cluster->new('crash');
$node->init;
# fsync on: the point is what survives a crash
$node->append_conf('postgresql.conf', "fsync = on\nmaintenance_work_mem = '64MB'\nmax_parallel_maintenance_workers = 1\n");
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION vector');
$node->safe_psql('postgres', q{
	SELECT setseed(0.7);
	CREATE TABLE items (id bigserial PRIMARY KEY, embedding vector(64));
	INSERT INTO items (embedding) SELECT ARRAY(SELECT random() FROM generate_series(1, 64) WHERE i > 0)
		FROM generate_series(1, 40000) i;
	CHECKPOINT;
});

# A crash of the whole server: SIGKILL to the postmaster and every backend
# (PostgreSQL::Test::Cluster's kill9 only stops the postmaster; a backend busy
# in a long CPU-bound loop would outlive it and hold the shared memory).
sub crash
{
	my $postmaster = $node->{_pid};
	$node->kill9;
	system('pkill', '-9', '-f', 'postgres: crash: ');
	# wait until the killed postmaster is reaped, or the restart sees its
	# lock file as held
	for (my $i = 0; $i < 300 && kill(0, $postmaster); $i++)
	{
		usleep(100_000);
	}
}

# Every row is found by an index search for its own vector.
sub unreachable_rows
{
	return $node->safe_psql('postgres', q{
		SET enable_seqscan = off;
		SET hnsw.ef_search = 64;
		SELECT count(*) FROM (SELECT * FROM items ORDER BY id DESC LIMIT 500) i
		WHERE i.id NOT IN (SELECT id FROM items ORDER BY embedding <-> i.embedding LIMIT 1);
	});
}

# --- kill -9 during CREATE INDEX ---
my $build = $node->background_psql('postgres', on_error_stop => 0);
# A deliberately slow build (large m and ef_construction), killed once the
# progress view shows it loading tuples.
$build->query_until(qr/started/, q{
	\echo started
	CREATE INDEX items_hnsw ON items USING hnsw (embedding vector_l2_ops) WITH (m = 48, ef_construction = 500);
});
$node->poll_query_until('postgres',
	q{SELECT coalesce(max(tuples_done), 0) > 2000 FROM pg_stat_progress_create_index})
  or die 'the build never started';
crash();
eval { $build->quit; };
$node->start;

is($node->safe_psql('postgres', 'SELECT count(*) FROM items'), '40000', 'all rows survive a crash during the build');
is($node->safe_psql('postgres', q{SELECT count(*) FROM pg_class WHERE relname = 'items_hnsw'}), '0',
	'the interrupted index does not exist after recovery');
$node->safe_psql('postgres', 'CREATE INDEX items_hnsw ON items USING hnsw (embedding vector_l2_ops)');
is(unreachable_rows(), '0', 'the rebuilt index finds every row');

# --- kill -9 during concurrent inserts ---
my $script = q{
	INSERT INTO items (embedding) SELECT ARRAY(SELECT random() FROM generate_series(1, 64) WHERE g > 0)
		FROM generate_series(1, 5) g;
};
my $script_file = $node->basedir . '/insert.sql';
open(my $fh, '>', $script_file) or die "cannot write $script_file: $!";
print $fh $script;
close($fh);
my $bench = IPC::Run::start(
	[ 'pgbench', '-n', '-c', '4', '-j', '2', '-T', '30', '-f', $script_file, '-h', $node->host, '-p', $node->port, 'postgres' ],
	'>', \my $bench_out, '2>', \my $bench_err);
sleep(3);
my $before_kill = $node->safe_psql('postgres', 'SELECT count(*) FROM items');
crash();
$bench->finish;
$node->start;

my $after = $node->safe_psql('postgres', 'SELECT count(*) FROM items');
ok($after >= $before_kill, "rows committed before the crash survive ($before_kill before, $after after)");
is(unreachable_rows(), '0', 'after recovery the index finds the newest rows');
my $reachable = $node->safe_psql('postgres', q{
	SET enable_seqscan = off;
	SET hnsw.iterative_scan = relaxed_order;
	SET hnsw.max_scan_tuples = 1000000;
	SET work_mem = '256MB';
	SELECT count(*) FROM (SELECT id FROM items ORDER BY embedding <-> (SELECT embedding FROM items LIMIT 1) LIMIT 1000000) t;
});
# HNSW graphs are not guaranteed strongly connected: allow a handful of
# elements no path reaches.
cmp_ok($reachable, '>=', 0.999 * $after,
	"an exhaustive iterative index scan reaches the rows ($reachable of $after)");

# inserts keep working on the recovered index
$node->safe_psql('postgres', $script);
is(unreachable_rows(), '0', 'inserts after recovery are indexed');

done_testing();
