import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { ErrorBox } from './error.js';

/**
 * A page whose code loads on first use: the first load of the desk stays small (appliances are often reached
 * over slow links), and pages such as the calendar editor are fetched only by those who open them.
 */
export function lazyPage(load, name) {
  let loaded = null;
  let pending = null;
  return function LazyPage(props) {
    const [, setReady] = useState(Boolean(loaded));
    const [error, setError] = useState(null);
    useEffect(() => {
      if (loaded) return;
      // A page module may also wait for its own stylesheet (`export const ready`), so it never shows unstyled.
      pending ??= load().then(async (module) => {
        await module.ready;
        loaded = module[name];
      });
      pending.then(
        () => setReady(true),
        (err) => {
          pending = null;
          setError(err);
        },
      );
    }, []);
    if (error) return html`<${ErrorBox} error=${error} />`;
    if (!loaded) return html`<p class="muted">${t('common.loading')}</p>`;
    const Page = loaded;
    return html`<${Page} ...${props} />`;
  };
}

const sheets = new Map();
/** Adds a page's own stylesheet once; resolves when it has loaded (or failed: the page still works). */
export function loadStyles(href) {
  if (!sheets.has(href)) {
    sheets.set(
      href,
      new Promise((/** @type {(value?: void) => void} */ resolve) => {
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = href;
        link.onload = link.onerror = () => resolve();
        document.head.append(link);
      }),
    );
  }
  return sheets.get(href);
}
