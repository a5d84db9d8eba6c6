"""Render Satchel's PNG icons from the SVG sources with headless Chromium.

Run from the repository root: .venv/bin/python pwa/icons/render_icons.py
The PNGs are committed; run this again only after changing an SVG. Pixels are
read from a canvas and written as a small palette PNG (no image library needed).
"""

from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent
ICONS = [
    ("icon.svg", 192, "icon-192.png"),
    ("icon.svg", 512, "icon-512.png"),
    ("icon-maskable.svg", 512, "icon-maskable-512.png"),
]
MAX_COLOURS = 48  # enough for the flat shapes and their anti-aliased edges
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

RENDER_JS = """async ([svg, size]) => {
  const img = new Image();
  img.src = 'data:image/svg+xml;base64,' + btoa(svg);
  await img.decode();
  const c = document.createElement('canvas');
  c.width = c.height = size;
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0, size, size);
  const px = ctx.getImageData(0, 0, size, size).data;
  let s = '';
  for (let i = 0; i < px.length; i += 8192) s += String.fromCharCode(...px.subarray(i, i + 8192));
  return btoa(s);
}"""


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def palette_png(rgba: bytes, size: int) -> bytes:
    """Quantise to at most MAX_COLOURS colours (nearest of the most frequent) and encode."""
    pixels = [tuple(rgba[i : i + 4]) for i in range(0, len(rgba), 4)]
    counts: dict[tuple[int, ...], int] = {}
    for p in pixels:
        counts[p] = counts.get(p, 0) + 1
    palette = sorted(counts, key=counts.__getitem__, reverse=True)[:MAX_COLOURS]
    index = {c: i for i, c in enumerate(palette)}

    def nearest(p: tuple[int, ...]) -> int:
        if p not in index:
            index[p] = min(range(len(palette)), key=lambda i: sum((a - b) ** 2 for a, b in zip(p, palette[i])))
        return index[p]

    rows = bytearray()
    for y in range(size):
        rows.append(0)
        rows.extend(nearest(p) for p in pixels[y * size : (y + 1) * size])
    plte = b"".join(bytes(c[:3]) for c in palette)
    trns = bytes(c[3] for c in palette).rstrip(b"\xff")
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 3, 0, 0, 0))
    out += chunk(b"PLTE", plte)
    if trns:
        out += chunk(b"tRNS", trns)
    return out + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        for src, size, dest in ICONS:
            svg = (HERE / src).read_text()
            rgba = base64.b64decode(page.evaluate(RENDER_JS, [svg, size]))
            (HERE / dest).write_bytes(palette_png(rgba, size))
            print(dest, (HERE / dest).stat().st_size, "bytes")
        browser.close()


if __name__ == "__main__":
    main()
