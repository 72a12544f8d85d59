import { useEffect, useMemo, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query } from '../api.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { formatAgo, formatDate } from '../format.js';
import { ErrorBox } from '../components/error.js';
import { useData } from '../components/use-data.js';
import { FieldError } from '../components/intervals.js';
import { Dialog } from '../components/dialog.js';
import { SlaMatrix, rowErrors, rowsFromTargets, targetsFromRows } from '../components/sla-matrix.js';
import { canEditAgreements } from '../roles.js';
import {
  AgreementStatus,
  KINDS,
  STATUSES,
  TIERS,
  agreementWarning,
  expiryText,
  formatPeriod,
  formatPlainDate,
  problemFields,
  tierLabel,
} from '../agreement-format.js';
import { loadStyles } from '../components/lazy.js';

export const ready = loadStyles('/app/styles/agreements.css');

const LIST_KEYS = ['status', 'organizationId', 'q', 'expiring'];
const EXPIRING = ['7', '14', '30', '60', '90'];
const ENDED = new Set(['expired', 'terminated']);

const filtersOf = (search) => {
  const p = new URLSearchParams(search);
  return Object.fromEntries(LIST_KEYS.map((k) => [k, p.get(k) || '']));
};

/** The agreements list: status chips, period, days to expiry; filters by status, client, expiry and text, kept in the URL. */
export function AgreementsPage({ search, me, organizations }) {
  const filters = filtersOf(search);
  const [text, setText] = useState(filters.q);
  const [more, setMore] = useState({ items: [], nextCursor: null, loading: false, error: null });
  const { data, error, loading } = useData(
    () => api.get(`/agreements?${query({ status: filters.status, organizationId: filters.organizationId, q: filters.q, expiringWithinDays: filters.expiring, limit: 50 })}`),
    [search],
  );
  useEffect(() => {
    setText(filters.q);
    setMore({ items: [], nextCursor: null, loading: false, error: null });
  }, [search]);
  const setFilter = (key, value) => navigate(`/agreements?${query({ ...filters, [key]: value })}`);
  const items = [...(data?.items ?? []), ...more.items];
  const nextCursor = more.items.length ? more.nextCursor : data?.nextCursor;
  const loadMore = async () => {
    setMore((m) => ({ ...m, loading: true }));
    try {
      const res = await api.get(`/agreements?${query({ status: filters.status, organizationId: filters.organizationId, q: filters.q, expiringWithinDays: filters.expiring, limit: 50, cursor: nextCursor })}`);
      setMore((m) => ({ items: [...m.items, ...res.items], nextCursor: res.nextCursor, loading: false, error: null }));
    } catch (err) {
      setMore((m) => ({ ...m, loading: false, error: err }));
    }
  };
  const filtered = LIST_KEYS.some((k) => filters[k]);
  return html`<section class="agreements-page">
    <div class="page-head"><h1>${t('agr.title')}</h1>
      ${canEditAgreements(me) && html`<a class="button primary" href=${`/agreements/new${filters.organizationId ? `?organizationId=${filters.organizationId}` : ''}`}>+ ${t('agr.new')}</a>`}</div>
    <div class="status-chips" role="group" aria-label=${t('agr.filterStatus')}>
      ${['', ...STATUSES].map(
        (s) => html`<button type="button" class=${`chip-toggle${s ? ` agr-${s}` : ''}`} aria-pressed=${filters.status === s ? 'true' : 'false'} onClick=${() => setFilter('status', s)}>
          ${s ? t(`agr.status.${s}`) : t('agr.allStatuses')}</button>`,
      )}
    </div>
    <form class="filters" onSubmit=${(e) => { e.preventDefault(); setFilter('q', text.trim()); }}>
      <label class="filter">${t('agr.search')}<input class="filter-text" type="search" name="q" value=${text} placeholder=${t('agr.searchPlaceholder')} onInput=${(e) => setText(e.target.value)} /></label>
      <label class="filter">${t('field.organization')}
        <select name="organizationId" value=${filters.organizationId} onChange=${(e) => setFilter('organizationId', e.target.value)}>
          <option value="">${t('filter.any')}</option>
          ${organizations.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
        </select></label>
      <label class="filter">${t('agr.expiringFilter')}
        <select name="expiring" value=${filters.expiring} onChange=${(e) => setFilter('expiring', e.target.value)}>
          <option value="">${t('filter.any')}</option>
          ${EXPIRING.map((d) => html`<option value=${d}>${t('agr.expiringWithin', { n: d })}</option>`)}
        </select></label>
      ${filtered && html`<a class="clear" href="/agreements">${t('filter.clear')}</a>`}
    </form>
    <${ErrorBox} error=${error || more.error} />
    <div class="table-wrap">
      <table class="grid agreements-table">
        <thead><tr><th>${t('agr.number')}</th><th>${t('agr.titleField')}</th><th>${t('field.organization')}</th><th>${t('field.status')}</th>
          <th>${t('agr.tier')}</th><th>${t('agr.period')}</th><th>${t('agr.expiryCol')}</th></tr></thead>
        <tbody>${items.map((a) => {
          const exp = expiryText(a);
          return html`<tr data-id=${a.id}>
            <td class="nowrap"><a href=${`/agreements/${a.id}`}>${a.number}</a></td>
            <td class="agr-title-cell">${a.title}</td>
            <td class="nowrap">${a.organizationName}</td>
            <td><${AgreementStatus} status=${a.status} /></td>
            <td class="nowrap">${tierLabel(a.tier)}</td>
            <td class="nowrap">${formatPeriod(a)}</td>
            <td class=${`nowrap expiry ${exp.tone}`}>${exp.text}</td>
          </tr>`;
        })}</tbody>
      </table>
      ${!loading && data && items.length === 0 && html`<p class="empty">${t(filtered ? 'agr.noneFiltered' : 'agr.none')}</p>`}
    </div>
    ${filters.expiring && html`<p class="hint">${t('agr.expiringHint')}</p>`}
    ${nextCursor && html`<div class="queue-footer"><button type="button" onClick=${loadMore} disabled=${more.loading}>${t('queue.more')}</button></div>`}
  </section>`;
}

