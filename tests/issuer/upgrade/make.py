"""Made main-2b5a902.sql and its credentials with Satchel at commit 2b5a902 (the
last with the demo's second issuer); see README.md. Kept to show how; it needs
that commit's /api/v1/demo/credentials and does not run against today's code.

    PYTHONPATH=. python tests/issuer/upgrade/make.py OUT_DIR
"""

import json
import re
import sqlite3
import sys
from pathlib import Path

from litestar.testing import TestClient
from server.issuer.admin import issue_admin_token

from server.app import create_app
from server.settings import Settings

out = Path(sys.argv[1])
data = out / "data"
BASE = "http://testserver.local"
LEARNER = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
settings = Settings(data_dir=data, offline=True, public_url=BASE)
app = create_app(settings)
with TestClient(app=app, base_url=BASE) as c:
    demo = c.post("/api/v1/demo/credentials", json={"achievement": "green-finance", "subject": LEARNER}).json()
    token = issue_admin_token(app.state.db)
    c.post("/console/login", data={"token": token})
    csrf = re.search(r'name="csrf" value="([^"]+)"', c.get("/console").text).group(1)
    form = {"csrf": csrf, "achievement": "teacher-cpd", "subject": LEARNER, "lang": "zh-Hant"}
    award_id = re.search(r"/console/awards/([0-9a-f-]{36})/", c.post("/console/awards", data=form).text).group(1)
    awarded = c.get(f"/console/awards/{award_id}/credential.json").json()
(out / "demo-credential.json").write_text(json.dumps(demo["credential"], ensure_ascii=False, indent=1))
(out / "console-award.json").write_text(json.dumps(awarded, ensure_ascii=False, indent=1))
conn = sqlite3.connect(settings.database_path)
conn.execute("VACUUM")
(out / "satchel.sql").write_text("\n".join(conn.iterdump()) + "\n")
