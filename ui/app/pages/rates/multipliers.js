import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';

const FIELDS = ['nightPercent', 'weekendPercent', 'holidayPercent'];

/** The desk's surcharges for nights, weekends and holidays (agreements may override them through the API). */
export function Multipliers({ canEdit }) {
  const { data, error, reload } = useData(() => api.get('/rate-multipliers'), []);
  const [form, setForm] = useState(/** @type {any} */ (null));
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (data)
      setForm({
        nightPercent: String(data.nightPercent),
        weekendPercent: String(data.weekendPercent),
        holidayPercent: String(data.holidayPercent),
        nightStart: data.nightStart,
        nightEnd: data.nightEnd,
      });
  }, [data]);
  const save = useSubmit(async () => {
    await api.put('/rate-multipliers', {
      nightPercent: Number(form.nightPercent),
      weekendPercent: Number(form.weekendPercent),
      holidayPercent: Number(form.holidayPercent),
      nightStart: form.nightStart,
      nightEnd: form.nightEnd,
    });
    setSaved(true);
    reload();
  });
  const set = (patch) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };
  const timeInput = (name) =>
    html`<input
      type="time"
      name=${name}
      required
      disabled=${!canEdit}
      aria-label=${t(`rates.${name}`)}
      value=${form[name]}
      onInput=${(e) => set({ [name]: e.target.value })}
    />`;
  return html`<section class="card rates-section multipliers" aria-labelledby="multipliers-title">
    <h2 id="multipliers-title">${t('rates.multipliers')}</h2>
    <p class="muted">${t('rates.multipliers.lead')}</p>
    <${ErrorBox} error=${error} />
    ${data && !data.own && html`<p class="empty-note">${t(canEdit ? 'rates.multipliers.none' : 'rates.multipliers.noneRead')}</p>`}
    ${
      form &&
      html`<form class="form-grid multipliers-form" onSubmit=${save.onSubmit}>
        ${FIELDS.map(
          (name) =>
            html`<label
              >${t(`rates.${name}`)}
              <span class="with-unit"
                ><input
                  type="number"
                  name=${name}
                  min="0"
                  max="1000"
                  step="1"
                  required
                  disabled=${!canEdit}
                  value=${form[name]}
                  onInput=${(e) => set({ [name]: e.target.value })}
                />
                %</span
              ></label
            >`,
        )}
        <label class="night-label"
          >${t('rates.nightHours')}
          <span class="night-hours">${timeInput('nightStart')}–${timeInput('nightEnd')}</span>
        </label>
        <p class="wide muted hint">${t('rates.multipliers.hint')}</p>
        <${ErrorBox} error=${save.error} class="wide" />
        ${
          canEdit &&
          html`<div class="wide actions gap">
            ${saved && html`<span class="saved-note" role="status">${t('rates.saved')}</span>`}
            <button type="submit" class="primary" disabled=${save.busy}>${t('common.save')}</button>
          </div>`
        }
      </form>`
    }
  </section>`;
}
