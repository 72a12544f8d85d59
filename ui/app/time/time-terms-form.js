import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { formatWork } from '../format.js';
import { ErrorBox } from '../components/error.js';
import { parseRoubles, roublesText } from './time-input.js';

/** The form's text fields from the terms as the server keeps them. */
const formOf = (terms) => ({
  packagePeriod: terms.packagePeriod,
  carryRule: terms.carryRule,
  carryLimitHours: String(terms.carryLimitMinutes / 60),
  overage: terms.overage,
  overageRate: terms.overageRateKopecks === null ? '' : roublesText(terms.overageRateKopecks),
  roundQuantumMinutes: String(terms.roundQuantumMinutes),
  roundRule: terms.roundRule,
  minimumMinutes: String(terms.minimumMinutes),
  billableDefault: terms.billableDefault === null ? '' : String(terms.billableDefault),
  thresholds: terms.thresholds.join(', '),
});

const wholeIn = (text, min, max) => {
  const n = Number(String(text).trim());
  return String(text).trim() !== '' && Number.isInteger(n) && n >= min && n <= max ? n : null;
};

/** The PUT body from the form, or the fields that are wrong. */
function bodyOf(form) {
  /** @type {Record<string, string>} */
  const errors = {};
  const carryHours = Number(form.carryLimitHours.replace(',', '.'));
  if (form.carryRule === 'limited' && !(carryHours >= 0)) errors.carryLimitHours = t('time.err.hours');
  const rate = form.overageRate.trim() === '' ? null : parseRoubles(form.overageRate);
  if (form.overageRate.trim() !== '' && rate === null) errors.overageRate = t('time.err.money');
  const quantum = wholeIn(form.roundQuantumMinutes, 1, 240);
  if (quantum === null) errors.roundQuantumMinutes = t('time.err.quantum');
  const minimum = wholeIn(form.minimumMinutes, 0, 480);
  if (minimum === null) errors.minimumMinutes = t('time.err.minimum');
  const thresholds = form.thresholds
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map((x) => wholeIn(x.replace('%', ''), 1, 100));
  if (thresholds.some((x) => x === null)) errors.thresholds = t('time.err.thresholds');
  const body = {
    packagePeriod: form.packagePeriod,
    carryRule: form.carryRule,
    carryLimitMinutes: form.carryRule === 'limited' ? Math.round(carryHours * 60) : 0,
    overage: form.overage,
    overageRateKopecks: rate,
    roundQuantumMinutes: quantum,
    roundRule: form.roundRule,
    minimumMinutes: minimum,
    billableDefault: form.billableDefault === '' ? null : form.billableDefault === 'true',
    thresholds: [...new Set(thresholds)].sort((a, b) => a - b),
  };
  return { body, errors };
}

/**
 * The time terms of an agreement: how its package renews and carries over, what happens past it, how time is
 * rounded for billing and whether work is billable by default. The hours per period are the agreement's hour
 * package, set with its other terms.
 * @param {{ terms: any, canEdit: boolean, busy: boolean, error: unknown, onChange: () => void,
 *   onSave: (body: Record<string, unknown>) => void }} props
 */
export function TimeTermsForm({ terms, canEdit, busy, error, onChange, onSave }) {
  const [form, setForm] = useState(() => formOf(terms));
  const [errors, setErrors] = useState(/** @type {Record<string, string>} */ ({}));
  const set = (name) => (e) => {
    const value = e.target.value;
    setForm((f) => ({ ...f, [name]: value }));
    setErrors({});
    onChange();
  };
  const dirty = JSON.stringify(form) !== JSON.stringify(formOf(terms));
  const submit = (e) => {
    e.preventDefault();
    const { body, errors: wrong } = bodyOf(form);
    setErrors(wrong);
    if (!Object.keys(wrong).length) onSave(body);
  };
  const select = (name, values, label) =>
    html`<label
      >${label}
      <select name=${name} value=${form[name]} disabled=${!canEdit} onChange=${set(name)}>
        ${values.map(([v, key]) => html`<option value=${v}>${t(key)}</option>`)}
      </select></label
    >`;
  const input = (name, label, attrs = {}) =>
    html`<label
      >${label}
      <input
        name=${name}
        value=${form[name]}
        disabled=${!canEdit}
        aria-invalid=${errors[name] ? 'true' : undefined}
        onInput=${set(name)}
        ...${attrs}
      />
      ${errors[name] && html`<span class="field-error">${errors[name]}</span>`}</label
    >`;
  return html`<form class="time-terms" onSubmit=${submit} novalidate>
    <h3>${t('time.terms')}</h3>
    <p class="hint">
      ${
        terms.hoursPerPeriod
          ? t('time.hoursPerPeriod', { time: formatWork(terms.hoursPerPeriod * 60) })
          : t('time.noHoursPerPeriod')
      }
    </p>
    <div class="form-grid time-terms-grid">
      ${select(
        'packagePeriod',
        [
          ['month', 'time.packagePeriod.month'],
          ['quarter', 'time.packagePeriod.quarter'],
          ['once', 'time.packagePeriod.once'],
        ],
        t('time.packagePeriod'),
      )}
      ${select(
        'carryRule',
        [
          ['none', 'time.carry.none'],
          ['limited', 'time.carry.limited'],
          ['all', 'time.carry.all'],
        ],
        t('time.carry'),
      )}
      ${form.carryRule === 'limited' && input('carryLimitHours', t('time.carryLimit'), { inputmode: 'decimal' })}
      ${select(
        'overage',
        [
          ['bill', 'time.overagePolicy.bill'],
          ['refuse', 'time.overagePolicy.refuse'],
        ],
        t('time.overageLabel'),
      )}
      ${form.overage === 'bill' && input('overageRate', t('time.overageRate'), { inputmode: 'decimal', placeholder: t('time.rateCardPlaceholder') })}
      ${input('roundQuantumMinutes', t('time.quantum'), { inputmode: 'numeric' })}
      ${select(
        'roundRule',
        [
          ['up', 'time.roundRule.up'],
          ['nearest', 'time.roundRule.nearest'],
          ['down', 'time.roundRule.down'],
        ],
        t('time.roundRule'),
      )}
      ${input('minimumMinutes', t('time.minimum'), { inputmode: 'numeric' })}
      ${select(
        'billableDefault',
        [
          ['', 'time.billableDefault.type'],
          ['true', 'time.billableDefault.yes'],
          ['false', 'time.billableDefault.no'],
        ],
        t('time.billableDefault'),
      )}
      ${input('thresholds', t('time.thresholds'), { placeholder: '50, 80, 100' })}
    </div>
    <${ErrorBox} error=${error} />
    ${
      canEdit &&
      html`<div class="actions gap">
        ${dirty && html`<span class="badge unsaved">${t('time.unsaved')}</span>`}
        <button type="submit" class="primary" disabled=${busy || !dirty}>${t('common.save')}</button>
      </div>`
    }
  </form>`;
}
