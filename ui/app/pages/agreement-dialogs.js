import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { formatAgo, formatDate } from '../format.js';
import { ErrorBox } from '../components/error.js';
import { useSubmit } from '../components/use-submit.js';
import { FieldError } from '../components/intervals.js';
import { Dialog } from '../components/dialog.js';
import { DateInput } from '../components/date-input.js';
import { AgreementStatus, formatPeriod, formatPlainDate, problemFields } from '../agreement-format.js';
import { flash } from './agreement-form.js';

// An agreement's history and the dialogs of its actions: activate/terminate with a reason, renew, copy.

/** The server words its history reasons in English; the ones it writes by itself are said again here. */
function historyReason(text) {
  let m = /^The period began on (\d{4}-\d{2}-\d{2})$/.exec(text);
  if (m) return t('agr.reason.began', { date: formatPlainDate(m[1]) });
  m = /^The last covered day was (\d{4}-\d{2}-\d{2})(?: \(noticed (\d+) days? late\))?$/.exec(text);
  if (m) return t(m[2] ? 'agr.reason.endedLate' : 'agr.reason.ended', { date: formatPlainDate(m[1]), n: m[2] });
  m = /^(Renewal|Copy) of ([^;]+)(;.*)?$/.exec(text);
  if (m)
    return `${t(m[1] === 'Renewal' ? 'agr.reason.renewalOf' : 'agr.reason.copyOf', { number: m[2] })}${m[3] ?? ''}`;
  m = /^Renewed by (.+) \((\d{4}-\d{2}-\d{2})…(\d{4}-\d{2}-\d{2})\)$/.exec(text);
  if (m) return t('agr.reason.renewedBy', { number: m[1], period: formatPeriod({ start: m[2], end: m[3] }) });
  return text;
}

export function History({ items }) {
  if (!items.length) return html`<p class="muted">${t('agr.noHistory')}</p>`;
  return html`<ol class="agr-history">
    ${[...items].reverse().map((h) => {
      const key = `agr.history.${h.action}`;
      return html`<li class=${`agr-event action-${h.action}`}>
        <span class="agr-event-dot" aria-hidden="true"></span>
        <div>
          <div class="agr-event-head">
            <b>${t(key) === key ? h.action : t(key)}</b>
            ${h.from && h.to && h.from !== h.to ? html` <${AgreementStatus} status=${h.from} /> → <${AgreementStatus} status=${h.to} />` : !h.from && h.to ? html` <${AgreementStatus} status=${h.to} />` : ''}
          </div>
          <div class="muted">
            ${h.actor === 'system' ? t('history.system') : h.actorName} ·
            <time datetime=${h.at} title=${formatDate(h.at)}>${formatAgo(h.at)}</time>
          </div>
          ${h.reason && html`<div class="agr-event-reason">${historyReason(h.reason)}</div>`}
        </div>
      </li>`;
    })}
  </ol>`;
}

export function ReasonDialog({ title, intro, label, required, confirmLabel, danger, onConfirm, onClose }) {
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState('');
  const confirmed = useSubmit(() => onConfirm(reason.trim()));
  const submit = (e) => {
    e.preventDefault();
    if (required && !reason.trim()) {
      setFieldError(t('agr.err.reasonRequired'));
      return;
    }
    confirmed.run();
  };
  return html`<${Dialog} title=${title} onClose=${onClose}>
    <form class="dialog-form" onSubmit=${submit} novalidate>
      ${intro && html`<p>${intro}</p>`}
      <label
        >${label}
        <textarea
          name="reason"
          rows="3"
          maxlength="2000"
          value=${reason}
          required=${required}
          aria-invalid=${fieldError ? 'true' : undefined}
          aria-describedby=${fieldError ? 'reason-error' : undefined}
          onInput=${(e) => {
            setReason(e.target.value);
            setFieldError('');
          }}
        ></textarea>
        <${FieldError} id="reason-error" error=${fieldError}
      /></label>
      <${ErrorBox} error=${confirmed.error} />
      <div class="dialog-actions">
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class=${danger ? 'danger-solid' : 'primary'} disabled=${confirmed.busy}>
          ${confirmLabel}
        </button>
      </div>
    </form>
  <//>`;
}

