import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { language, t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { TemplateEditor } from './template-editor.js';
import { TEMPLATE_ONLY_EVENTS, eventLabel } from './notification-words.js';

/**
 * The mail templates: the events of the rules plus the receipt to a new ticket's sender; an event the server
 * has no template for (a GET that answers 404) is not offered.
 */
export function TemplatesTab({ events }) {
  const all = [...new Set([...events, ...TEMPLATE_ONLY_EVENTS])];
  const [lang, setLang] = useState(language() === 'ru' ? 'ru' : 'en');
  const [views, setViews] = useState(null);
  const [error, setError] = useState(null);
  const [selected, setSelected] = useState(null);
  const dirty = useRef(false);
  useEffect(() => {
    let live = true;
    Promise.all(
      all.map((e) =>
        api.get(`/notification-templates/${encodeURIComponent(e)}/${lang}`).then(
          (v) => [e, v],
          (err) => (err.status === 404 ? [e, null] : Promise.reject(err)),
        ),
      ),
    ).then(
      (pairs) => {
        if (!live) return;
        const found = Object.fromEntries(pairs.filter(([, v]) => v));
        setViews(found);
        setSelected((s) => (s && found[s] ? s : (all.find((e) => found[e]) ?? null)));
      },
      (err) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [lang, all.join()]);
  const leave = () => !dirty.current || confirm(t('mail.tpl.discard'));
  const choose = (e) => e !== selected && leave() && setSelected(e);
  const chooseLang = (l) => l !== lang && leave() && setLang(l);
  const available = views ? all.filter((e) => views[e]) : [];
  const view = views && selected ? views[selected] : null;

  return html`<div class="templates-tab">
    <p class="muted lead">${t('mail.tpl.lead')}</p>
    <${ErrorBox} error=${error} />
    <div class="template-layout">
      <nav class="template-events" aria-label=${t('mail.tpl.events')}>
        <div class="lang-switch" role="group" aria-label=${t('mail.tpl.language')}>
          ${['ru', 'en'].map((l) => html`<button type="button" data-lang=${l} aria-pressed=${l === lang ? 'true' : 'false'} class=${l === lang ? 'active' : ''} onClick=${() => chooseLang(l)}>${t(`mail.lang.${l}`)}</button>`)}
        </div>
        ${available.map(
          (e) =>
            html`<button
              type="button"
              class=${`template-event${e === selected ? ' active' : ''}`}
              data-template-event=${e}
              aria-current=${e === selected ? 'true' : undefined}
              onClick=${() => choose(e)}
            >
              <span>${eventLabel(e)}</span
              >${views[e].overridden && html` <span class="chip tpl-overridden">${t('mail.tpl.overridden')}</span>`}
            </button>`,
        )}
        ${views && !available.length && html`<p class="muted">${t('mail.tpl.none')}</p>`}
      </nav>
      <div class="template-main">
        ${!views && !error && html`<p class="muted">${t('common.loading')}</p>`}
        ${
          view &&
          html`<${TemplateEditor}
            key=${`${selected}|${lang}`}
            view=${view}
            onDirty=${(d) => (dirty.current = d)}
            onChange=${(next) => setViews((v) => ({ ...v, [next.event]: next }))}
          />`
        }
      </div>
    </div>
  </div>`;
}
