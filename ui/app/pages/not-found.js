import { html } from '../html.js';
import { t } from '../i18n.js';

/**
 * What an address the desk has no page for shows (a mistyped link, a page the agent's role may not open, an
 * old bookmark): said in words, with the address, and ways back to where work goes on.
 * @param {{ path: string }} props
 */
export function NotFoundPage({ path }) {
  return html`<section class="not-found card" data-page="not-found">
    <div class="code-big" aria-hidden="true">404</div>
    <h1>${t('notFound.title')}</h1>
    <p class="muted">${t('notFound.text')}</p>
    <p><code class="path">${path}</code></p>
    <div class="actions">
      <a class="button primary" href="/tickets?status=active">${t('notFound.toQueue')}</a>
      <button type="button" onClick=${() => history.back()}>${t('notFound.back')}</button>
    </div>
  </section>`;
}
