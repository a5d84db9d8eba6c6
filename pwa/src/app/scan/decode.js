// QR decoding for the scanner: the browser's BarcodeDetector where it reads QR codes,
// otherwise jsQR (loaded only then, as its own chunk) on a canvas frame grab.
const MAX_SIDE = 800; // frames are scaled down to this: enough for a phone-screen QR, fast on cheap phones

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
function grab(source, width, height) {
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  canvas ||= document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(source, 0, 0, w, h);
  return ctx.getImageData(0, 0, w, h);
}

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
  const frame = grab(source, width, height);
  const code = read(frame.data, frame.width, frame.height, { inversionAttempts: thorough ? 'attemptBoth' : 'dontInvert' });
  return code ? code.data : null;
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
