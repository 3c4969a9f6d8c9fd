# Crash recovery of ivfflat: the server is killed with SIGKILL during an
# index build (in k-means, and while list pages are being written), right
# after a build commits, and during concurrent inserts, deletes and VACUUM.
# After each restart no committed row is lost, every row is in the index
# (a scan probing every list returns the table), searches are exact with
# probes = lists, and inserts keep working. wal_level = replica (the build
# WAL-logs its pages) and shared_buffers = 1MB (pages are evicted and read
# back all the time).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(usleep);

my $node = PostgreSQL::Test::Cluster->new('ivf_crash');
$node->init;
# fsync on: the point is what survives a crash
$node->append_conf('postgresql.conf', qq{
fsync = on
wal_level = replica
shared_buffers = 1MB
max_connections = 20
maintenance_work_mem = '256MB'
autovacuum = off
jit = off
});
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION vector');
$node->safe_psql('postgres', q{
	SELECT setseed(0.7);
	CREATE TABLE items (id bigserial PRIMARY KEY, tag bigint, embedding vector(8));
	INSERT INTO items (embedding) SELECT ARRAY(SELECT random() FROM generate_series(1, 8) WHERE i > 0)
		FROM generate_series(1, 40000) i;
	CREATE TABLE queries (id int, embedding vector(8));
	INSERT INTO queries SELECT i, ARRAY(SELECT random() FROM generate_series(1, 8) WHERE i > 0)
		FROM generate_series(1, 20) i;
	-- wide rows: a build batch (8 MB of values) is ~2000 rows, so list pages
	-- are written long before the build ends
	CREATE TABLE wide (id int PRIMARY KEY, embedding vector(1000));
	INSERT INTO wide SELECT i, ARRAY(SELECT random() FROM generate_series(1, 1000) WHERE i > 0)
		FROM generate_series(1, 4000) i;
	-- an index expression that takes 1 ms a row: a build lasting seconds
	CREATE FUNCTION slow(v vector) RETURNS vector IMMUTABLE LANGUAGE plpgsql
		AS $$ BEGIN PERFORM pg_sleep(0.001); RETURN v; END $$;
	CHECKPOINT;
});

# Pids of the children of a process (Linux /proc).
sub children_of
{
	my ($parent) = @_;
	my @children;
	opendir(my $dh, '/proc') or die "cannot read /proc: $!";
	for my $pid (grep { /^\d+$/ } readdir($dh))
	{
		open(my $fh, '<', "/proc/$pid/stat") or next;
		my $stat = <$fh>;
		close($fh);
		push @children, $pid if defined $stat && $stat =~ /\) \S+ (\d+) / && $1 == $parent;
	}
	closedir($dh);
	return @children;
}

sub alive
{
	my ($pid) = @_;
	open(my $fh, '<', "/proc/$pid/stat") or return 0;
	my $stat = <$fh>;
	close($fh);
	return defined $stat && $stat !~ /\) Z /;
}

# A crash of the whole server: SIGKILL to the postmaster and every child.
# The postmaster is stopped first so that it forks no backend while its
# children are listed.
sub crash
{
	my $postmaster = $node->{_pid};
	kill('STOP', $postmaster);
	my @pids = (children_of($postmaster), $postmaster);
	kill('KILL', @pids);
	$node->kill9;
	# the restart must not see the old processes attached to shared memory,
	# nor the postmaster's pid in use (a zombie until reaped)
	for (my $i = 0; $i < 300 && (kill(0, $postmaster) || grep { alive($_) } @pids); $i++)
	{
		usleep(100_000);
	}
}

# index scans probing every list return every row of the table exactly once
sub check_complete
{
	my ($label, $index, $table, $lists, $dims) = @_;
	my $q = '[' . join(',', (0.5) x $dims) . ']';
	is($node->safe_psql('postgres', qq{
		SET enable_seqscan = off;
		SET ivfflat.probes = $lists;
		SELECT (SELECT count(*) FROM $table) - count(DISTINCT id), count(*) - count(DISTINCT id)
		FROM (SELECT id FROM $table ORDER BY embedding <-> '$q' LIMIT 10000000) t;
	}), '0|0', "$label: a scan of $index probing every list returns every row once (missing|duplicates)");
}

