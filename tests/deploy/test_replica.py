"""The streaming replica docs/deploy.md describes, done for real with Debian's
PostgreSQL: `pg_basebackup -X stream -R -C -S replica1` from a primary started
with the compose file's settings, the replica streaming (the monitoring
queries the doc names answer), synchronous commit once the replica is named,
and failover by promotion."""

from __future__ import annotations

from tests.deploy.pg_cluster import Cluster, compose_primary


def test_replica_streams_turns_synchronous_and_takes_over(pg_workspace):
    root = pg_workspace
    primary = compose_primary(root)
    replica = Cluster(root, root / "replica", {"archive_mode": "off", "cluster_name": "replica1"})
    try:
        primary.base_backup(replica.data, "-X", "stream", "-R", "-C", "-S", "replica1")  # as docs/deploy.md
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
        assert replica.takes_writes(3) == "1,2,3"
    finally:
        replica.stop()
