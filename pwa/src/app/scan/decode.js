// QR decoding for the scanner: the browser's BarcodeDetector where it reads QR codes,
// otherwise jsQR (loaded only then, as its own chunk) on a canvas frame grab.
// jsQR misses dense codes in big frames and in frames scaled down too far, so each frame is
// read in one of several views (docs/benchmarks.md, "QR decode rate"): the whole frame scaled to
// 800 px on its long side (fast, enough for a code that fills the frame), a centred crop at up to
// 1,000 px (a dense code in the middle of a 720p/1080p frame keeps its modules), and the whole
// frame at up to 1,600 px. A live camera tries one view per frame in turn; a picked image tries all.
export const VIEWS = [
  { crop: 1, max: 800 },
  { crop: 0.7, max: 1000, up: true },
  { crop: 1, max: 1600 },
];
let detector; // undefined: not probed yet; null: none
async function nativeDetector() {
  if (detector !== undefined) return detector;
  detector = null;
  try {
    const BD = globalThis.BarcodeDetector;
    if (BD && (await BD.getSupportedFormats()).includes('qr_code')) detector = new BD({ formats: ['qr_code'] });
  } catch {
    /* fall back to jsQR */
  }
  return detector;
}

let jsqr = null;
/** Load jsQR (its own chunk); rejects when it cannot be loaded (offline and not cached). */
export async function loadFallback() {
  if (!jsqr) jsqr = (await import('jsqr')).default;
  return jsqr;
}

let canvas = null;
/** The pixels of one view of `source` (a centred `crop` of it, scaled to at most `max` px). */
export function grab(source, width, height, { crop, max, up = false }) {
  const cw = Math.round(width * crop);
  const ch = Math.round(height * crop);
  const scale = up ? max / Math.max(cw, ch) : Math.min(1, max / Math.max(cw, ch));
  const w = Math.max(1, Math.round(cw * scale));
  const h = Math.max(1, Math.round(ch * scale));
  canvas ||= document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, Math.round((width - cw) / 2), Math.round((height - ch) / 2), cw, ch, 0, 0, w, h);
  return ctx.getImageData(0, 0, w, h);
}

let turn = 0;
/**
 * The text of a QR code in `source` (a playing <video>, an ImageBitmap), or null.
 * `thorough` also tries inverted (light-on-dark) codes: slower, used for picked images.
 */
export async function decode(source, width, height, thorough = false) {
  const native = await nativeDetector();
  if (native) {
    try {
      const [hit] = await native.detect(source);
      if (hit) return hit.rawValue;
      if (!thorough) return null;
    } catch {
      /* e.g. a frame not ready yet: try jsQR below */
    }
  }
  const read = await loadFallback();
  const views = thorough ? VIEWS : [VIEWS[turn++ % VIEWS.length]];
  for (const view of views) {
    const frame = grab(source, width, height, view);
    const code = read(frame.data, frame.width, frame.height, { inversionAttempts: thorough ? 'attemptBoth' : 'dontInvert' });
    if (code) return code.data;
  }
  return null;
}

/** Decode a QR code from an image file; null when none is found. */
export async function decodeFile(file) {
  const bitmap = await createImageBitmap(file);
  try {
    return await decode(bitmap, bitmap.width, bitmap.height, true);
  } finally {
    bitmap.close?.();
  }
}