# with probes = lists, the 10 nearest rows of every query are the exact ones
sub check_exact
{
	my ($label) = @_;
	my $search = q{
		SELECT q.id, array_agg(n.id ORDER BY n.rank) FROM queries q, LATERAL (
			SELECT i.id, row_number() OVER () AS rank FROM (
				SELECT id FROM items ORDER BY embedding <-> q.embedding LIMIT 10) i) n
		GROUP BY q.id ORDER BY q.id;
	};
	my $exact = $node->safe_psql('postgres', "SET enable_indexscan = off; $search");
	my $indexed = $node->safe_psql('postgres', "SET enable_seqscan = off; SET ivfflat.probes = 100; $search");
	is($indexed, $exact, "$label: index searches probing every list are exact");
	like($node->safe_psql('postgres', "SET enable_seqscan = off; EXPLAIN (COSTS OFF) $search"),
		qr/Index Scan using items_ivf/, "$label: those searches use the index");
}

# Every row is in the list of its nearest center: a search for its own
# vector probing one list finds it. The build assigns rows with another
# float32 evaluation of the distances than the scan's ranking of the
# centers, so a row of the build at a near-tie (distances to two centers
# equal to ~1e-6) may sit in its second nearest list: a few such rows are
# allowed with probes = 1, none with probes = 2. Rows inserted after the
# build must all be found with probes = 1.
sub check_self_search
{
	my ($label) = @_;
	my $misses = q{
		SET enable_seqscan = off;
		SELECT count(*) FILTER (WHERE built), count(*) FILTER (WHERE NOT built) FROM (
			SELECT i.id <= 40000 AS built FROM items i
			WHERE i.id IS DISTINCT FROM (SELECT id FROM items ORDER BY embedding <-> i.embedding LIMIT 1)) t;
	};
	my ($built, $inserted) = split(/\|/, $node->safe_psql('postgres', "SET ivfflat.probes = 1; $misses"));
	note("$label: rows not found by their own vector with probes = 1: $built of the build, $inserted inserted");
	cmp_ok($built, '<=', 3, "$label: rows of the build are found by their own vector with probes = 1 (but $built)");
	is($inserted, '0', "$label: inserted rows are found by their own vector with probes = 1");
	is($node->safe_psql('postgres', "SET ivfflat.probes = 2; $misses"), '0|0',
		"$label: every row is found by its own vector with probes = 2");
}

sub check_no_index
{
	my ($label, $index) = @_;
	is($node->safe_psql('postgres', "SELECT count(*) FROM pg_class WHERE relname = '$index'"), '0',
		"$label: the interrupted index does not exist after recovery");
}

# Starts a CREATE INDEX in a background session and kills the server once
# the progress view satisfies $condition.
sub crash_during_build
{
	my ($create, $condition) = @_;
	my $build = $node->background_psql('postgres', on_error_stop => 0);
	$build->query_until(qr/started/, "\\echo started\n$create;\n");
	$node->poll_query_until('postgres', "SELECT coalesce(bool_or($condition), false) FROM pg_stat_progress_create_index")
	  or die "the build never reached $condition";
	my $progress = $node->safe_psql('postgres', 'SELECT phase, tuples_done, tuples_total FROM pg_stat_progress_create_index');
	note("killing the server during the build: $progress");
	crash();
	eval { $build->quit; };
	$node->start;
}

# --- kill -9 during the k-means of a build ---
crash_during_build(q{CREATE INDEX items_ivf ON items USING ivfflat (embedding vector_l2_ops) WITH (lists = 1000)},
	q{phase = 'building index: performing k-means'});
is($node->safe_psql('postgres', 'SELECT count(*) FROM items'), '40000', 'crash during k-means: all rows survive');
check_no_index('crash during k-means', 'items_ivf');

# --- kill -9 while a build writes list pages ---
crash_during_build(
	q{CREATE INDEX wide_ivf ON wide USING ivfflat ((slow(embedding)::vector(1000)) vector_l2_ops) WITH (lists = 10)},
	q{phase = 'building index: loading tuples' AND tuples_done >= 2400});
is($node->safe_psql('postgres', 'SELECT count(*) FROM wide'), '4000', 'crash while loading tuples: all rows survive');
check_no_index('crash while loading tuples', 'wide_ivf');
$node->safe_psql('postgres', 'CREATE INDEX wide_ivf ON wide USING ivfflat (embedding vector_l2_ops) WITH (lists = 10)');
check_complete('rebuilt after the crash', 'wide_ivf', 'wide', 10, 1000);

# --- kill -9 right after a build commits (no checkpoint in between) ---
$node->safe_psql('postgres', 'CREATE INDEX items_ivf ON items USING ivfflat (embedding vector_l2_ops) WITH (lists = 100)');
crash();
$node->start;
check_complete('crash after the build', 'items_ivf', 'items', 100, 8);
check_exact('crash after the build');
check_self_search('crash after the build');

