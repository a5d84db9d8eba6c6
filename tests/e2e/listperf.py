"""1,000 credentials in the wallet: seeding (real verdict shapes, varied
deterministically) and in-page timing of list render and search under CPU
throttling. Used by tests/e2e/test_list_1000.py and `make bench`."""

from __future__ import annotations

import copy
import json
import random
import statistics

from tests.e2e.helpers import create_wallet, issued_credential, verdict_for

ISSUERS = ["Satchel Demo Academy", "Harbour City College", "Green Skills Institute", "Northfield University",
           "Open Data Academy", "City Library Makerspace", "Teachers' Guild", "Cloud Training Co."]
TYPES = ["Course", "Certificate", "Badge", "MicroCredential"]
SKILLS = [("ESCO", "S5.6.1", "digital competence"), ("ESCO", "S1.1", "communication"),
          ("ESCO", "T2", "teamwork"), ("O*NET", "2.A.1.a", "reading comprehension"),
          ("ESCO", "S5.1", "programming"), ("HKQF", "SCS-F1", "sustainable finance"),
          ("ESCO", "S4.8", "data analysis"), ("ESCO", "T6", "problem solving")]
TOPICS = ["Cloud computing", "Green finance", "AI foundations", "Teaching online", "Data literacy",
          "First aid", "Project management", "Spreadsheet skills", "Customer service", "Web accessibility"]
RESULTS = ["valid", "valid", "valid", "could_not_check", "invalid"]


def seed_records(template: dict, n: int = 1000, seed: int = 7) -> list[dict]:
    """`n` wallet records shaped like `template` (a real verdict from the server)."""
    rng = random.Random(seed)
    credential = json.loads(template["credential"])
    records = []
    for i in range(n):
        v = copy.deepcopy(template)
        topic = TOPICS[i % len(TOPICS)]
        issuer = ISSUERS[rng.randrange(len(ISSUERS))]
        day = f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T09:00:00Z"
        v["result"] = RESULTS[rng.randrange(len(RESULTS))]
        v["issuer"]["name"] = issuer
        d = v["display"]
        d.update(name=f"{topic} {i + 1}", issuer_name=issuer, issued=day,
                 achievement_type=TYPES[rng.randrange(len(TYPES))],
                 description=f"Credential number {i + 1} about {topic.lower()}.")
        d["alignments"] = [{"framework": f, "code": c, "name": s, "url": None}
                           for f, c, s in rng.sample(SKILLS, rng.randint(0, 3))]
        credential["id"] = f"urn:uuid:00000000-0000-4000-8000-{i:012d}"
        v["credential"] = json.dumps(credential)
        records.append({"id": f"seed-{i:04d}", "credential": v["credential"], "verdict": v,
                        "importedAt": f"2026-01-01T00:{i // 60 % 60:02d}:{i % 60:02d}.000Z"})
    return records


def wallet_of_records(page, server, n: int = 1000) -> list[dict]:
    """A new wallet holding `n` seeded records (verdict shapes from the live server's own
    award), the page reloaded to show them; the records."""
    did = create_wallet(page, server.url)
    template = verdict_for(server.url, issued_credential(server, did, "ai-foundations"))
    records = seed_records(template, n)
    store_records(page, records)
    page.reload()
    return records


def store_records(page, records: list[dict]) -> None:
    """Write the records straight into the app's IndexedDB (the app must have opened it)."""
    page.evaluate(
        """(records) => new Promise((resolve, reject) => {
            const open = indexedDB.open('satchel');
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction('credentials', 'readwrite');
              for (const r of records) tx.objectStore('credentials').put(r);
              tx.oncomplete = () => { db.close(); resolve(); };
              tx.onerror = () => reject(tx.error);
            };
            open.onerror = () => reject(open.error);
        })""",
        records,
    )


# Resolves with the time after the next change under <main> has been committed and laid out.
_SETTLE = """
const settle = () => new Promise((resolve, reject) => {
  const main = document.getElementById('main');
  const timer = setTimeout(() => { mo.disconnect(); reject(new Error('no change')); }, 10000);
  const mo = new MutationObserver(() => {
    mo.disconnect(); clearTimeout(timer);
    document.body.offsetHeight;  // force style and layout
    resolve(performance.now());
  });
  mo.observe(main, {childList: true, subtree: true, characterData: true});
});
"""

RENDER_JS = _SETTLE + """
async () => {
  // From another screen back to the list: the wallet view with all credentials.
  location.hash = '#/settings';
  await new Promise(r => { const c = () => document.querySelector('[data-testid=settings]') ? r() : setTimeout(c, 20); c(); });
  await new Promise(r => setTimeout(r, 50));
  const done = settle();
  const t0 = performance.now();
  location.hash = '#/';
  const t1 = await done;
  return t1 - t0;
}
"""

SEARCH_JS = _SETTLE + """
async (q) => {
  const input = document.querySelector('[data-testid=search]');
  const done = settle();
  const t0 = performance.now();
  input.value = q;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  const t1 = await done;
  return t1 - t0;
}
"""


def measure(page, context, rate: int = 4, repeats: int = 5) -> dict:
    """Median list-render and search times (ms) at `rate`× CPU throttling."""
    # Steady state: the service worker has finished precaching, each path has run once.
    page.evaluate("() => navigator.serviceWorker.ready.then(() => new Promise(r => setTimeout(r, 500)))")
    page.evaluate(RENDER_JS)
    page.evaluate(SEARCH_JS, "warm")
    page.evaluate(SEARCH_JS, "")
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    try:
        render = [page.evaluate(RENDER_JS) for _ in range(repeats)]
        search = []
        for q in ["cloud", "", "green finance 1", "", "teamwork", "", "harbour", ""][: repeats * 2]:
            ms = page.evaluate(SEARCH_JS, q)
            if q:
                search.append(ms)
    finally:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    return {"rate": rate, "render_ms": statistics.median(render), "search_ms": statistics.median(search),
            "render_all": render, "search_all": search}


# From the settings screen to `hash`, until the element `testid` is there: ms.
SCREEN_JS = """
async ([hash, testid]) => {
  location.hash = '#/settings';
  await new Promise(r => { const c = () => document.querySelector('[data-testid=settings]') ? r() : setTimeout(c, 20); c(); });
  await new Promise(r => setTimeout(r, 50));
  const t0 = performance.now();
  location.hash = hash;
  await new Promise(r => { const c = () => document.querySelector(`[data-testid=${testid}]`) ? r() : setTimeout(c, 5); c(); });
  document.body.offsetHeight;  // force style and layout
  return performance.now() - t0;
}
"""


def measure_screen(page, context, hash_: str, testid: str, rate: int = 4, repeats: int = 5) -> float:
    """Median time (ms) to open the screen at `hash_` at `rate`× CPU throttling."""
    page.evaluate("() => navigator.serviceWorker.ready.then(() => new Promise(r => setTimeout(r, 500)))")
    page.evaluate(SCREEN_JS, [hash_, testid])
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    try:
        times = [page.evaluate(SCREEN_JS, [hash_, testid]) for _ in range(repeats)]
    finally:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    return statistics.median(times)
