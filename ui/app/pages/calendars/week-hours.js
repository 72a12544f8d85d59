import { html } from '../../html.js';
import { t } from '../../i18n.js';
import { IntervalsEditor } from '../../components/intervals.js';
import { formatDuration, intervalMinutes, WEEK } from '../../calendar-format.js';

/**
 * The working hours of each weekday, with the week's total.
 * @param {{ week: Record<string, string[][]>, errors: Record<string, string>, canEdit: boolean,
 *   onChange: (week: Record<string, string[][]>) => void }} props
 */
export function WeekHours({ week, errors, canEdit, onChange }) {
  const weekMinutes = WEEK.reduce((s, d) => s + intervalMinutes(week[d]), 0);
  const copyMonday = () => onChange({ ...week, tue: week.mon, wed: week.mon, thu: week.mon, fri: week.mon });
  return html`<section class="card" aria-labelledby="week-title">
    <h2 id="week-title">${t('cal.week')}</h2>
    <table class="week-grid">
      <thead>
        <tr>
          <th scope="col">${t('cal.dayCol')}</th>
          <th scope="col">${t('cal.hoursCol')}</th>
          <th scope="col" class="num">${t('cal.totalCol')}</th>
        </tr>
      </thead>
      <tbody>
        ${WEEK.map(
          (day) =>
            html`<tr class=${errors[`week.${day}`] ? 'has-error' : ''}>
              <th scope="row">${t(`cal.dayLong.${day}`)}</th>
              <td>
                <${IntervalsEditor}
                  name=${`week.${day}`}
                  label=${t(`cal.dayLong.${day}`)}
                  intervals=${week[day]}
                  onChange=${(/** @type {string[][]} */ intervals) => onChange({ ...week, [day]: intervals })}
                  disabled=${!canEdit}
                  error=${errors[`week.${day}`]}
                />
              </td>
              <td class="num muted">
                ${intervalMinutes(week[day]) ? formatDuration(intervalMinutes(week[day])) : '—'}
              </td>
            </tr>`,
        )}
      </tbody>
      <tfoot>
        <tr>
          <td colspan="2">
            ${canEdit && html`<button type="button" class="link" onClick=${copyMonday}>${t('cal.copyMonday')}</button>`}
          </td>
          <td class="num"><b>${formatDuration(weekMinutes)}</b> ${t('cal.perWeekShort')}</td>
        </tr>
      </tfoot>
    </table>
  </section>`;
}