# --- kill -9 during concurrent inserts, deletes and VACUUM ---
# Each pgbench client numbers its insert transactions (tag = client * 10^6 +
# n, 5 rows each); pgbench's transaction log says how many each client saw
# committed.
my %scripts = (
	'insert.sql' => q{
		\set n :n + 1
		INSERT INTO items (tag, embedding) SELECT :client_id * 1000000 + :n,
			ARRAY(SELECT random() FROM generate_series(1, 8) WHERE g > 0) FROM generate_series(1, 5) g;
	},
	'delete.sql' => q{
		\set id random(1, 40000)
		DELETE FROM items WHERE id = :id;
	},
	'vacuum.sql' => q{
		VACUUM items;
	},
);
for my $name (sort keys %scripts)
{
	my $file = $node->basedir . "/$name";
	open(my $fh, '>', $file) or die "cannot write $file: $!";
	print $fh $scripts{$name};
	close($fh);
}
# script 0: inserts
my @script_args = (
	'-f', $node->basedir . '/insert.sql@10',
	'-f', $node->basedir . '/delete.sql@3',
	'-f', $node->basedir . '/vacuum.sql@1');
my $log_prefix = $node->basedir . '/pgbench_log';
my $bench = IPC::Run::start(
	[ 'pgbench', '-n', '-c', '4', '-j', '2', '-T', '60', '-D', 'n=0', '-l', "--log-prefix=$log_prefix",
	  @script_args, '-h', $node->host, '-p', $node->port, 'postgres' ],
	'>', \my $bench_out, '2>', \my $bench_err);
$node->poll_query_until('postgres', 'SELECT count(DISTINCT tag) >= 300 FROM items')
  or die 'the inserts never started';
my $before_kill = $node->safe_psql('postgres', 'SELECT count(DISTINCT tag) FROM items');
crash();
$bench->finish;
note("pgbench: $bench_out\n$bench_err");
$node->start;

# transactions each client saw committed
my %acknowledged;
for my $log (glob("$log_prefix.*"))
{
	open(my $fh, '<', $log) or die "cannot read $log: $!";
	while (<$fh>)
	{
		my ($client, undef, $time, $script) = split;
		$acknowledged{$client}++ if $script == 0 && $time =~ /^\d+$/;
	}
	close($fh);
}
my $total = 0;
$total += $_ for values %acknowledged;
cmp_ok($total, '>=', $before_kill, "pgbench logged the committed inserts ($total, $before_kill seen before the kill)");
my $per_client = $node->safe_psql('postgres', q{
	SELECT tag / 1000000, count(DISTINCT tag), max(tag % 1000000), min(tag % 1000000), bool_and(rows = 5)
	FROM (SELECT tag, count(*) AS rows FROM items WHERE tag IS NOT NULL GROUP BY tag) t
	GROUP BY 1 ORDER BY 1});
my $lost = 0;
for my $client (sort keys %acknowledged)
{
	my ($line) = grep { /^$client\|/ } split(/\n/, $per_client);
	my (undef, $count, $max, $min, $whole) = split(/\|/, $line // "$client|0|0|1|t");
	# every acknowledged transaction is there, whole, numbered 1..count
	$lost++ unless $count >= $acknowledged{$client} && $count == $max && $min == 1 && $whole eq 't';
}
note("acknowledged inserts per client: " . join(', ', map { "$_: $acknowledged{$_}" } sort keys %acknowledged));
note("committed tags per client (client|tags|max|min|whole):\n$per_client");
is($lost, 0, 'no acknowledged insert is lost, each client\'s transactions are all there and whole');

check_complete('crash during inserts', 'items_ivf', 'items', 100, 8);
check_exact('crash during inserts');
check_self_search('crash during inserts');

# the recovered index takes VACUUM and new rows
$node->safe_psql('postgres', q{
	DELETE FROM items WHERE id % 10 = 0;
	VACUUM items;
	INSERT INTO items (embedding) SELECT ARRAY(SELECT random() FROM generate_series(1, 8) WHERE i > 0)
		FROM generate_series(1, 2000) i;
});
check_complete('after VACUUM and inserts', 'items_ivf', 'items', 100, 8);
check_exact('after VACUUM and inserts');
check_self_search('after VACUUM and inserts');

unlike(slurp_file($node->logfile), qr/PANIC|ERROR:  (?!canceling)/, 'no PANIC or unexpected ERROR in the server log');

done_testing();