export function RenewDialog({ agreement, onClose }) {
  const [number, setNumber] = useState('');
  const [start, setStart] = useState('');
  const [errors, setErrors] = useState(/** @type {Record<string, string>} */ ({}));
  const renew = useSubmit(
    async () => {
      setErrors({});
      const created = await api.post(`/agreements/${agreement.id}/renew`, {
        ...(number.trim() && { number: number.trim() }),
        ...(start && { start }),
      });
      flash.message = t('agr.renewed', { number: created.number, from: agreement.number });
      onClose();
      navigate(`/agreements/${created.id}`);
    },
    { onError: (err) => setErrors(problemFields(err.problem)) },
  );
  return html`<${Dialog} title=${t('agr.renewTitle', { number: agreement.number })} onClose=${onClose}>
    <form class="dialog-form" onSubmit=${renew.onSubmit} novalidate>
      <p>${t('agr.renewIntro')}</p>
      <label
        >${t('agr.renewNumber')}<input
          name="renew-number"
          value=${number}
          maxlength="50"
          placeholder=${t('agr.renewNumberAuto')}
          onInput=${(e) => setNumber(e.target.value)}
          aria-invalid=${errors.number ? 'true' : undefined}
          aria-describedby=${errors.number ? 'renew-number-error' : undefined} />
        <${FieldError} id="renew-number-error" error=${errors.number}
      /></label>
      <label
        >${t('agr.renewStart')}<${DateInput}
          name="renew-start"
          value=${start}
          onChange=${setStart}
          aria-invalid=${errors.start ? 'true' : undefined}
          aria-describedby=${errors.start ? 'renew-start-error' : 'renew-start-hint'}
        />
        ${errors.start ? html`<${FieldError} id="renew-start-error" error=${errors.start} />` : html`<span class="hint block" id="renew-start-hint">${t('agr.renewStartHint', { date: formatPlainDate(dayAfter(agreement.end)) })}</span>`}</label
      >
      <${ErrorBox} error=${Object.keys(errors).length ? null : renew.error} />
      <div class="dialog-actions">
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class="primary" disabled=${renew.busy}>${t('agr.renew')}</button>
      </div>
    </form>
  <//>`;
}

const dayAfter = (date) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function CopyDialog({ agreement, organizations, onClose, onCopied }) {
  const [selected, setSelected] = useState([]);
  const [filter, setFilter] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const visible = organizations.filter((o) => !filter || o.name.toLowerCase().includes(filter.toLowerCase()));
  const toggle = (id) => setSelected(selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id]);
  const copy = useSubmit(async () => {
    if (!selected.length) throw new Error(t('agr.copyChoose'));
    const res = await api.post(`/agreements/${agreement.id}/copy`, {
      organizationIds: selected,
      ...(start && { start }),
      ...(end && { end }),
    });
    onCopied(res.items);
  });
  return html`<${Dialog} title=${t('agr.copyTitle', { number: agreement.number })} onClose=${onClose} wide>
    <form class="dialog-form" onSubmit=${copy.onSubmit} novalidate>
      <p>${t('agr.copyIntro')}</p>
      <input
        type="search"
        aria-label=${t('org.search')}
        placeholder=${t('org.search')}
        value=${filter}
        onInput=${(e) => setFilter(e.target.value)}
      />
      <fieldset class="org-choices">
        <legend class="visually-hidden">${t('agr.copyClients')}</legend>
        ${visible.map(
          (o) =>
            html`<label class="checkbox"
              ><input
                type="checkbox"
                name="organizationIds"
                value=${o.id}
                checked=${selected.includes(o.id)}
                onChange=${() => toggle(o.id)}
              />
              <span
                >${o.name}${o.id === agreement.organizationId ? html` <span class="muted">(${t('agr.copySameClient')})</span>` : ''}</span
              ></label
            >`,
        )}
      </fieldset>
      <div class="form-grid">
        <label>${t('agr.start')}<${DateInput} name="copy-start" value=${start} onChange=${setStart} /></label>
        <label>${t('agr.end')}<${DateInput} name="copy-end" value=${end} onChange=${setEnd} /></label>
      </div>
      <p class="hint">${t('agr.copyPeriodHint', { period: formatPeriod(agreement) })}</p>
      <${ErrorBox} error=${copy.error} />
      <div class="dialog-actions">
        <span class="muted">${t('agr.copySelected', { n: selected.length })}</span>
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class="primary" disabled=${copy.busy}>${t('agr.copy')}</button>
      </div>
    </form>
  <//>`;
}
