"""The QR decode rate of Satchel's own in-person codes (issue 14), through the PWA's own
decoder, pwa/src/app/scan/decode.js (bundled with jsQR by esbuild, run in headless Chromium,
where there is no BarcodeDetector: the jsQR path of most phones).

Each code (one and two credentials: every part as shown, and the single dense code) is drawn
into camera-like frames of 640x480, 1280x720 and 1920x1080: a phone screen on a grey desk,
the code about 55 % of the frame's height, rotated 4 degrees and sheared (a slight
perspective), then Gaussian-blurred by 0, 1 or 2 px. "before" reads a frame as the scanner did
(the whole frame scaled to 800 px); "after" as it does now over one turn of its views (three
frames, under a second at four frames a second).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import segno

from tests.bench.qr_codes import in_person
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, REPO
from wallet_core.presentations import qr_encode, qr_encode_parts

SIZES = [(640, 480), (1280, 720), (1920, 1080)]
BLURS = [0, 1, 2]

ENTRY = """
import { decode, grab, loadFallback, VIEWS } from './pwa/src/app/scan/decode.js';
function frame(matrix, w, h, blur) {
  const n = matrix.length + 8;
  const side = Math.round(h * 0.55);
  // the code drawn sharp at 8 px a module, then scaled smoothly (as a lens would) into the frame
  const code = document.createElement('canvas');
  code.width = code.height = n * 8;
  const c = code.getContext('2d');
  c.fillStyle = '#fff'; c.fillRect(0, 0, n * 8, n * 8); c.fillStyle = '#111';
  matrix.forEach((row, r) => row.forEach((dark, col) => dark && c.fillRect((col + 4) * 8, (r + 4) * 8, 8, 8)));
  const out = document.createElement('canvas');
  out.width = w; out.height = h;
  const o = out.getContext('2d');
  o.fillStyle = '#777'; o.fillRect(0, 0, w, h);
  o.translate(w / 2, h / 2);
  o.rotate((4 * Math.PI) / 180);
  o.transform(1, 0.03, 0.05, 1, 0, 0);
  o.fillStyle = '#222'; o.fillRect(-side * 0.6, -side * 0.75, side * 1.2, side * 1.5);
  o.filter = blur ? `blur(${blur}px)` : 'none';
  o.imageSmoothingQuality = 'high';
  o.drawImage(code, -side / 2, -side / 2, side, side);
  return out;
}
window.rate = async (codes, sizes, blurs) => {
  const read = await loadFallback();
  const rows = [];
  for (const [w, h] of sizes) for (const blur of blurs) for (const { kind, text, matrix } of codes) {
    const f = frame(matrix, w, h, blur);
    const img = grab(f, w, h, VIEWS[0]);
    const hit = read(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' });
    const before = !!hit && hit.data === text;
    let after = false;
    for (let i = 0; i < VIEWS.length && !after; i++) after = (await decode(f, w, h)) === text;
    rows.push({ w, h, blur, kind, before, after });
  }
  return rows;
};
"""


def codes() -> list[dict]:
    out = []
    for count in (1, 2):
        vp = in_person(count)
        parts = qr_encode_parts(vp)
        for text in parts:
            out.append({"kind": f"{count} cred, part of {len(parts)}", "text": text})
        out.append({"kind": f"{count} cred, one code", "text": qr_encode(vp)})
    for c in out:
        qr = segno.make(c["text"], error="l", micro=False, boost_error=False)
        c["matrix"] = [[1 if v else 0 for v in row] for row in qr.matrix]
        c["version"] = qr.version
    return out


def measure() -> tuple[list[dict], dict]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        entry = Path(REPO) / ".bench-decode-entry.mjs"
        entry.write_text(ENTRY)
        try:
            bundle = Path(tmp) / "bench.js"
            subprocess.run([str(Path(REPO) / "node_modules/.bin/esbuild"), str(entry), "--bundle", "--format=iife",
                            f"--outfile={bundle}", "--log-level=warning"], check=True, cwd=REPO)
        finally:
            entry.unlink()
        all_codes = codes()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.set_content("<!doctype html><title>decode rate</title>")
            page.add_script_tag(content=bundle.read_text())
            rows = page.evaluate("([c, s, b]) => window.rate(c, s, b)",
                                 [[{k: c[k] for k in ("kind", "text", "matrix")} for c in all_codes], SIZES, BLURS])
            browser.close()
    versions = {c["kind"]: c["version"] for c in all_codes}
    return rows, versions


def print_decode_rate() -> bool:
    rows, versions = measure()
    kinds = list(dict.fromkeys(r["kind"] for r in rows))
    print("\n== QR decode rate: Satchel's codes in camera-like frames, the PWA's decoder (jsQR) ==")
    print("   before: whole frame at 800 px (one frame); after: the scanner's views (one turn, 3 frames)")
    print(f"{'frame':<11}{'blur':>5}  " + "  ".join(f"{k} (v{versions[k]})" for k in kinds))
    ok = True
    for w, h in SIZES:
        for blur in BLURS:
            cells = []
            for k in kinds:
                sel = [r for r in rows if (r["w"], r["h"], r["blur"], r["kind"]) == (w, h, blur, k)]
                b, a = sum(r["before"] for r in sel), sum(r["after"] for r in sel)
                cells.append(f"{b}/{len(sel)} -> {a}/{len(sel)}")
                if "part" in k and blur < 2:
                    ok = ok and a == len(sel)
            print(f"{w}x{h:<6}{blur:>5}  " + "  ".join(f"{c:<{len(k) + 6}}" for c, k in zip(cells, kinds, strict=True)))
    return ok


if __name__ == "__main__":
    print_decode_rate()
