import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { language } from '../i18n.js';

/**
 * A day typed as the desk's language writes it. Chromium draws a native date input in the browser's own locale
 * whatever `lang` says, so a Russian desk in an English browser showed US "12/04/2026"; in Russian this is a
 * text input with a "дд.мм.гггг" mask instead. English keeps the native picker. `value` and `onChange` speak
 * YYYY-MM-DD ('' when cleared), like a native date input; an ISO date typed or pasted is accepted too.
 */

/** "04.12.2026" or "2026-12-04" → "2026-12-04" when it is a real day, else null. @param {string} text */
export function parseDay(text) {
  const t = text.trim();
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(t) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (!m) return null;
  const [y, mo, d] = t.includes('-') ? [m[1], m[2], m[3]] : [m[3], m[2], m[1]];
  const date = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${mo}-${d}`
    ? null
    : `${y}-${mo}-${d}`;
}

/** "2026-12-04" → "04.12.2026". @param {string} iso */
export const russianDay = (iso) => (iso ? iso.split('-').reverse().join('.') : '');

/** Digits typed get their dots: "0412" → "04.12", "04122026" → "04.12.2026"; an ISO date is left as it is. */
export function maskDay(/** @type {string} */ text) {
  if (text.includes('-')) return text;
  const digits = text.replace(/\D/g, '').slice(0, 8);
  return [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4)].filter(Boolean).join('.');
}

export function DateInput({ name, value, onChange, required = false, min, max, ...rest }) {
  const ru = language() === 'ru';
  const [text, setText] = useState(russianDay(value ?? ''));
  // A value set from outside (a preset, a cleared filter) shows; what is being typed is kept meanwhile.
  useEffect(() => {
    if ((parseDay(text) ?? '') !== (value ?? '')) setText(russianDay(value ?? ''));
  }, [value]);
  if (!ru)
    return html`<input
      ...${rest}
      type="date"
      lang="en"
      name=${name}
      value=${value}
      required=${required}
      min=${min}
      max=${max}
      onInput=${undefined}
      onChange=${(e) => onChange(e.target.value)}
    />`;
  const onInput = (e) => {
    const masked = maskDay(e.target.value);
    setText(masked);
    if (masked === '') onChange('');
    const day = parseDay(masked);
    if (day) onChange(day);
  };
  const day = parseDay(text);
  const outOfRange = day && ((min && day < min) || (max && day > max));
  // The caller's attributes first (disabled, aria-describedby …), so this field's own handlers and type win.
  return html`<input
    ...${rest}
    type="text"
    lang="ru"
    class="date-input"
    inputmode="numeric"
    autocomplete="off"
    placeholder="дд.мм.гггг"
    maxlength="10"
    pattern="\\d{2}\\.\\d{2}\\.\\d{4}|\\d{4}-\\d{2}-\\d{2}"
    name=${name}
    value=${text}
    required=${required}
    aria-invalid=${text !== '' && (!day || outOfRange) ? 'true' : rest['aria-invalid']}
    onInput=${onInput}
  />`;
}
