// Enhancements only: every page works without this file.
import { initAll } from './nhsuk-frontend.min.js';

initAll();

// The session timeout warning: a signed-in page says when it will sign the person out, and lets them stay.
const warning = document.querySelector('[data-module="kinwell-timeout"]');
if (warning) {
  const idleMs = Number(warning.getAttribute('data-idle-seconds')) * 1000;
  const warnBeforeMs = 2 * 60 * 1000;
  let timers = [];
  const schedule = () => {
    timers.forEach(clearTimeout);
    warning.hidden = true;
    timers = [
      setTimeout(
        () => {
          warning.hidden = false;
          warning.querySelector('button')?.focus();
        },
        Math.max(0, idleMs - warnBeforeMs),
      ),
      setTimeout(() => window.location.assign(warning.getAttribute('data-signed-out-url')), idleMs),
    ];
  };
  warning.querySelector('form')?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const response = await fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form)),
      credentials: 'same-origin',
    });
    if (response.ok) schedule();
  });
  schedule();
}
