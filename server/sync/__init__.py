"""Multi-device sync of per-item encrypted records with versions and tombstones."""