// ————— the form of an agreement's terms (new and existing) —————

const todayPlain = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const addYearMinusDay = (date) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

function termsOf(a) {
  return {
    organizationId: a.organizationId ? String(a.organizationId) : '',
    number: a.number ?? '',
    title: a.title ?? '',
    kind: a.kind ?? 'commercial',
    tier: a.tier ?? '8x5',
    calendarId: a.calendarId ? String(a.calendarId) : '',
    start: a.start ?? '',
    end: a.end ?? '',
    managerId: a.managerId ? String(a.managerId) : '',
    recipientContactIds: a.recipientContactIds ?? [],
    noticeDays: (a.noticeDays ?? [30, 14, 7, 1]).join(', '),
    warningPercent: String(a.warningPercent ?? 80),
    hoursPackage: a.hoursPackage === null || a.hoursPackage === undefined ? '' : String(a.hoursPackage),
    hourRate: a.hourRate === null || a.hourRate === undefined ? '' : String(a.hourRate),
    notes: a.notes ?? '',
  };
}

/** The form as the API takes it, and what the browser already knows is wrong. */
function termsBody(f) {
  const errors = {};
  const days = f.noticeDays.split(/[\s,;]+/).filter(Boolean);
  const noticeDays = days.map(Number);
  if (noticeDays.some((d) => !Number.isInteger(d) || d < 1 || d > 366)) errors.noticeDays = t('agr.err.noticeDays');
  const number = (text) => (String(text).trim() === '' ? null : Number(String(text).replace(',', '.')));
  const body = {
    number: f.number.trim(),
    title: f.title.trim(),
    kind: f.kind,
    tier: f.tier,
    calendarId: Number(f.calendarId) || null,
    start: f.start,
    end: f.end,
    managerId: f.managerId ? Number(f.managerId) : null,
    recipientContactIds: f.recipientContactIds,
    noticeDays: [...new Set(noticeDays)].sort((a, b) => b - a),
    warningPercent: Number(f.warningPercent),
    hoursPackage: number(f.hoursPackage),
    hourRate: number(f.hourRate),
    notes: f.notes.trim() || null,
  };
  if (!body.number) errors.number = t('agr.err.required');
  if (!body.title) errors.title = t('agr.err.required');
  if (!body.calendarId) errors.calendarId = t('agr.err.required');
  if (!body.start) errors.start = t('agr.err.date');
  if (!body.end) errors.end = t('agr.err.date');
  if (body.start && body.end && body.end < body.start) errors.end = t('agr.err.endBeforeStart');
  if (!Number.isInteger(body.warningPercent) || body.warningPercent < 1 || body.warningPercent > 99) errors.warningPercent = t('agr.err.percent');
  if (Number.isNaN(body.hoursPackage) || body.hoursPackage < 0) errors.hoursPackage = t('agr.err.number');
  if (Number.isNaN(body.hourRate) || body.hourRate < 0) errors.hourRate = t('agr.err.number');
  if (body.kind === 'prepaid_hours' && !(body.hoursPackage > 0)) errors.hoursPackage = t('agr.err.hoursRequired');
  return { body, errors };
}

function useContacts(organizationId) {
  const [contacts, setContacts] = useState([]);
  useEffect(() => {
    let live = true;
    setContacts([]);
    if (organizationId) api.get(`/organizations/${organizationId}/contacts`).then((r) => live && setContacts(r.items), () => {});
    return () => {
      live = false;
    };
  }, [organizationId]);
  return contacts;
}

/** A labelled input of the terms form with its inline error. */
function Field({ name, label, errors, wide, children, hint }) {
  return html`<label class=${wide ? 'wide' : ''}>${label}${children}
    ${errors[name] ? html`<${FieldError} id=${`${name}-error`} error=${errors[name]} />` : hint && html`<span class="hint block">${hint}</span>`}</label>`;
}

