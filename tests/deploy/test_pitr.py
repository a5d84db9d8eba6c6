"""The point-in-time recovery docs/deploy.md describes, done for real with
Debian's PostgreSQL: WAL archived by the compose file's own archive_command, a
base backup as the doc takes it, then a restore to a moment between two
commits — the earlier row is there, the later one is not, recovery pauses at
the target and opens for writes when resumed."""

from __future__ import annotations

import time

from tests.deploy.pg_cluster import Cluster, compose_primary
from tests.pg import as_owner


def test_restore_to_a_moment_between_two_commits(pg_workspace):
    workspace = pg_workspace
    primary = compose_primary(workspace)
    archive = workspace / "wal-archive"
    assert primary.settings["archive_mode"] == "on" and str(archive) in primary.settings["archive_command"]
    try:
        primary.sql("INSERT INTO awards VALUES (1)")
        primary.base_backup(workspace / "base", "-Ft", "-z", "-X", "fetch")  # as docs/deploy.md takes it
        primary.sql("INSERT INTO awards VALUES (2)")
        time.sleep(1.1)
        target = primary.sql("SELECT now()")
        time.sleep(1.1)
        primary.sql("INSERT INTO awards VALUES (3)")
        segment = primary.sql("SELECT pg_walfile_name(pg_current_wal_lsn())")
        primary.sql("SELECT pg_switch_wal()")
        primary.wait_for(f"SELECT last_archived_wal >= '{segment}' FROM pg_stat_archiver", "t")
    finally:
        primary.stop()
    assert (archive / segment).is_file()

    restored = Cluster(workspace, workspace / "restored", {"archive_mode": "off"})
    as_owner("mkdir", "-m", "700", str(restored.data))
    as_owner("tar", "-xzf", str(workspace / "base" / "base.tar.gz"), "-C", str(restored.data))
    recovery = f"restore_command = 'cp {archive}/%f %p'\nrecovery_target_time = '{target}'\n"
    as_owner("sh", "-c", f'printf "%s" "$0" >> {restored.data}/postgresql.auto.conf', recovery)
    as_owner("touch", str(restored.data / "recovery.signal"))
    restored.start()
    try:
        restored.wait_for("SELECT pg_get_wal_replay_pause_state()", "paused")
        assert restored.awards() == "1,2"
        restored.sql("SELECT pg_wal_replay_resume()")
        assert restored.takes_writes(4) == "1,2,4"
    finally:
        restored.stop()
