// Skills are the alignments credentials carry (ESCO, O*NET, national frameworks…).
// The same skill from two issuers is one skill when framework and code (or name) match.

export function alignmentKey(a) {
  const id = (a.code || a.name || a.url || '').trim().toLowerCase();
  return id ? `${(a.framework || '').trim().toLowerCase()}|${id}` : null;
}

/** Distinct skill keys of one record. */
export function skillKeysOf(record) {
  const keys = new Set();
  for (const a of record.verdict?.display?.alignments || []) {
    const k = alignmentKey(a);
    if (k) keys.add(k);
  }
  return keys;
}

/**
 * Every skill across the records, each with the records that back it:
 * [{key, name, framework, code, url, records: [...]}], most-backed first, then by name.
 */
export function aggregateSkills(records) {
  const byKey = new Map();
  for (const r of records) {
    for (const a of r.verdict?.display?.alignments || []) {
      const key = alignmentKey(a);
      if (!key) continue;
      let s = byKey.get(key);
      if (!s) {
        s = { key, name: a.name || a.code, framework: a.framework, code: a.code, url: a.url, records: [] };
        byKey.set(key, s);
      }
      if (!s.records.includes(r)) s.records.push(r);
    }
  }
  return [...byKey.values()].sort((x, y) => y.records.length - x.records.length || String(x.name).localeCompare(String(y.name)));
}