function TermsFields({ form, set, errors, isNew, canEdit, ended, organizations, calendars, agents, contacts }) {
  const input = (name, extra = {}) => ({
    name,
    value: form[name],
    disabled: !canEdit || (ended && ['kind', 'tier', 'calendarId', 'start', 'end', 'warningPercent', 'hoursPackage', 'hourRate'].includes(name)),
    'aria-invalid': errors[name] ? 'true' : undefined,
    'aria-describedby': errors[name] ? `${name}-error` : undefined,
    onInput: (e) => set({ [name]: e.target.value }),
    ...extra,
  });
  const toggleRecipient = (id) => set({ recipientContactIds: form.recipientContactIds.includes(id) ? form.recipientContactIds.filter((x) => x !== id) : [...form.recipientContactIds, id] });
  const managers = agents.filter((a) => a.active || String(a.id) === form.managerId);
  return html`<div class="form-grid terms-grid">
    ${isNew && html`<${Field} name="organizationId" label=${t('field.organization')} errors=${errors}>
      <select ...${input('organizationId', { onInput: undefined, onChange: (e) => set({ organizationId: e.target.value, recipientContactIds: [] }) })} required>
        <option value="">${t('new.choose')}</option>
        ${organizations.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
      </select><//>`}
    <${Field} name="number" label=${t('agr.number')} errors=${errors}><input ...${input('number')} required maxlength="50" autocomplete="off" /><//>
    <${Field} name="title" label=${t('agr.titleField')} errors=${errors} wide=${!isNew}><input ...${input('title')} required maxlength="500" /><//>
    <${Field} name="kind" label=${t('agr.kind')} errors=${errors}>
      <select ...${input('kind', { onInput: undefined, onChange: (e) => set({ kind: e.target.value }) })}>${KINDS.map((k) => html`<option value=${k}>${t(`agr.kind.${k}`)}</option>`)}</select><//>
    <${Field} name="tier" label=${t('agr.tier')} errors=${errors}>
      <select ...${input('tier', { onInput: undefined, onChange: (e) => set({ tier: e.target.value }) })}>${TIERS.map((k) => html`<option value=${k}>${tierLabel(k)}</option>`)}</select><//>
    <${Field} name="calendarId" label=${t('agr.calendar')} errors=${errors} hint=${t('agr.calendarHint')}>
      <select ...${input('calendarId', { onInput: undefined, onChange: (e) => set({ calendarId: e.target.value }) })} required>
        <option value="">${t('new.choose')}</option>
        ${calendars.map((c) => html`<option value=${c.id}>${c.name} (${c.timezone})</option>`)}
      </select><//>
    <${Field} name="managerId" label=${t('agr.manager')} errors=${errors}>
      <select ...${input('managerId', { onInput: undefined, onChange: (e) => set({ managerId: e.target.value }) })}>
        <option value="">${t('agr.noManager')}</option>
        ${managers.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
      </select><//>
    <${Field} name="start" label=${t('agr.start')} errors=${errors}><input type="date" ...${input('start')} required /><//>
    <${Field} name="end" label=${t('agr.end')} errors=${errors}><input type="date" ...${input('end')} required /><//>
    <fieldset class="wide recipients">
      <legend>${t('agr.recipients')}</legend>
      ${contacts.length === 0
        ? html`<p class="muted hint">${t(form.organizationId ? 'agr.noContacts' : 'agr.chooseClientFirst')}</p>`
        : contacts.map((c) => html`<label class="checkbox"><input type="checkbox" name="recipientContactIds" value=${c.id} disabled=${!canEdit}
            checked=${form.recipientContactIds.includes(c.id)} onChange=${() => toggleRecipient(c.id)} />
            <span>${c.name}${c.email ? html` <span class="muted">· ${c.email}</span>` : html` <span class="warn-text">${t('agr.noEmail')}</span>`}</span></label>`)}
      <${FieldError} id="recipientContactIds-error" error=${errors.recipientContactIds} />
    </fieldset>
    <${Field} name="noticeDays" label=${t('agr.noticeDays')} errors=${errors} hint=${t('agr.noticeDaysHint')}><input ...${input('noticeDays')} inputmode="numeric" /><//>
    <${Field} name="warningPercent" label=${t('agr.warningPercent')} errors=${errors} hint=${t('agr.warningPercentHint')}>
      <input type="number" min="1" max="99" step="1" ...${input('warningPercent')} /><//>
    <${Field} name="hoursPackage" label=${t('agr.hoursPackage')} errors=${errors} hint=${form.kind === 'prepaid_hours' ? t('agr.hoursPackageRequired') : t('agr.optional')}>
      <input type="number" min="0" step="0.5" ...${input('hoursPackage')} /><//>
    <${Field} name="hourRate" label=${t('agr.hourRate')} errors=${errors} hint=${t('agr.optional')}><input type="number" min="0" step="0.01" ...${input('hourRate')} /><//>
    <${Field} name="notes" label=${t('agr.notes')} errors=${errors} wide><textarea rows="3" ...${input('notes')}></textarea><//>
  </div>`;
}

/** Covered services: the catalogue as checkboxes by category; retired ones stay listed while covered. */
function ServicesPicker({ catalogue, selected, onChange, disabled }) {
  const [filter, setFilter] = useState('');
  const visible = catalogue.filter((s) => (s.active || selected.includes(s.id)) && (!filter || `${s.name} ${s.category ?? ''}`.toLowerCase().includes(filter.toLowerCase())));
  const groups = new Map();
  for (const s of visible) groups.set(s.category || '', [...(groups.get(s.category || '') ?? []), s]);
  const toggle = (id) => onChange(selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id]);
  if (catalogue.length === 0) return html`<p class="muted">${t('agr.noServicesInCatalogue')} <a href="/services">${t('svc.title')}</a></p>`;
  return html`<div class="services-picker">
    ${catalogue.length > 8 && html`<input type="search" class="filter-text" aria-label=${t('agr.findService')} placeholder=${t('agr.findService')} value=${filter} onInput=${(e) => setFilter(e.target.value)} />`}
    ${[...groups].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b))).map(
      ([category, services]) => html`<fieldset class="service-group">
        <legend>${category || t('svc.noCategory')}</legend>
        ${services.map((s) => html`<label class="checkbox"><input type="checkbox" name="serviceIds" value=${s.id} checked=${selected.includes(s.id)} disabled=${disabled} onChange=${() => toggle(s.id)} />
          <span>${s.name}${!s.active && html` <span class="chip retired">${t('svc.retired')}</span>`}${s.description && html`<span class="hint block">${s.description}</span>`}</span></label>`)}
      </fieldset>`,
    )}
    <p class="hint">${t('agr.servicesHint', { n: selected.length })}</p>
  </div>`;
}

function useReferenceData() {
  return useData(
    () =>
      Promise.all([api.get('/calendars'), api.get('/services?limit=200'), api.get('/agreements/tier-presets')]).then(([calendars, services, presets]) => ({
        calendars: calendars.items,
        services: services.items,
        presets: presets.items,
      })),
    [],
  );
}

const notSaved = (fields) => (Object.keys(fields).length ? t('agr.err.fixFields') : null);

// A notice that outlives the navigation to a created or renewed agreement.
let flash = '';

export function NewAgreementPage({ search, me, organizations, agents }) {
  const ref = useReferenceData();
  const preset = new URLSearchParams(search).get('organizationId') || '';
  const [form, setForm] = useState(() => {
    const start = todayPlain();
    return termsOf({ organizationId: preset, start, end: addYearMinusDay(start), managerId: me?.id, tier: '8x5' });
  });
  const [rows, setRows] = useState(null);
  const [matrixTouched, setMatrixTouched] = useState(false);
  const [serviceIds, setServiceIds] = useState([]);
  const [errors, setErrors] = useState({});
  const [matrixErrors, setMatrixErrors] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const contacts = useContacts(form.organizationId);
  const presets = ref.data?.presets ?? [];

  // The matrix starts from the tier's preset and follows the tier until it is edited by hand.
  useEffect(() => {
    if (!ref.data || matrixTouched) return;
    const p = presets.find((x) => x.tier === form.tier);
    setRows(rowsFromTargets(p?.targets ?? []));
  }, [ref.data, form.tier]);
  useEffect(() => {
    if (ref.data && !form.calendarId && ref.data.calendars.length === 1) setForm((f) => ({ ...f, calendarId: String(ref.data.calendars[0].id) }));
  }, [ref.data]);

  if (!canEditAgreements(me)) return html`<p class="empty">${t('agr.readOnly')}</p>`;
  if (ref.error) return html`<${ErrorBox} error=${ref.error} />`;
  if (!ref.data || !rows) return html`<p class="muted">${t('common.loading')}</p>`;
  const set = (patch) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors({});
    setError(null);
  };
  const submit = async (status) => {
    const { body, errors: local } = termsBody(form);
    const matrix = targetsFromRows(rows);
    if (!form.organizationId) local.organizationId = t('agr.err.required');
    if (matrix.targets.length === 0 && form.tier === 'custom') local._matrix = t('agr.err.customTargets');
    setErrors(local);
    setMatrixErrors(matrix.errors);
    if (Object.keys(local).length || Object.keys(matrix.errors).length) {
      setError(new Error(t('agr.err.fixFields')));
      return;
    }
    setBusy(true);
    try {
      const created = await api.post('/agreements', { ...body, organizationId: Number(form.organizationId), serviceIds, targets: matrix.targets, status });
      flash = t(created.status === 'active' ? 'agr.createdActive' : status === 'draft' ? 'agr.createdDraft' : 'agr.created');
      navigate(`/agreements/${created.id}`, { replace: true });
    } catch (err) {
      const fields = problemFields(err.problem);
      setErrors(fields);
      setMatrixErrors(rowErrors(fields, matrix.keys));
      setError(notSaved(fields) ? new Error(notSaved(fields)) : err);
      setBusy(false);
    }
  };
  const calendar = ref.data.calendars.find((c) => String(c.id) === form.calendarId);
  return html`<section class="agreement-page form-page-wide">
    <a class="back" href="/agreements">← ${t('agr.title')}</a>
    <div class="page-head"><h1>${t('agr.new')}</h1></div>
    <form id="agreement-form" class="agreement-columns" onSubmit=${(e) => { e.preventDefault(); submit('planned'); }} noValidate>
      <div class="agreement-main">
        <section class="card" aria-labelledby="terms-title"><h2 id="terms-title">${t('agr.terms')}</h2>
          <${TermsFields} form=${form} set=${set} errors=${errors} isNew canEdit organizations=${organizations} calendars=${ref.data.calendars} agents=${agents} contacts=${contacts} />
        </section>
        <section class="card" aria-labelledby="matrix-title"><h2 id="matrix-title">${t('agr.sla')}</h2>
          <${SlaMatrix} rows=${rows} onChange=${(r) => { setRows(r); setMatrixTouched(true); setMatrixErrors({}); }} errors=${matrixErrors} presets=${presets} calendarName=${calendar?.name} />
          <${FieldError} id="matrix-error" error=${errors._matrix || errors.targets} />
        </section>
      </div>
      <aside class="agreement-side">
        <section class="card" aria-labelledby="services-title"><h2 id="services-title">${t('agr.services')}</h2>
          <${ServicesPicker} catalogue=${ref.data.services} selected=${serviceIds} onChange=${setServiceIds} />
        </section>
        <section class="card create-box">
          <${ErrorBox} error=${error} />
          <p class="hint">${t('agr.createHint')}</p>
          <div class="actions gap">
            <button type="button" onClick=${() => submit('draft')} disabled=${busy}>${t('agr.saveDraft')}</button>
            <button type="submit" class="primary" disabled=${busy}>${t('agr.create')}</button>
          </div>
        </section>
      </aside>
    </form>
  </section>`;
}

// ————— one agreement —————

/** The server words its history reasons in English; the ones it writes by itself are said again here. */
function historyReason(text) {
  let m = /^The period began on (\d{4}-\d{2}-\d{2})$/.exec(text);
  if (m) return t('agr.reason.began', { date: formatPlainDate(m[1]) });
  m = /^The last covered day was (\d{4}-\d{2}-\d{2})(?: \(noticed (\d+) days? late\))?$/.exec(text);
  if (m) return t(m[2] ? 'agr.reason.endedLate' : 'agr.reason.ended', { date: formatPlainDate(m[1]), n: m[2] });
  m = /^(Renewal|Copy) of ([^;]+)(;.*)?$/.exec(text);
  if (m) return `${t(m[1] === 'Renewal' ? 'agr.reason.renewalOf' : 'agr.reason.copyOf', { number: m[2] })}${m[3] ?? ''}`;
  m = /^Renewed by (.+) \((\d{4}-\d{2}-\d{2})…(\d{4}-\d{2}-\d{2})\)$/.exec(text);
  if (m) return t('agr.reason.renewedBy', { number: m[1], period: formatPeriod({ start: m[2], end: m[3] }) });
  return text;
}

function History({ items }) {
  if (!items.length) return html`<p class="muted">${t('agr.noHistory')}</p>`;
  return html`<ol class="agr-history">${[...items].reverse().map((h) => {
    const key = `agr.history.${h.action}`;
    return html`<li class=${`agr-event action-${h.action}`}>
      <span class="agr-event-dot" aria-hidden="true"></span>
      <div>
        <div class="agr-event-head"><b>${t(key) === key ? h.action : t(key)}</b>
          ${h.from && h.to && h.from !== h.to ? html` <${AgreementStatus} status=${h.from} /> → <${AgreementStatus} status=${h.to} />` : !h.from && h.to ? html` <${AgreementStatus} status=${h.to} />` : ''}</div>
        <div class="muted">${h.actor === 'system' ? t('history.system') : h.actorName} · <time datetime=${h.at} title=${formatDate(h.at)}>${formatAgo(h.at)}</time></div>
        ${h.reason && html`<div class="agr-event-reason">${historyReason(h.reason)}</div>`}
      </div>
    </li>`;
  })}</ol>`;
}

function ReasonDialog({ title, intro, label, required, confirmLabel, danger, onConfirm, onClose }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  const [fieldError, setFieldError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    if (required && !reason.trim()) {
      setFieldError(t('agr.err.reasonRequired'));
      return;
    }
    setBusy(true);
    try {
      await onConfirm(reason.trim());
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return html`<${Dialog} title=${title} onClose=${onClose}>
    <form class="dialog-form" onSubmit=${submit} noValidate>
      ${intro && html`<p>${intro}</p>`}
      <label>${label}
        <textarea name="reason" rows="3" maxlength="2000" value=${reason} required=${required} aria-invalid=${fieldError ? 'true' : undefined}
          aria-describedby=${fieldError ? 'reason-error' : undefined} onInput=${(e) => { setReason(e.target.value); setFieldError(''); }}></textarea>
        <${FieldError} id="reason-error" error=${fieldError} /></label>
      <${ErrorBox} error=${error} />
      <div class="dialog-actions">
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class=${danger ? 'danger-solid' : 'primary'} disabled=${busy}>${confirmLabel}</button>
      </div>
    </form>
  <//>`;
}

