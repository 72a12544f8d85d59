import { useLayoutEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n.js';
import {
  dayReason,
  formatDay,
  formatDuration,
  formatNumber,
  intervalText,
  monthName,
  WEEK,
} from '../calendar-format.js';

export const KINDS = ['working', 'weekend', 'holiday', 'production-holiday', 'working-weekend', 'shortened', 'custom'];
const PRODUCTION_KINDS = new Set(['production-holiday', 'working-weekend', 'shortened']);

/** The full description of a date: what a tooltip and a screen reader say. */
export function describeDay(day) {
  const hours = day.hours.length ? intervalText(day.hours) : t('cal.noHours');
  return `${formatDay(day.date)} — ${t(`cal.kind.${day.kind}`)}: ${hours}. ${dayReason(day)}`;
}

const shiftDate = (date, days) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);

/**
 * Twelve month grids of one year, each date coloured by kind. The dates form one keyboard stop: arrows move by
 * a day or a week, Page Up/Down by a month, Enter or a click selects the date for the details below.
 */
export function YearGrid({ view, selected, onSelect, today, stale }) {
  const root = useRef(null);
  const moved = useRef(false);
  const focusDate = view.days.some((d) => d.date === selected)
    ? selected
    : (view.days.find((d) => d.date === today)?.date ?? view.days[0].date);
  useLayoutEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    root.current?.querySelector(`[data-date="${focusDate}"]`)?.focus();
  }, [focusDate]);
  const onKeyDown = (e) => {
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[e.key];
    let next = step ? shiftDate(focusDate, step) : null;
    if (e.key === 'PageUp' || e.key === 'PageDown') {
      const d = new Date(`${focusDate}T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + (e.key === 'PageUp' ? -1 : 1));
      next = d.toISOString().slice(0, 10);
    }
    if (!next) return;
    e.preventDefault();
    if (!view.days.some((d) => d.date === next)) return;
    moved.current = true;
    onSelect(next);
  };
  const months = Array.from({ length: 12 }, (_, m) => view.days.filter((d) => Number(d.date.slice(5, 7)) === m + 1));
  return html`<div class=${`year-grid${stale ? ' stale' : ''}`} ref=${root} onKeyDown=${onKeyDown}>
    ${months.map(
      (days, m) =>
        html`<div class="month" role="group" aria-label=${`${monthName(m)} ${view.year}`}>
          <div class="month-name">${monthName(m)}</div>
          <div class="month-days">
            ${WEEK.map((d, i) => html`<span class=${`weekday${i >= 5 ? ' weekend-col' : ''}`} aria-hidden="true">${t(`cal.day.${d}`)}</span>`)}
            ${days.length > 0 && Array.from({ length: days[0].weekday }, () => html`<span class="blank"></span>`)}
            ${days.map((day) => {
              const text = describeDay(day);
              const cls = [
                'day',
                `kind-${day.kind}`,
                PRODUCTION_KINDS.has(day.kind) && 'from-production',
                day.shortened && 'is-shortened',
                day.date === today && 'today',
                day.date === selected && 'selected',
              ];
              return html`<button
                type="button"
                class=${cls.filter(Boolean).join(' ')}
                data-date=${day.date}
                data-kind=${day.kind}
                title=${text}
                aria-label=${text}
                aria-pressed=${day.date === selected ? 'true' : 'false'}
                tabindex=${day.date === focusDate ? 0 : -1}
                onClick=${() => onSelect(day.date)}
              >
                ${Number(day.date.slice(8))}
              </button>`;
            })}
          </div>
        </div>`,
    )}
  </div>`;
}

export function YearLegend({ totals }) {
  return html`<ul class="legend" aria-label=${t('cal.legend')}>
    ${KINDS.map(
      (kind) =>
        html`<li>
          <span
            class=${`swatch kind-${kind}${PRODUCTION_KINDS.has(kind) ? ' from-production' : ''}`}
            aria-hidden="true"
          ></span
          >${t(`cal.kind.${kind}`)} ${totals && html`<span class="legend-count">${totals.kinds[kind]}</span>`}
        </li>`,
    )}
  </ul>`;
}

export function YearTotals({ view }) {
  return html`<div class="year-totals" role="status">
    <span><b>${view.totals.workingDays}</b> ${t('cal.totals.days')}</span>
    <span><b>${formatNumber(view.totals.workingHours)}</b> ${t('cal.totals.hours')}</span>
    <span class="muted">${t('cal.totals.zone', { zone: view.timezone })}</span>
  </div>`;
}

/** Hours of the selected date, why, and the edits that make sense for it. */
export function DayDetails({ day, isHoliday, canEdit, onToggleHoliday, onExplicit, onClearExplicit }) {
  if (!day) return html`<p class="muted day-details">${t('cal.pickDay')}</p>`;
  return html`<div class="day-details" aria-live="polite">
    <div>
      <b>${formatDay(day.date)}</b> · <span class=${`kind-label kind-${day.kind}`}>${t(`cal.kind.${day.kind}`)}</span>
    </div>
    <div>
      ${day.hours.length ? html`${intervalText(day.hours)} <span class="muted">(${formatDuration(day.minutes)})</span>` : html`<span class="muted">${t('cal.noHours')}</span>`}
    </div>
    <div class="muted">${dayReason(day)}</div>
    ${
      canEdit &&
      html`<div class="day-actions">
        ${(isHoliday || (day.kind !== 'custom' && day.kind !== 'production-holiday')) && html`<button type="button" onClick=${() => onToggleHoliday(day.date)}>${isHoliday ? t('cal.unmakeHoliday') : t('cal.makeHoliday')}</button>`}
        ${
          day.kind === 'custom'
            ? html`<button type="button" onClick=${() => onClearExplicit(day.date)}>${t('cal.clearExplicit')}</button>`
            : html`<button type="button" onClick=${() => onExplicit(day.date, day.hours)}>
                ${t('cal.setExplicit')}
              </button>`
        }
      </div>`
    }
  </div>`;
}
