import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { navigate } from '../../router.js';
import { ErrorBox } from '../../components/error.js';
import { useData } from '../../components/use-data.js';
import { formatDuration, intervalMinutes, WEEK, weekSummary } from '../../calendar-format.js';
import { may } from '../../session.js';
import { presetName } from './calendar-document.js';

/** The calendars of the desk, the production calendar's years, and (for editors) a new calendar from a preset. */
export function CalendarsPage({ me }) {
  const { data, error } = useData(
    () =>
      Promise.all([api.get('/calendars'), api.get('/calendars/presets'), api.get('/calendars/production')]).then(
        ([calendars, presets, production]) => ({
          calendars: calendars.items,
          presets: presets.items,
          production,
        }),
      ),
    [],
  );
  const [preset, setPreset] = useState('8x5-moscow-production');
  const canEdit = may(me, 'calendar.write');
  /** @param {Event} e */
  const create = (e) => {
    e.preventDefault();
    navigate(`/calendars/new${preset ? `?preset=${encodeURIComponent(preset)}` : ''}`);
  };
  const years = data?.production.years.map((y) => y.year).join(', ');
  return html` <section class="calendars-page">
    <div class="page-head"><h1>${t('cal.title')}</h1></div>
    <p class="muted lead">${t('cal.lead')}</p>
    <${ErrorBox} error=${error} />
    ${data?.production.warning && html`<div class="warning" role="note">${t('cal.productionMissing')}</div>`}
    ${
      data &&
      html`<div class="table-wrap">
        <table class="grid calendars-table">
          <thead>
            <tr>
              <th>${t('cal.name')}</th>
              <th>${t('cal.zone')}</th>
              <th>${t('cal.week')}</th>
              <th class="num">${t('cal.perWeek')}</th>
              <th>${t('cal.production')}</th>
            </tr>
          </thead>
          <tbody>
            ${data.calendars.map(
              (c) =>
                html`<tr>
                  <td><a href=${`/calendars/${c.id}`}>${c.name}</a></td>
                  <td class="nowrap">${c.timezone}</td>
                  <td class="muted">${weekSummary(c.week)}</td>
                  <td class="num">${formatDuration(WEEK.reduce((s, d) => s + intervalMinutes(c.week[d] ?? []), 0))}</td>
                  <td>
                    ${c.production === 'RU' ? html`<span class="chip prod-chip">${t('cal.productionShort')}</span>` : html`<span class="muted">—</span>`}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
        ${data.calendars.length === 0 && html`<p class="empty">${t('cal.none')}</p>`}
      </div>`
    }
    ${
      canEdit &&
      data &&
      html`<form class="inline-form new-calendar" onSubmit=${create}>
        <label for="preset">${t('cal.newFrom')}</label>
        <select id="preset" name="preset" value=${preset} onChange=${(e) => setPreset(e.target.value)}>
          ${data.presets.map((p) => html`<option value=${p.key}>${presetName(p)}</option>`)}
          <option value="">${t('cal.preset.blank')}</option>
        </select>
        <button type="submit" class="primary">${t('cal.create')}</button>
      </form>`
    }
    ${years && html`<p class="muted">${t('cal.productionYears', { years })}</p>`}
  </section>`;
}