function RenewDialog({ agreement, onClose }) {
  const [number, setNumber] = useState('');
  const [start, setStart] = useState('');
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    try {
      const created = await api.post(`/agreements/${agreement.id}/renew`, { ...(number.trim() && { number: number.trim() }), ...(start && { start }) });
      flash = t('agr.renewed', { number: created.number, from: agreement.number });
      onClose();
      navigate(`/agreements/${created.id}`);
    } catch (err) {
      const fields = problemFields(err.problem);
      setErrors(fields);
      setError(err);
      setBusy(false);
    }
  };
  return html`<${Dialog} title=${t('agr.renewTitle', { number: agreement.number })} onClose=${onClose}>
    <form class="dialog-form" onSubmit=${submit} noValidate>
      <p>${t('agr.renewIntro')}</p>
      <label>${t('agr.renewNumber')}<input name="renew-number" value=${number} maxlength="50" placeholder=${t('agr.renewNumberAuto')} onInput=${(e) => setNumber(e.target.value)}
        aria-invalid=${errors.number ? 'true' : undefined} aria-describedby=${errors.number ? 'renew-number-error' : undefined} />
        <${FieldError} id="renew-number-error" error=${errors.number} /></label>
      <label>${t('agr.renewStart')}<input type="date" name="renew-start" value=${start} onInput=${(e) => setStart(e.target.value)}
        aria-invalid=${errors.start ? 'true' : undefined} aria-describedby=${errors.start ? 'renew-start-error' : 'renew-start-hint'} />
        ${errors.start ? html`<${FieldError} id="renew-start-error" error=${errors.start} />` : html`<span class="hint block" id="renew-start-hint">${t('agr.renewStartHint', { date: formatPlainDate(dayAfter(agreement.end)) })}</span>`}</label>
      ${error && !Object.keys(errors).length && html`<${ErrorBox} error=${error} />`}
      <div class="dialog-actions">
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class="primary" disabled=${busy}>${t('agr.renew')}</button>
      </div>
    </form>
  <//>`;
}

