import { html } from '../html.js';
import { t } from '../i18n.js';
import { nextInterval, normalizeTime } from '../calendar-format.js';

const TIME_PATTERN = '([01][0-9]|2[0-3]):[0-5][0-9]|24:00';

/** Field error text under an input group, referenced by aria-describedby. */
export const FieldError = ({ id, error }) =>
  error ? html`<div class="field-error" id=${id} role="alert">${error}</div>` : null;

/**
 * Any number of working intervals of one day: HH:MM inputs (24:00 allowed as an end), add and remove.
 * Text inputs rather than type=time because a working day may end at 24:00, which time inputs refuse.
 */
export function IntervalsEditor({ intervals, onChange, label, disabled, error, name }) {
  const errorId = `${name}-error`;
  const set = (i, j, value) =>
    onChange(intervals.map((p, k) => (k === i ? (j === 0 ? [value, p[1]] : [p[0], value]) : p)));
  const tidy = (i, j) => (e) => {
    const value = normalizeTime(e.target.value);
    if (value !== e.target.value) set(i, j, value);
  };
  const timeInput = (p, i, j) =>
    html`<input
      class="time"
      type="text"
      inputmode="numeric"
      maxlength="5"
      size="5"
      placeholder=${t('cal.hhmm')}
      pattern=${TIME_PATTERN}
      name=${`${name}.${i}.${j}`}
      value=${p[j]}
      disabled=${disabled}
      aria-label=${t(j === 0 ? 'cal.intervalFrom' : 'cal.intervalTo', { day: label, n: i + 1 })}
      aria-invalid=${error ? 'true' : undefined}
      aria-describedby=${error ? errorId : undefined}
      onInput=${(e) => set(i, j, e.target.value)}
      onBlur=${tidy(i, j)}
    />`;
  return html`<div class="intervals-cell">
    <div class="intervals">
      ${intervals.length === 0 && html`<span class="day-off">${t('cal.dayOff')}</span>`}
      ${intervals.map(
        (p, i) =>
          html`<span class="interval">
            ${timeInput(p, i, 0)}<span class="dash" aria-hidden="true">–</span>${timeInput(p, i, 1)}
            ${
              !disabled &&
              html`<button
                type="button"
                class="icon-button"
                title=${t('cal.removeInterval')}
                aria-label=${t('cal.removeIntervalOf', { day: label, n: i + 1 })}
                onClick=${() => onChange(intervals.filter((_, k) => k !== i))}
              >
                ×
              </button>`
            }
          </span>`,
      )}
      ${!disabled && html`<button type="button" class="link add-interval" aria-label=${t('cal.addIntervalTo', { day: label })} onClick=${() => onChange([...intervals, nextInterval(intervals)])}>+ ${t('cal.addInterval')}</button>`}
    </div>
    <${FieldError} id=${errorId} error=${error} />
  </div>`;
}
