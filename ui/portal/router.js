import { useEffect, useState } from 'preact/hooks';

// The portal's router: its pages live under /portal, links are ordinary <a href>, and a click on one of them is
// handled here without a reload. Downloads (/api/...) and the login link itself (/portal/login/<token>, answered
// by the server) are left to the browser.
/** @type {Set<() => void>} */
const listeners = new Set();

/** Whether the page changed since the portal loaded: only then does focus move to the new page's heading. */
let moved = false;
export const hasNavigated = () => moved;

/** @param {string} to @param {{ replace?: boolean }} [opts] */
export function navigate(to, { replace = false } = {}) {
  if (to === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', to);
  moved = true;
  window.scrollTo(0, 0);
  listeners.forEach((l) => l());
}

export function useLocation() {
  const [loc, setLoc] = useState({ path: location.pathname, search: location.search });
  useEffect(() => {
    const update = () => setLoc({ path: location.pathname, search: location.search });
    const pop = () => {
      moved = true;
      update();
    };
    listeners.add(update);
    window.addEventListener('popstate', pop);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', pop);
    };
  }, []);
  return loc;
}

/** Whether a same-origin path is one of the portal's own pages. @param {string} path */
const isPortalPage = (path) => (path === '/portal' || path.startsWith('/portal/')) && !/^\/portal\/login\/./.test(path);

document.addEventListener('click', (e) => {
  const target = /** @type {Element} */ (e.target);
  const a = /** @type {HTMLAnchorElement | null} */ (target.closest && target.closest('a[href]'));
  if (!a || a.target || a.hasAttribute('download') || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !isPortalPage(url.pathname)) return;
  // A jump within the page (the skip link to #main) is the browser's to make.
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});

/** Matches `/portal/tickets/:id` against a path; returns its params or null. @param {string} pattern @param {string} path */
export function match(pattern, path) {
  const p = pattern.split('/');
  const s = path.split('/');
  if (p.length !== s.length) return null;
  /** @type {Record<string, string>} */
  const params = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

/** The value of one parameter of a search string. @param {string} search @param {string} name */
export const param = (search, name) => new URLSearchParams(search).get(name) ?? '';
