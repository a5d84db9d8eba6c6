// Registers the service worker and reports two events to the page:
//   onReady()        the first service worker finished installing: the app works offline
//   onUpdate(apply)  a new version is waiting; call apply() to switch to it and reload
// Never reloads on its own: the learner may be in the middle of something.

export function registerServiceWorker({ onReady, onUpdate }) {
  if (!('serviceWorker' in navigator)) return;
  const sw = navigator.serviceWorker;
  let reloading = false;

  const offer = (worker) =>
    onUpdate(() => {
      reloading = true;
      worker.postMessage({ type: 'SKIP_WAITING' });
    });

  sw.addEventListener('controllerchange', () => {
    if (reloading) location.reload();
  });

  const register = async () => {
    let reg;
    try {
      reg = await sw.register('/sw.js', { scope: '/' });
    } catch {
      return; // no offline support this time; the app still works online
    }
    if (reg.waiting && sw.controller) offer(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const worker = reg.installing;
      if (!worker) return;
      const firstInstall = !reg.active;
      worker.addEventListener('statechange', () => {
        if (worker.state === 'installed' && !firstInstall) offer(worker);
        if (worker.state === 'activated' && firstInstall) onReady();
      });
    });
  };

  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}
