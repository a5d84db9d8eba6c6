// The camera viewfinder and "Pick an image" fallback, shared by the import scanner (Scan.jsx)
// and the verifier mode (Verify.jsx). `onText(text)` resolves true when the code was used
// (the camera stays off), false to let the learner scan again. `collect(text)`, when given, sees
// each code first: it returns null for a whole code, {progress} for a part of a multi-part code
// (the camera keeps looking and the progress is shown) or {done} with the text of all the parts.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { decode, decodeFile } from './decode.js';

const EVERY_MS = 250; // frame grabs per second: about 4, light on the battery

/** The camera's message for a getUserMedia failure. */
function cameraProblem(err) {
  if (!navigator.mediaDevices?.getUserMedia) return t('scan.noCamera');
  if (err && (err.name === 'NotAllowedError' || err.name === 'SecurityError')) return t('scan.denied');
  if (err && (err.name === 'NotFoundError' || err.name === 'OverconstrainedError')) return t('scan.noCamera');
  return t('scan.cameraFailed');
}

export function ScannerPanel({ onText, busy, imageHint = t('scan.imageHint'), collect }) {
  const [state, setState] = useState('off'); // off | starting | looking | error
  const [message, setMessage] = useState('');
  const video = useRef(null);
  const stream = useRef(null);
  const timer = useRef(null);
  const done = useRef(false);

  const stop = () => {
    clearTimeout(timer.current);
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
    if (video.current) video.current.srcObject = null;
  };

  /** The text to use now, or null after showing a part's progress (scanning goes on). */
  const gather = (text) => {
    const got = collect ? collect(text) : null;
    if (!got) return text;
    if (got.done) return got.done;
    setMessage(got.progress);
    return null;
  };

  const found = async (text) => {
    if (done.current) return;
    done.current = true;
    stop();
    setState('off');
    setMessage(t('scan.found'));
    const kept = await onText(text);
    if (!kept) done.current = false;
  };

  const tick = async () => {
    const v = video.current;
    if (!stream.current || !v) return;
    if (v.readyState >= 2 && v.videoWidth) {
      try {
        const seen = await decode(v, v.videoWidth, v.videoHeight);
        const text = seen && gather(seen);
        if (text) return found(text);
      } catch {
        setState('error');
        setMessage(t('scan.loadFailed'));
        stop();
        return undefined;
      }
    }
    timer.current = setTimeout(tick, EVERY_MS);
    return undefined;
  };

  const start = async () => {
    done.current = false;
    setState('starting');
    setMessage(t('scan.starting'));
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: false,
      });
      video.current.srcObject = stream.current;
      await video.current.play();
      setState('looking');
      setMessage(t('scan.looking'));
      tick();
    } catch (err) {
      stop();
      setState('error');
      setMessage(cameraProblem(err));
    }
  };

  useEffect(() => {
    start();
    const hidden = () => document.hidden && stop();
    document.addEventListener('visibilitychange', hidden);
    return () => {
      document.removeEventListener('visibilitychange', hidden);
      stop();
    };
  }, []);

  const onImage = async (e) => {
    const input = e.currentTarget;
    const file = input.files && input.files[0];
    input.value = '';
    if (!file) return;
    stop();
    setState('off');
    let text = null;
    try {
      text = await decodeFile(file);
    } catch {
      text = null;
    }
    if (!text) setMessage(t('scan.noCode'));
    else if ((text = gather(text))) found(text);
  };

  const live = state === 'starting' || state === 'looking';
  return (
    <>
      <div class={live ? 'viewfinder' : 'viewfinder off'}>
        <video ref={video} muted playsInline aria-label={t('scan.preview')} data-testid="scan-video" />
      </div>
      <p role="status" class="scan-status" data-testid="scan-status" data-state={state}>
        {message}
      </p>
      <div class="confirm">
        {live ? (
          <button type="button" class="secondary" data-testid="scan-stop" onClick={() => (stop(), setState('off'), setMessage(''))}>
            {t('scan.stop')}
          </button>
        ) : (
          <button type="button" class="secondary" data-testid="scan-start" onClick={start} disabled={busy}>
            {t('scan.start')}
          </button>
        )}
        <input id="scan-image" class="visually-hidden" type="file" accept="image/*" data-testid="scan-image" aria-describedby="scan-image-hint" onChange={onImage} disabled={busy} />
        <label for="scan-image" class="button secondary">
          {t('scan.image')}
        </label>
      </div>
      <p id="scan-image-hint" class="hint">
        {imageHint}
      </p>
    </>
  );
}
