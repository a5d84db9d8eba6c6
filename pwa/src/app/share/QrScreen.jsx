// A QR code drawn in the browser (qrcode-generator, loaded the first time a QR is shown),
// full screen: dark modules on white with a quiet zone, as large as the screen allows.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';

let loading = null;
const loadQr = () => (loading ||= import('qrcode-generator').then((m) => m.default || m));

/** {size, path} of the QR code for `text`, or null when it does not fit in a QR code. */
function matrix(qrcode, text) {
  // SVP1 text is all in the QR alphanumeric set: 4,296 characters fit at level L.
  const alnum = /^[0-9A-Z $%*+\-./:]*$/.test(text);
  const qr = qrcode(0, alnum ? 'L' : 'M');
  qr.addData(text, alnum ? 'Alphanumeric' : 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  let path = '';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) path += `M${c + 4} ${r + 4}h1v1h-1z`;
  return { size: n + 8, path };
}

export function QrCode({ text, label }) {
  const [state, setState] = useState(null); // null loading, {size, path}, 'too_big', 'failed'
  useEffect(() => {
    let live = true;
    loadQr()
      .then((qrcode) => {
        let m;
        try {
          m = matrix(qrcode, text);
        } catch {
          m = 'too_big';
        }
        // the drawn text travels with its matrix: data-text never names a code not yet drawn
        if (live) setState(typeof m === 'string' ? m : { ...m, text });
      })
      .catch(() => live && setState('failed'));
    return () => (live = false);
  }, [text]);
  if (state === null) return <p class="hint" aria-busy="true">{t('app.loading')}</p>;
  if (typeof state === 'string') {
    return (
      <p role="alert" class="error" data-testid="qr-problem">
        {t(state === 'too_big' ? 'share.qrTooBig' : 'share.qrFailed')}
      </p>
    );
  }
  return (
    <svg class="qr" data-testid="qr-code" data-text={state.text} viewBox={`0 0 ${state.size} ${state.size}`} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect width={state.size} height={state.size} fill="#fff" />
      <path d={state.path} fill="#000" />
    </svg>
  );
}

const TURN_MS = 1200; // how long each part of a multi-part code is shown

/**
 * A full-screen dialog showing `text` as a QR code (or `texts`, the parts of one, taking turns
 * with buttons to step through them), with a title and a hint below it.
 */
export function QrScreen({ text, texts, title, hint, onClose, testid = 'qr-screen' }) {
  const close = useRef(null);
  const parts = texts || [text];
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(parts.length > 1);
  useEffect(() => {
    if (!playing || parts.length < 2) return undefined;
    const id = setInterval(() => setIndex((i) => (i + 1) % parts.length), TURN_MS);
    return () => clearInterval(id);
  }, [playing, parts.length]);
  const step = (by) => (setPlaying(false), setIndex((i) => (i + by + parts.length) % parts.length));
  useEffect(() => {
    const before = document.activeElement;
    close.current?.focus();
    const onKey = (e) => e.key === 'Escape' && onClose();
    addEventListener('keydown', onKey);
    return () => {
      removeEventListener('keydown', onKey);
      before?.focus?.();
    };
  }, []);
  return (
    <div class="qr-screen" role="dialog" aria-modal="true" aria-labelledby="qr-title" data-testid={testid}>
      <h2 id="qr-title">{title}</h2>
      <QrCode text={parts[index]} label={parts.length > 1 ? `${title}: ${t('share.qrPart', { index: index + 1, total: parts.length })}` : title} />
      {parts.length > 1 && (
        <div class="qr-parts">
          <p data-testid="qr-part" data-index={index + 1} data-total={parts.length}>
            {t('share.qrPart', { index: index + 1, total: parts.length })}
          </p>
          <div class="confirm">
            <button type="button" class="secondary" data-testid="qr-prev" onClick={() => step(-1)}>
              {t('share.qrPrev')}
            </button>
            <button type="button" class="secondary" data-testid="qr-play" aria-pressed={playing ? 'false' : 'true'} onClick={() => setPlaying(!playing)}>
              {t('share.qrPause')}
            </button>
            <button type="button" class="secondary" data-testid="qr-next" onClick={() => step(1)}>
              {t('share.qrNext')}
            </button>
          </div>
          <p class="qr-hint">{t('share.qrPartsHint', { total: parts.length })}</p>
        </div>
      )}
      {hint && <p class="qr-hint">{hint}</p>}
      <button type="button" class="primary" ref={close} data-testid="qr-close" onClick={onClose}>
        {t('share.qrClose')}
      </button>
    </div>
  );
}
