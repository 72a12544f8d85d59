import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { loadMessages, t } from '../i18n.js';
import { ErrorBox } from '../components/error.js';
import { DateInput } from '../components/date-input.js';
import { loadStyles } from '../components/lazy.js';
import { useData } from '../components/use-data.js';
import { useSubmit } from '../components/use-submit.js';
import { activitiesChanged } from './time-data.js';

// Time's words and styles, for those who open this before the top bar's timer has loaded them.
await Promise.all([loadMessages('time'), loadStyles('/app/styles/time.css')]);

const TYPES = ['incident', 'request', 'question', 'change'];

/** One activity: its two names edited in place, retired and brought back rather than deleted. */
function ActivityRow({ activity, onSaved }) {
  const [names, setNames] = useState({ nameRu: activity.nameRu, nameEn: activity.nameEn });
  const dirty = names.nameRu !== activity.nameRu || names.nameEn !== activity.nameEn;
  const save = useSubmit(async (/** @type {Record<string, unknown>} */ patch) => {
    await api.patch(`/worklog-activities/${activity.id}`, patch);
    onSaved();
  });
  return html`<tr class=${activity.active ? '' : 'retired-row'} data-activity-id=${activity.id}>
    <td>
      <input
        aria-label=${t('time.nameRu')}
        value=${names.nameRu}
        maxlength="100"
        onInput=${(e) => setNames((n) => ({ ...n, nameRu: e.target.value }))}
      />
    </td>
    <td>
      <input
        aria-label=${t('time.nameEn')}
        value=${names.nameEn}
        maxlength="100"
        onInput=${(e) => setNames((n) => ({ ...n, nameEn: e.target.value }))}
      />
    </td>
    <td class="nowrap">
      ${dirty && html`<button type="button" class="primary" disabled=${save.busy || !names.nameRu.trim() || !names.nameEn.trim()} onClick=${() => save.run(names)}>${t('common.save')}</button>`}
      <button type="button" class="link" disabled=${save.busy} onClick=${() => save.run({ active: !activity.active })}>
        ${activity.active ? t('time.retire') : t('time.restore')}
      </button>
      <${ErrorBox} error=${save.error} class="row-error" />
    </td>
  </tr>`;
}

function Activities() {
  const list = useData(() => api.get('/worklog-activities').then((r) => r.items), []);
  const [names, setNames] = useState({ nameRu: '', nameEn: '' });
  const changed = () => {
    activitiesChanged();
    list.reload();
  };
  const add = useSubmit(async () => {
    await api.post('/worklog-activities', { nameRu: names.nameRu.trim(), nameEn: names.nameEn.trim() });
    setNames({ nameRu: '', nameEn: '' });
    changed();
  });
  return html`<section class="card" aria-labelledby="activities-title">
    <h2 id="activities-title">${t('time.activities')}</h2>
    <p class="hint">${t('time.activitiesLead')}</p>
    <${ErrorBox} error=${list.error} />
    ${
      list.data &&
      (list.data.length === 0
        ? html`<p class="empty">${t('time.activitiesEmpty')}</p>`
        : html`<div class="table-scroll">
            <table class="grid compact activities-table">
              <thead>
                <tr>
                  <th>${t('time.nameRu')}</th>
                  <th>${t('time.nameEn')}</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                ${list.data.map((a) => html`<${ActivityRow} key=${`${a.id}:${a.nameRu}:${a.nameEn}:${a.active}`} activity=${a} onSaved=${changed} />`)}
              </tbody>
            </table>
          </div>`)
    }
    <form class="inline-form new-activity" onSubmit=${add.onSubmit}>
      <input
        name="nameRu"
        placeholder=${t('time.nameRu')}
        maxlength="100"
        value=${names.nameRu}
        onInput=${(e) => setNames((n) => ({ ...n, nameRu: e.target.value }))}
      />
      <input
        name="nameEn"
        placeholder=${t('time.nameEn')}
        maxlength="100"
        value=${names.nameEn}
        onInput=${(e) => setNames((n) => ({ ...n, nameEn: e.target.value }))}
      />
      <button type="submit" disabled=${add.busy || !names.nameRu.trim() || !names.nameEn.trim()}>
        + ${t('time.addActivity')}
      </button>
    </form>
    <${ErrorBox} error=${add.error} />
  </section>`;
}

function Rules() {
  const settings = useData(() => api.get('/time-settings'), []);
  const [form, setForm] = useState(/** @type {any} */ (null));
  const [notice, setNotice] = useState('');
  useEffect(() => {
    if (settings.data)
      setForm({ lockedUntil: settings.data.lockedUntil ?? '', typeBillable: { ...settings.data.typeBillable } });
  }, [settings.data]);
  const save = useSubmit(async () => {
    const saved = await api.put('/time-settings', {
      lockedUntil: form.lockedUntil || null,
      typeBillable: form.typeBillable,
    });
    setForm({ lockedUntil: saved.lockedUntil ?? '', typeBillable: { ...saved.typeBillable } });
    setNotice(t('time.settingsSaved'));
  });
  const edit = (patch) => {
    setForm((f) => ({ ...f, ...patch }));
    setNotice('');
  };
  return html`<section class="card" aria-labelledby="rules-title">
    <h2 id="rules-title">${t('time.rules')}</h2>
    <${ErrorBox} error=${settings.error} />
    ${
      form &&
      html`<form class="time-rules" onSubmit=${save.onSubmit}>
        <label class="stacked"
          >${t('time.lockedUntil')}
          <${DateInput} name="lockedUntil" value=${form.lockedUntil} onChange=${(day) => edit({ lockedUntil: day })} />
          <span class="hint block">${t('time.lockedUntilHint')}</span>
        </label>
        <fieldset>
          <legend>${t('time.typeBillable')}</legend>
          ${TYPES.map(
            (type) =>
              html`<label class="checkbox"
                ><input
                  type="checkbox"
                  name=${`billable-${type}`}
                  checked=${form.typeBillable[type]}
                  onChange=${(e) => edit({ typeBillable: { ...form.typeBillable, [type]: e.target.checked } })}
                />
                ${t(`type.${type}`)}</label
              >`,
          )}
          <span class="hint block">${t('time.typeBillableHint')}</span>
        </fieldset>
        <${ErrorBox} error=${save.error} />
        <div class="actions gap">
          ${notice && html`<span class="saved-note" role="status">${notice}</span>`}
          <button type="submit" class="primary" disabled=${save.busy}>${t('common.save')}</button>
        </div>
      </form>`
    }
  </section>`;
}

/** The desk's rules for measured work: the activities a worklog names, the closed period, billable defaults. */
export function TimeSettingsPage() {
  return html`<section class="time-settings">
    <div class="page-head"><h1>${t('time.settingsTitle')}</h1></div>
    <p class="muted lead">${t('time.settingsLead')}</p>
    <div class="time-settings-columns"><${Rules} /><${Activities} /></div>
  </section>`;
}
