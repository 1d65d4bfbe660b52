// Starts the session check while the app's code is still downloading, rather than after it runs:
// better-auth's get-session (200 either way), then, when it finds a session, GET /api/v1/me. The
// app's meQuery takes the answer (or null when signed out) on its first run; see session.ts.
// A plain script in the head (external, not inline: the server's CSP allows scripts from 'self'
// only), so the browser fetches it first and runs it before the app's module script, without waiting
// for the stylesheets as a deferred one would. Should the app's meQuery run first all the same, it
// has marked the check as taken (window.stewardEarlyMe set, to undefined) and this does nothing.
(() => {
  const path = window.location.pathname;
  if ('stewardEarlyMe' in window || path === '/sign-in' || path === '/setup') return;
  const get = (url) => fetch(url, { credentials: 'same-origin' });
  window.stewardEarlyMe = get('/api/auth/get-session')
    .then((res) => (res.ok ? res.json() : null))
    .then((session) => (session ? get('/api/v1/me') : null));
  // Settled here too, so a failure the app never awaits is not reported as unhandled.
  window.stewardEarlyMe.catch(() => undefined);
})();
