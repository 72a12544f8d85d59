import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { t } from '../../i18n.js';
import { DateInput } from '../../components/date-input.js';
import { FieldError, IntervalsEditor } from '../../components/intervals.js';
import { formatDay } from '../../calendar-format.js';

/**
 * A date input with its button; Enter in the input adds the date too.
 * @param {{ name: string, label: string, button: string, onAdd: (date: string) => void }} props
 */
function AddDate({ name, label, button, onAdd }) {
  const [date, setDate] = useState('');
  const add = () => {
    onAdd(date);
    setDate('');
  };
  return html`<div class="inline-form">
    <${DateInput}
      name=${name}
      aria-label=${label}
      value=${date}
      onChange=${setDate}
      onKeyDown=${(/** @type {KeyboardEvent} */ e) => {
        if (e.key !== 'Enter') return;
        e.preventDefault();
        add();
      }}
    />
    <button type="button" disabled=${!date} onClick=${add}>${button}</button>
  </div>`;
}

/**
 * The calendar's own days off.
 * @param {{ holidays: string[], error?: string, canEdit: boolean, onAdd: (date: string) => void,
 *   onChange: (holidays: string[]) => void }} props
 */
export function Holidays({ holidays, error, canEdit, onAdd, onChange }) {
  return html`<section class="card" aria-labelledby="holidays-title">
    <h2 id="holidays-title">${t('cal.holidays')}</h2>
    <p class="hint">${t('cal.holidaysHint')}</p>
    ${holidays.length === 0 && html`<p class="muted">${t('cal.noHolidays')}</p>`}
    <ul class="date-chips">
      ${holidays.map(
        (date, i) =>
          html`<li class=${`date-chip${error ? ' bad' : ''}`}>
            ${formatDay(date)}
            ${
              canEdit &&
              html`<button
                type="button"
                class="icon-button"
                aria-label=${t('cal.removeHoliday', { date: formatDay(date) })}
                title=${t('cal.removeHoliday', { date: formatDay(date) })}
                onClick=${() => onChange(holidays.filter((_, k) => k !== i))}
              >
                ×
              </button>`
            }
          </li>`,
      )}
    </ul>
    <${FieldError} id="holidays-error" error=${error} />
    ${canEdit && html`<${AddDate} name="new-holiday" label=${t('cal.holidayDate')} button=${t('cal.addHoliday')} onAdd=${onAdd} />`}
  </section>`;
}

/**
 * Dates with hours of their own, which win over the week and the production calendar.
 * @param {{ days: Record<string, string[][]>, errors: Record<string, string>, canEdit: boolean,
 *   onAdd: (date: string) => void, onChange: (date: string, intervals: string[][]) => void,
 *   onRemove: (date: string) => void }} props
 */
export function ExplicitDays({ days, errors, canEdit, onAdd, onChange, onRemove }) {
  const entries = Object.entries(days).sort(([a], [b]) => a.localeCompare(b));
  return html`<section class="card" aria-labelledby="days-title">
    <h2 id="days-title">${t('cal.days')}</h2>
    <p class="hint">${t('cal.daysHint')}</p>
    ${entries.length === 0 && html`<p class="muted">${t('cal.noDays')}</p>`}
    ${
      entries.length > 0 &&
      html`<table class="week-grid">
        <tbody>
          ${entries.map(
            ([date, intervals]) =>
              html`<tr class=${errors[`days.${date}`] ? 'has-error' : ''}>
                <th scope="row" class="nowrap">${formatDay(date)}</th>
                <td>
                  <${IntervalsEditor}
                    name=${`days.${date}`}
                    label=${formatDay(date)}
                    intervals=${intervals}
                    onChange=${(/** @type {string[][]} */ next) => onChange(date, next)}
                    disabled=${!canEdit}
                    error=${errors[`days.${date}`]}
                  />
                </td>
                <td class="num">
                  ${canEdit && html`<button type="button" class="icon-button" aria-label=${t('cal.removeDay', { date: formatDay(date) })} title=${t('cal.removeDay', { date: formatDay(date) })} onClick=${() => onRemove(date)}>×</button>`}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`
    }
    ${canEdit && html`<${AddDate} name="new-day" label=${t('cal.dayDate')} button=${t('cal.addDay')} onAdd=${onAdd} />`}
  </section>`;
}
