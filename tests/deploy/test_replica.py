"""The streaming replica docs/deploy.md describes, done for real with Debian's
PostgreSQL: `pg_basebackup -X stream -R -C -S replica1` from a primary started
with the compose file's settings, the replica streaming (the monitoring
queries the doc names answer), synchronous commit once the replica is named,
and failover by promotion."""

from __future__ import annotations

from tests.deploy.pg_cluster import COMPOSE_ARCHIVE, Cluster, as_postgres, compose_settings, pg_bin


def test_replica_streams_turns_synchronous_and_takes_over(pg_workspace):
    root = pg_workspace
    as_postgres("mkdir", "-m", "700", str(root / "wal-archive"))
    primary = Cluster(root, root / "primary", {
        k: v.replace(COMPOSE_ARCHIVE, str(root / "wal-archive")) for k, v in compose_settings().items()
    })
    as_postgres(pg_bin("initdb"), "-D", str(primary.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    primary.start()
    replica = Cluster(root, root / "replica", {"archive_mode": "off", "cluster_name": "replica1"})
    try:
        primary.sql("CREATE TABLE awards (id int PRIMARY KEY)")
        as_postgres(pg_bin("pg_basebackup"), "-h", str(root), "-p", str(primary.port), "-U", "postgres",
                    "-D", str(replica.data), "-X", "stream", "-R", "-C", "-S", "replica1")
        replica.start()
        primary.sql("INSERT INTO awards VALUES (1)")
        replica.wait_for("SELECT count(*) FROM awards", "1")
        assert replica.sql("SELECT pg_is_in_recovery()") == "t"
        primary.wait_for("SELECT application_name || ' ' || state FROM pg_stat_replication", "replica1 streaming")
        assert primary.sql("SELECT active FROM pg_replication_slots WHERE slot_name = 'replica1'") == "t"
        assert replica.sql("SELECT now() - pg_last_xact_replay_timestamp() < interval '1 hour'") == "t"

        # synchronous: each commit waits until the named replica has it
        primary.sql("ALTER SYSTEM SET synchronous_standby_names = 'FIRST 1 (replica1)'")
        primary.sql("SELECT pg_reload_conf()")
        primary.wait_for("SELECT sync_state FROM pg_stat_replication", "sync")
        primary.sql("INSERT INTO awards VALUES (2)")
        replica.wait_for("SELECT count(*) FROM awards", "2")
    finally:
        primary.stop()

    # failover: the replica is promoted and takes writes
    try:
        replica.sql("SELECT pg_promote()")
        replica.wait_for("SELECT pg_is_in_recovery()", "f")
        replica.sql("INSERT INTO awards VALUES (3)")
        assert replica.sql("SELECT string_agg(id::text, ',' ORDER BY id) FROM awards") == "1,2,3"
    finally:
        replica.stop()
