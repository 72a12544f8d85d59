import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { loadMessages, t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { loadStyles } from '../../components/lazy.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';

await loadMessages('surveys');
await loadStyles('/app/styles/surveys.css');

/** The form's fields from the settings the API answers with. */
const fieldsOf = (s) => ({
  enabled: s.enabled,
  samplePercent: String(s.samplePercent),
  delayMinutes: String(s.delayMinutes),
});

/**
 * An agreement's satisfaction survey: on or off, the share of resolved tickets surveyed and the delay after the
 * resolve. Until saved here the agreement follows the desk's settings (and says so).
 */
export function AgreementSurveys({ agreementId, canEdit }) {
  return html`<${SurveySettings}
    path=${`/agreements/${agreementId}/survey-settings`}
    canEdit=${canEdit}
    title=${t('csat.settings')}
    id="csat-agreement"
  />`;
}

/** The desk's survey settings: tickets without an agreement, and agreements without their own, follow them. */
export function DeskSurveys({ canEdit }) {
  return html`<${SurveySettings}
    path="/survey-settings"
    canEdit=${canEdit}
    title=${t('csat.deskSettings')}
    id="csat-desk"
  />`;
}

/** The form of either: the agreement's answer says `inherited`, the desk's has nothing to inherit. */
function SurveySettings({ path, canEdit, title, id }) {
  const loaded = useData(() => api.get(path), [path]);
  // What the desk answers after a save or a reset: the form, its note and the saved notice change in one render,
  // never the notice over the settings from before.
  const [fresh, setFresh] = useState(null);
  const data = fresh ?? loaded.data;
  const error = loaded.error;
  const [form, setForm] = useState(
    /** @type {null | { enabled: boolean, samplePercent: string, delayMinutes: string }} */ (null),
  );
  const [notice, setNotice] = useState('');
  const current = form ?? (data && fieldsOf(data));
  const settle = async () => {
    const next = await api.get(path);
    setFresh(next);
    setForm(null);
    setNotice(t('csat.saved'));
  };
  const save = useSubmit(async () => {
    await api.put(path, {
      enabled: current.enabled,
      samplePercent: Number(current.samplePercent),
      delayMinutes: Number(current.delayMinutes),
    });
    await settle();
  });
  const reset = useSubmit(async () => {
    await api.del(path);
    await settle();
  });
  // The agreement's answer says whether it inherits; the desk's has nothing to inherit from.
  const note = !data
    ? ''
    : data.inherited === undefined
      ? t('csat.deskNote')
      : t(data.inherited ? 'csat.inherited' : 'csat.own');
  const edit = (patch) => {
    setForm({ ...current, ...patch });
    setNotice('');
  };
  return html`<section class="card csat-settings" aria-labelledby=${`${id}-title`}>
    <div class="card-head">
      <h2 id=${`${id}-title`}>${title}</h2>
      ${notice && html`<span class="saved-note" role="status">${notice}</span>`}
    </div>
    <${ErrorBox} error=${error ?? save.error ?? reset.error} />
    ${
      current &&
      (canEdit
        ? html`<form onSubmit=${save.onSubmit}>
            <label class="check"
              ><input
                type="checkbox"
                name="csatEnabled"
                checked=${current.enabled}
                onChange=${(e) => edit({ enabled: e.target.checked })}
              />
              ${t('csat.enabled')}</label
            >
            <div class="row">
              <label
                >${t('csat.sample')}
                <input
                  type="number"
                  name="csatSample"
                  min="0"
                  max="100"
                  step="1"
                  required
                  value=${current.samplePercent}
                  disabled=${!current.enabled}
                  onInput=${(e) => edit({ samplePercent: e.target.value })}
              /></label>
              <label
                >${t('csat.delay')}
                <input
                  type="number"
                  name="csatDelay"
                  min="0"
                  max="43200"
                  step="1"
                  required
                  value=${current.delayMinutes}
                  disabled=${!current.enabled}
                  onInput=${(e) => edit({ delayMinutes: e.target.value })}
              /></label>
            </div>
            <p class="muted small">${note}</p>
            <div class="head-actions">
              <button type="submit" class="primary" disabled=${save.busy || (!form && !data.inherited)}>
                ${t('common.save')}
              </button>
              ${data.inherited === false && html`<button type="button" disabled=${reset.busy} onClick=${() => reset.run()}>${t('csat.useDesk')}</button>`}
            </div>
          </form>`
        : html`<p>
              ${data.enabled ? t('csat.summary', { sample: data.samplePercent, delay: data.delayMinutes }) : t('csat.off')}
            </p>
            <p class="muted small">${note}</p>`)
    }
  </section>`;
}