const dayAfter = (date) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function CopyDialog({ agreement, organizations, onClose, onCopied }) {
  const [selected, setSelected] = useState([]);
  const [filter, setFilter] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const visible = organizations.filter((o) => !filter || o.name.toLowerCase().includes(filter.toLowerCase()));
  const toggle = (id) => setSelected(selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id]);
  const submit = async (e) => {
    e.preventDefault();
    if (!selected.length) {
      setError(new Error(t('agr.copyChoose')));
      return;
    }
    setBusy(true);
    try {
      const res = await api.post(`/agreements/${agreement.id}/copy`, { organizationIds: selected, ...(start && { start }), ...(end && { end }) });
      onCopied(res.items);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return html`<${Dialog} title=${t('agr.copyTitle', { number: agreement.number })} onClose=${onClose} wide>
    <form class="dialog-form" onSubmit=${submit} noValidate>
      <p>${t('agr.copyIntro')}</p>
      <input type="search" aria-label=${t('org.search')} placeholder=${t('org.search')} value=${filter} onInput=${(e) => setFilter(e.target.value)} />
      <fieldset class="org-choices"><legend class="visually-hidden">${t('agr.copyClients')}</legend>
        ${visible.map((o) => html`<label class="checkbox"><input type="checkbox" name="organizationIds" value=${o.id} checked=${selected.includes(o.id)} onChange=${() => toggle(o.id)} />
          <span>${o.name}${o.id === agreement.organizationId ? html` <span class="muted">(${t('agr.copySameClient')})</span>` : ''}</span></label>`)}
      </fieldset>
      <div class="form-grid">
        <label>${t('agr.start')}<input type="date" name="copy-start" value=${start} onInput=${(e) => setStart(e.target.value)} /></label>
        <label>${t('agr.end')}<input type="date" name="copy-end" value=${end} onInput=${(e) => setEnd(e.target.value)} /></label>
      </div>
      <p class="hint">${t('agr.copyPeriodHint', { period: formatPeriod(agreement) })}</p>
      <${ErrorBox} error=${error} />
      <div class="dialog-actions">
        <span class="muted">${t('agr.copySelected', { n: selected.length })}</span>
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class="primary" disabled=${busy}>${t('agr.copy')}</button>
      </div>
    </form>
  <//>`;
}

/** Changes of a terms form against the agreement: only what differs is sent. */
function changedTerms(form, agreement) {
  const { body, errors } = termsBody(form);
  const { body: before } = termsBody(termsOf(agreement));
  const patch = {};
  for (const [k, v] of Object.entries(body)) if (JSON.stringify(v) !== JSON.stringify(before[k])) patch[k] = v;
  return { patch, errors };
}

function Terms({ agreement, canEdit, calendars, agents, onSaved }) {
  const [form, setForm] = useState(() => termsOf(agreement));
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const contacts = useContacts(agreement.organizationId);
  const { patch } = changedTerms(form, agreement);
  const dirty = Object.keys(patch).length > 0;
  const set = (p) => {
    setForm((f) => ({ ...f, ...p }));
    setErrors({});
    setError(null);
    setNotice('');
  };
  const save = async (e) => {
    e.preventDefault();
    const { patch: changes, errors: local } = changedTerms(form, agreement);
    setErrors(local);
    if (Object.keys(local).length) {
      setError(new Error(t('agr.err.fixFields')));
      return;
    }
    if (!Object.keys(changes).length) return;
    setBusy(true);
    try {
      const saved = await api.patch(`/agreements/${agreement.id}`, changes);
      setForm(termsOf(saved));
      setNotice(t('agr.saved'));
      onSaved(saved);
    } catch (err) {
      const fields = problemFields(err.problem);
      setErrors(fields);
      setError(notSaved(fields) ? new Error(notSaved(fields)) : err);
    } finally {
      setBusy(false);
    }
  };
  const ended = ENDED.has(agreement.status);
  return html`<section class="card" aria-labelledby="terms-title">
    <form onSubmit=${save} noValidate>
      <div class="card-head"><h2 id="terms-title">${t('agr.terms')}</h2>
        <div class="head-actions">
          ${notice && html`<span class="saved-note" role="status">${notice}</span>`}
          ${dirty && canEdit && html`<span class="badge unsaved">${t('agr.unsaved')}</span>`}
          ${canEdit && html`<button type="submit" class="primary" disabled=${busy || !dirty}>${t('common.save')}</button>`}
        </div></div>
      ${ended && canEdit && html`<p class="hint">${t('agr.endedTerms')}</p>`}
      <${ErrorBox} error=${error} />
      <${TermsFields} form=${form} set=${set} errors=${errors} canEdit=${canEdit} ended=${ended} organizations=${[]} calendars=${calendars} agents=${agents} contacts=${contacts} />
    </form>
  </section>`;
}

function Targets({ agreement, canEdit, presets, onSaved }) {
  const initial = useMemo(() => rowsFromTargets(agreement.targets), [agreement.updatedAt]);
  const [rows, setRows] = useState(initial);
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const editable = canEdit && !ENDED.has(agreement.status);
  const current = targetsFromRows(rows);
  const dirty = JSON.stringify(current.targets) !== JSON.stringify(targetsFromRows(initial).targets) || Object.keys(current.errors).length > 0;
  const save = async (e) => {
    e.preventDefault();
    const { targets, keys, errors: local } = targetsFromRows(rows);
    if (!targets.length && !Object.keys(local).length) local[`${rows[0].key}.reaction`] = t('matrix.err.empty');
    setErrors(local);
    if (Object.keys(local).length) {
      setError(new Error(t('agr.err.fixFields')));
      return;
    }
    setBusy(true);
    try {
      const saved = await api.put(`/agreements/${agreement.id}/targets`, { targets });
      setRows(rowsFromTargets(saved.targets));
      setError(null);
      setNotice(t('agr.targetsSaved'));
      onSaved(saved);
    } catch (err) {
      const fields = problemFields(err.problem);
      setErrors(rowErrors(fields, keys));
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="card" aria-labelledby="matrix-title">
    <form onSubmit=${save} noValidate>
      <div class="card-head"><h2 id="matrix-title">${t('agr.sla')}</h2>
        <div class="head-actions">
          ${notice && html`<span class="saved-note" role="status">${notice}</span>`}
          ${dirty && editable && html`<span class="badge unsaved">${t('agr.unsaved')}</span>`}
          ${editable && html`<button type="button" disabled=${!dirty} onClick=${() => { setRows(initial); setErrors({}); setError(null); }}>${t('agr.revert')}</button>
            <button type="submit" class="primary" disabled=${busy || !dirty}>${t('agr.saveTargets')}</button>`}
        </div></div>
      <${ErrorBox} error=${error} />
      <${SlaMatrix} rows=${rows} onChange=${(r) => { setRows(r); setErrors({}); setNotice(''); }} errors=${errors} disabled=${!editable} presets=${presets} calendarName=${agreement.calendarName} />
      ${editable && html`<p class="hint">${t('agr.targetsRecompute')}</p>`}
    </form>
  </section>`;
}

function Services({ agreement, canEdit, catalogue, onSaved }) {
  const initial = agreement.services.map((s) => s.id);
  const [selected, setSelected] = useState(initial);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const editable = canEdit && !ENDED.has(agreement.status);
  const dirty = JSON.stringify([...selected].sort()) !== JSON.stringify([...initial].sort());
  // Covered services that are retired are missing from the active catalogue: the agreement's own list has them.
  const all = [...catalogue, ...agreement.services.filter((s) => !catalogue.some((c) => c.id === s.id))];
  const save = async () => {
    setBusy(true);
    try {
      const saved = await api.put(`/agreements/${agreement.id}/services`, { serviceIds: selected });
      setSelected(saved.services.map((s) => s.id));
      setError(null);
      setNotice(t('agr.servicesSaved'));
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="card" aria-labelledby="services-title">
    <div class="card-head"><h2 id="services-title">${t('agr.services')}</h2>
      <div class="head-actions">
        ${notice && html`<span class="saved-note" role="status">${notice}</span>`}
        ${editable && html`<button type="button" class="primary" disabled=${busy || !dirty} onClick=${save}>${t('common.save')}</button>`}
      </div></div>
    <${ErrorBox} error=${error} />
    ${editable
      ? html`<${ServicesPicker} catalogue=${all} selected=${selected} onChange=${(s) => { setSelected(s); setNotice(''); }} />`
      : agreement.services.length
        ? html`<ul class="plain-list services-list">${agreement.services.map((s) => html`<li>${s.name}${s.category && html` <span class="muted">· ${s.category}</span>`}</li>`)}</ul>`
        : html`<p class="muted">${t('agr.noServices')}</p>`}
  </section>`;
}

export function AgreementPage({ id, me, organizations, agents }) {
  const [version, setVersion] = useState(0);
  const { data, error } = useData(() => api.get(`/agreements/${id}`), [id, version]);
  const ref = useReferenceData();
  // The agreement shown: as loaded, then as each save or transition returns it (no second request).
  const [agreement, setAgreement] = useState(null);
  const [dialog, setDialog] = useState(null);
  const [notice, setNotice] = useState('');
  const [copies, setCopies] = useState(null);
  const [source, setSource] = useState(null);
  useEffect(() => {
    if (data && String(data.id) === String(id)) setAgreement(data);
  }, [data]);
  useEffect(() => {
    setCopies(null);
    setNotice(flash);
    flash = '';
  }, [id]);
  const a = agreement && String(agreement.id) === String(id) ? agreement : null;
  useEffect(() => {
    setSource(null);
    if (a?.renewedFromId) api.get(`/agreements/${a.renewedFromId}`).then((s) => setSource(s), () => {});
  }, [a?.renewedFromId]);
  if (error) return html`<section><a class="back" href="/agreements">← ${t('agr.title')}</a><${ErrorBox} error=${error} /></section>`;
  if (!a || !ref.data) return html`<p class="muted">${t('common.loading')}</p>`;
  const canEdit = canEditAgreements(me);
  const reload = () => setVersion((v) => v + 1);
  const onSaved = (saved) => {
    setAgreement(saved);
    setNotice('');
  };
  const transition = (action) => async (reason) => {
    const saved = await api.post(`/agreements/${a.id}/${action}`, reason ? { reason } : {});
    setDialog(null);
    setAgreement(saved);
    setNotice(t(`agr.done.${action}`));
  };
  const liveRenewal = a.renewals.find((r) => r.status !== 'terminated');
  const exp = expiryText(a);
  const status = a.status;
  return html`<section class="agreement-page" key=${a.id}>
    <a class="back" href="/agreements">← ${t('agr.title')}</a>
    <div class="page-head agreement-head">
      <div>
        <h1><span class="muted">№</span> ${a.number} <span class="agr-head-title">${a.title}</span></h1>
        <div class="agreement-meta">
          <${AgreementStatus} status=${status} />
          <a href=${`/organizations/${a.organizationId}`}>${a.organizationName}</a>
          <span>${formatPeriod(a)}</span>
          <span class=${`expiry ${exp.tone}`}>${exp.text}</span>
          <span class="muted">${tierLabel(a.tier)} · ${t(`agr.kind.${a.kind}`)}</span>
        </div>
      </div>
      ${canEdit && html`<div class="head-actions">
        ${status === 'draft' && html`<button type="button" onClick=${() => setDialog('plan')}>${t('agr.plan')}</button>`}
        ${(status === 'draft' || status === 'planned') && html`<button type="button" onClick=${() => setDialog('activate')}>${t('agr.activate')}</button>`}
        ${status !== 'draft' && (liveRenewal
          ? html`<a class="button" href=${`/agreements/${liveRenewal.id}`}>${t('agr.renewedBy', { number: liveRenewal.number })}</a>`
          : html`<button type="button" class="primary" onClick=${() => setDialog('renew')}>${t('agr.renew')}</button>`)}
        <button type="button" onClick=${() => setDialog('copy')}>${t('agr.copy')}</button>
        ${!ENDED.has(status) && html`<button type="button" class="danger" onClick=${() => setDialog('terminate')}>${t('agr.terminate')}</button>`}
      </div>`}
    </div>
    ${notice && html`<div class="success" role="status">${notice}</div>`}
    ${copies && html`<div class="success" role="status">${t('agr.copied', { n: copies.length })}
      ${copies.map((c, i) => html`${i ? ', ' : ' '}<a href=${`/agreements/${c.id}`}>${c.number}</a> (${c.organizationName})`)}</div>`}
    ${a.warnings.length > 0 && html`<div class="warning" role="note">${a.warnings.map((w) => html`<div>${agreementWarning(w)}</div>`)}</div>`}
    ${(a.renewedFromId || a.renewals.length > 0) && html`<p class="agr-links">
      ${a.renewedFromId && html`<span>${t('agr.renewalOf')} <a href=${`/agreements/${a.renewedFromId}`}>${source ? `№ ${source.number}` : `#${a.renewedFromId}`}</a></span>`}
      ${a.renewals.map((r) => html`<span>${t('agr.renewedByLink')} <a href=${`/agreements/${r.id}`}>№ ${r.number}</a> <${AgreementStatus} status=${r.status} /></span>`)}
    </p>`}
    <div class="agreement-columns">
      <div class="agreement-main">
        <${Targets} key=${`t${a.id}`} agreement=${a} canEdit=${canEdit} presets=${ref.data.presets} onSaved=${onSaved} />
        <${Terms} key=${`f${a.id}`} agreement=${a} canEdit=${canEdit} calendars=${ref.data.calendars} agents=${agents} onSaved=${onSaved} />
      </div>
      <aside class="agreement-side">
        <${Services} key=${`s${a.id}`} agreement=${a} canEdit=${canEdit} catalogue=${ref.data.services} onSaved=${onSaved} />
        <section class="card" aria-labelledby="history-title"><h2 id="history-title">${t('agr.history')}</h2><${History} items=${a.history} /></section>
        <p class="muted small"><a href=${`/tickets?organizationId=${a.organizationId}`}>${t('agr.ticketsOfClient')}</a></p>
      </aside>
    </div>
    ${dialog === 'terminate' && html`<${ReasonDialog} title=${t('agr.terminateTitle', { number: a.number })} intro=${t('agr.terminateIntro')} label=${t('agr.reasonRequired')} required danger
      confirmLabel=${t('agr.terminate')} onConfirm=${transition('terminate')} onClose=${() => setDialog(null)} />`}
    ${dialog === 'activate' && html`<${ReasonDialog} title=${t('agr.activateTitle', { number: a.number })} intro=${t('agr.activateIntro', { start: formatPlainDate(a.start) })} label=${t('agr.reasonOptional')}
      confirmLabel=${t('agr.activate')} onConfirm=${transition('activate')} onClose=${() => setDialog(null)} />`}
    ${dialog === 'plan' && html`<${ReasonDialog} title=${t('agr.planTitle', { number: a.number })} intro=${t('agr.planIntro')} label=${t('agr.reasonOptional')}
      confirmLabel=${t('agr.plan')} onConfirm=${transition('plan')} onClose=${() => setDialog(null)} />`}
    ${dialog === 'renew' && html`<${RenewDialog} agreement=${a} onClose=${() => setDialog(null)} />`}
    ${dialog === 'copy' && html`<${CopyDialog} agreement=${a} organizations=${organizations} onClose=${() => setDialog(null)}
      onCopied=${(items) => { setDialog(null); setCopies(items); reload(); }} />`}
  </section>`;
}
