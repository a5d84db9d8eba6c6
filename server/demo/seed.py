"""First-run demo data: the demo achievements and pathway, put into the issuer's
own catalogue (server/issuer), so that `make run` can award them at once. The
issuer, its keys and its name are the one issuer's (settings.issuer_names)."""

from __future__ import annotations

import sqlite_utils

from server.demo.achievements import DEMO_ACHIEVEMENTS, DEMO_PATHWAYS
from server.issuer.catalog import (
    create_achievement,
    create_pathway,
    latest_achievements,
    list_pathway_slugs,
)


def ensure_demo_data(db: sqlite_utils.Database) -> None:
    """Add each demo achievement and pathway the catalogue does not have yet; an
    achievement or pathway already there (edited in the console, or from an earlier
    run) is left as it is."""
    with db.atomic():
        known = {row["slug"] for row in latest_achievements(db)}
        for definition in DEMO_ACHIEVEMENTS:
            if definition["slug"] not in known:
                create_achievement(db, definition)
        pathways = set(list_pathway_slugs(db))
        for pathway in DEMO_PATHWAYS:
            if pathway["slug"] not in pathways:
                create_pathway(db, pathway)
