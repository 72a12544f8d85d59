import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { loadMessages, language, t } from '../i18n.js';
import { navigate } from '../router.js';
import { ErrorBox } from '../components/error.js';
import { FieldError } from '../components/intervals.js';
import { Dialog } from '../components/dialog.js';
import { useData } from '../components/use-data.js';
import { formatDay } from '../format.js';
import { may } from '../session.js';

await loadMessages('people');

export const ROLES = ['admin', 'manager', 'engineer', 'accountant'];
export const LANGUAGES = ['ru', 'en'];
/** The server's limit of a free-text SMS (SMS_TEXT_MAX in server/modules/sms/sms.service.ts: three concatenated parts). */
export const SMS_TEXT_MAX = 459;
const PASSWORD_MIN = 10;

const roleLabel = (role) => t(`ppl.role.${role}`);
const languageLabel = (lang) => (t(`ppl.lang.${lang}`) === `ppl.lang.${lang}` ? lang : t(`ppl.lang.${lang}`));

/** A problem's message for a person: the server's `detail`, else its title, else the HTTP status. */
export const problemText = (err) => err?.problem?.detail || err?.problem?.title || err?.message || String(err);

/** problem+json field errors → { field: message }, the common ones said in the viewer's language. */
function fieldErrors(problem) {
  const out = {};
  for (const e of problem?.errors ?? []) {
    const field = e.path.replace(/^body\.?/, '').split('.')[0];
    if (!field || out[field]) continue;
    if (/format "email"/.test(e.message)) out[field] = t('ppl.err.email');
    else if (field === 'password' && /fewer than|at least/.test(e.message)) out[field] = t('ppl.err.password');
    else if (/is required|fewer than 1/.test(e.message)) out[field] = t('ppl.err.required');
    else out[field] = e.message;
  }
  return out;
}

const looksLikeEmail = (s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);

/** One labelled input of a form-grid, with its error under it. */
function Field({ name, label, prefix, value, onInput, error, hint, type = 'text', ...extra }) {
  const id = `${prefix}-${name}`;
  const described = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ') || undefined;
  return html`<label
    >${label}
    <input
      id=${id}
      name=${name}
      type=${type}
      value=${value}
      onInput=${(e) => onInput(e.target.value)}
      aria-invalid=${error ? 'true' : undefined}
      aria-describedby=${described}
      ...${extra} />
    ${hint && html`<span class="hint block" id=${`${id}-hint`}>${hint}</span>`}
    <${FieldError} id=${`${id}-error`} error=${error}
  /></label>`;
}

const Select = ({ name, label, value, options, onChange, disabled }) =>
  html`<label
    >${label}
    <select name=${name} value=${value} disabled=${disabled} onChange=${(e) => onChange(e.target.value)}>
      ${options.map(([v, text]) => html`<option value=${v} selected=${v === value}>${text}</option>`)}
    </select></label
  >`;

/**
 * The state both agent forms share: the values, field errors from the form or the server, the notice, and a
 * `send` that runs one request with the busy flag and turns a refusal into field errors.
 */
function useAgentForm(initial, prefix) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (patch) => {
    setForm((f) => ({ ...f, ...patch }));
    setNotice('');
  };
  const send = async (request, done) => {
    setBusy(true);
    try {
      const result = await request();
      setError(null);
      done(result);
    } catch (err) {
      setErrors(fieldErrors(err.problem));
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const field = (name, label, extra = {}) =>
    html`<${Field}
      name=${name}
      label=${label}
      prefix=${prefix}
      value=${form[name]}
      onInput=${(v) => set({ [name]: v })}
      error=${errors[name]}
      ...${extra}
    />`;
  return { form, setForm, set, errors, setErrors, error, notice, setNotice, busy, send, field };
}

// A new agent's language starts as the admin's own choice of the desk's language.
const blank = () => ({ name: '', email: '', role: 'engineer', password: '', phone: '', language: language() });

function NewAgentForm({ onCreated }) {
  const { form, setForm, set, errors, setErrors, error, notice, setNotice, busy, send, field } = useAgentForm(
    blank,
    'new-agent',
  );
  const submit = async (e) => {
    e.preventDefault();
    const local = {};
    if (!form.name.trim()) local.name = t('ppl.err.required');
    if (!form.email.trim()) local.email = t('ppl.err.required');
    else if (!looksLikeEmail(form.email.trim())) local.email = t('ppl.err.email');
    if (form.password && form.password.length < PASSWORD_MIN) local.password = t('ppl.err.password');
    setErrors(local);
    if (Object.keys(local).length) return;
    await send(
      () =>
        api.post('/agents', {
          name: form.name.trim(),
          email: form.email.trim(),
          role: form.role,
          language: form.language,
          ...(form.password && { password: form.password }),
          ...(form.phone.trim() && { phone: form.phone.trim() }),
        }),
      (created) => {
        setForm(blank());
        setNotice(t('ppl.created.note', { name: created.name }));
        onCreated(created);
      },
    );
  };
  return html`<section class="card new-agent" aria-labelledby="new-agent-title">
    <h2 id="new-agent-title">${t('ppl.new')}</h2>
    <form class="form-grid" onSubmit=${submit} novalidate>
      ${field('name', t('ppl.name'), { required: true, maxlength: 200, autocomplete: 'off' })}
      ${field('email', t('ppl.email'), { type: 'email', required: true, maxlength: 254, autocomplete: 'off' })}
      <${Select}
        name="role"
        label=${t('ppl.role')}
        value=${form.role}
        options=${ROLES.map((r) => [r, roleLabel(r)])}
        onChange=${(v) => set({ role: v })}
      />
      <${Select}
        name="language"
        label=${t('ppl.language')}
        value=${form.language}
        options=${LANGUAGES.map((l) => [l, languageLabel(l)])}
        onChange=${(v) => set({ language: v })}
      />
      ${field('phone', t('ppl.phone'), { type: 'tel', maxlength: 40, hint: t('ppl.phoneHint') })}
      ${field('password', t('ppl.password'), { type: 'password', maxlength: 256, autocomplete: 'new-password', hint: t('ppl.passwordHint') })}
      <div class="wide">
        <${ErrorBox} error=${Object.keys(errors).length ? null : error && { message: problemText(error) }} />
      </div>
      <div class="wide actions people-actions">
        ${notice && html`<span class="saved-note" role="status">${notice}</span>`}
        <button type="submit" class="primary" disabled=${busy}>${t('ppl.add')}</button>
      </div>
    </form>
  </section>`;
}

/** The agents of the desk: who they are, their role, phone and language. Admins add agents here. */
export function AgentsPage({ me }) {
  const [version, setVersion] = useState(0);
  const [q, setQ] = useState('');
  const { data, error } = useData(() => api.get('/agents'), [version]);
  const needle = q.trim().toLowerCase();
  const items = (data?.items ?? []).filter(
    (a) => !needle || [a.name, a.email, a.phone ?? ''].some((s) => s.toLowerCase().includes(needle)),
  );
  const open = (a) => navigate(`/agents/${a.id}`);
  return html`<section class="agents-page">
    <div class="page-head"><h1>${t('ppl.title')}</h1></div>
    <p class="muted lead">${t('ppl.lead')}</p>
    <div class="filters">
      <label class="filter"
        >${t('search.title')}<input
          type="search"
          class="filter-text"
          name="q"
          value=${q}
          onInput=${(e) => setQ(e.target.value)}
      /></label>
    </div>
    <${ErrorBox} error=${error} />
    <div class="table-wrap">
      <table class="grid agents-table">
        <thead>
          <tr>
            <th>${t('ppl.name')}</th>
            <th>${t('ppl.email')}</th>
            <th>${t('ppl.role')}</th>
            <th>${t('ppl.phone')}</th>
            <th>${t('ppl.active')}</th>
            <th>${t('ppl.language')}</th>
          </tr>
        </thead>
        <tbody>
          ${items.map(
            (a) =>
              html`<tr
                key=${a.id}
                data-agent-id=${a.id}
                class=${`clickable${a.active ? '' : ' inactive-row'}`}
                onClick=${(e) => !e.target.closest('a') && open(a)}
              >
                <td>
                  <a href=${`/agents/${a.id}`} aria-label=${t('ppl.open', { name: a.name })}><b>${a.name}</b></a
                  >${a.id === me?.id && html` <span class="muted">(${t('ppl.you')})</span>`}
                </td>
                <td>${a.email}</td>
                <td><span class=${`chip role-${a.role}`}>${roleLabel(a.role)}</span></td>
                <td class="nowrap">${a.phone ?? html`<span class="muted">—</span>`}</td>
                <td>
                  ${a.active ? html`<span class="chip agent-on">${t('ppl.yes')}</span>` : html`<span class="chip agent-off">${t('ppl.no')}</span>`}
                </td>
                <td>${languageLabel(a.language)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${data && items.length === 0 && html`<p class="empty">${t('ppl.none')}</p>`}
    </div>
    ${may(me, 'agent.manage') && html`<${NewAgentForm} onCreated=${() => setVersion((v) => v + 1)} />`}
  </section>`;
}

/** The SMS dialog of an agent card: text with a counter, this month's count and cap, the outcome of sending. */
function SmsDialog({ agent, onClose }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [queued, setQueued] = useState(null);
  const [version, setVersion] = useState(0);
  const textarea = useRef(null);
  const counters = useData(() => api.get('/sms/counters'), [version]);
  const length = text.trim().length;
  const send = async (e) => {
    e.preventDefault();
    if (!length || length > SMS_TEXT_MAX) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.post(`/agents/${agent.id}/sms`, { text });
      setQueued(result);
      setText('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      setVersion((v) => v + 1);
      // The Send button was disabled while sending, which drops the focus out of the dialog: bring it back.
      textarea.current?.focus();
    }
  };
  const c = counters.data;
  return html`<${Dialog} title=${t('ppl.sms.title', { name: agent.name })} onClose=${onClose}>
    <form class="sms-form" onSubmit=${send} novalidate>
      <p class="muted">${t('ppl.sms.to', { phone: agent.phone })}</p>
      <label for="sms-text">${t('ppl.sms.text')}</label>
      <textarea
        ref=${textarea}
        id="sms-text"
        name="text"
        rows="5"
        maxlength=${SMS_TEXT_MAX}
        value=${text}
        aria-describedby="sms-count"
        onInput=${(e) => {
          setText(e.target.value);
          setQueued(null);
        }}
      ></textarea>
      <div class="sms-meta">
        <span id="sms-count" class=${`sms-count${length > SMS_TEXT_MAX ? ' over' : ''}`} aria-live="polite"
          >${t('ppl.sms.count', { n: text.length, max: SMS_TEXT_MAX })}</span
        >
        ${
          c &&
          html`<span class="muted sms-usage" data-sms-sent=${c.sent} data-sms-cap=${c.cap ?? ''}
            >${t('ppl.sms.month', { month: c.month, sent: c.sent, refused: c.refused })}
            ${' '}${c.cap === null ? t('ppl.sms.noCap') : t('ppl.sms.cap', { cap: c.cap })}</span
          >`
        }
      </div>
      ${c && c.provider === 'unconfigured' && html`<p class="hint">${t('ppl.sms.unconfigured')}</p>`}
      <${ErrorBox} error=${counters.error && { message: problemText(counters.error) }} />
      ${error && html`<div class="error" role="alert" data-sms-error=${error.status}>${t('ppl.sms.refused', { reason: problemText(error) })}</div>`}
      ${queued && html`<div class="success" role="status" data-outbox-id=${queued.outboxId}>${t('ppl.sms.queued', { id: queued.outboxId, to: queued.to })}</div>`}
      <div class="people-actions">
        <button type="button" onClick=${onClose}>${t('ppl.sms.close')}</button>
        <button type="submit" class="primary" disabled=${busy || !length}>
          ${busy ? t('ppl.sms.sending') : t('ppl.sms.send')}
        </button>
      </div>
    </form>
  <//>`;
}

const editable = (a) => ({ name: a.name, role: a.role, phone: a.phone ?? '', active: a.active, language: a.language });

/** What an admin (every field) or the agent themself (the phone) may change on the card. */
function AgentEditForm({ agent, admin, onSaved }) {
  const { form, setForm, set, errors, setErrors, error, notice, setNotice, busy, send, field } = useAgentForm(
    () => editable(agent),
    'agent',
  );
  useEffect(() => setForm(editable(agent)), [agent]);
  const save = async (e) => {
    e.preventDefault();
    const was = editable(agent);
    const patch = {};
    for (const key of admin ? Object.keys(was) : ['phone']) {
      const value = key === 'phone' ? form.phone.trim() || null : key === 'name' ? form.name.trim() : form[key];
      if (value !== (key === 'phone' ? was.phone || null : was[key])) patch[key] = value;
    }
    if (admin && !form.name.trim()) {
      setErrors({ name: t('ppl.err.required') });
      return;
    }
    setErrors({});
    if (!Object.keys(patch).length) {
      setNotice(t('ppl.err.nothing'));
      return;
    }
    await send(
      () => api.patch(`/agents/${agent.id}`, patch),
      (saved) => {
        onSaved(saved);
        setNotice(t('ppl.saved'));
      },
    );
  };
  return html`<section class="card agent-edit" aria-labelledby="agent-edit-title">
    <h2 id="agent-edit-title">${admin ? t('ppl.edit') : t('ppl.editOwn')}</h2>
    <form class="form-grid" onSubmit=${save} novalidate>
      ${admin && field('name', t('ppl.name'), { required: true, maxlength: 200 })}
      ${field('phone', t('ppl.phone'), { type: 'tel', maxlength: 40, hint: t('ppl.phoneHint') })}
      ${
        admin &&
        html`<${Select}
            name="role"
            label=${t('ppl.role')}
            value=${form.role}
            options=${ROLES.map((r) => [r, roleLabel(r)])}
            onChange=${(v) => set({ role: v })}
          />
          <${Select}
            name="language"
            label=${t('ppl.language')}
            value=${form.language}
            options=${LANGUAGES.map((l) => [l, languageLabel(l)])}
            onChange=${(v) => set({ language: v })}
          />
          <label class="checkbox wide"
            ><input
              type="checkbox"
              name="active"
              checked=${form.active}
              onChange=${(e) => set({ active: e.target.checked })}
            />
            ${t('ppl.activeLabel')}</label
          >`
      }
      <div class="wide">
        <${ErrorBox} error=${Object.keys(errors).length ? null : error && { message: problemText(error) }} />
      </div>
      <div class="wide actions people-actions">
        ${notice && html`<span class="saved-note" role="status">${notice}</span>`}
        <button type="submit" class="primary" disabled=${busy}>${t('common.save')}</button>
      </div>
    </form>
  </section>`;
}

/** An agent's card: details, the fields the viewer may change, and (admins, managers) an SMS to their phone. */
export function AgentPage({ id, me }) {
  const { data, error } = useData(() => api.get(`/agents/${encodeURIComponent(id)}`), [id]);
  const [agent, setAgent] = useState(null);
  const [sms, setSms] = useState(false);
  useEffect(() => setAgent(data), [data]);
  const admin = may(me, 'agent.manage');
  const self = agent && me?.id === agent.id;
  if (error)
    return html`<section class="agent-page">
      <a class="back" href="/agents">${t('ppl.back')}</a><${ErrorBox} error=${{ message: problemText(error) }} />
    </section>`;
  if (!agent) return html`<p class="muted">${t('common.loading')}</p>`;
  const hasPhone = Boolean(agent.phone);
  return html`<section class="agent-page" data-agent-id=${agent.id}>
    <a class="back" href="/agents">${t('ppl.back')}</a>
    <div class="page-head">
      <div class="agent-title">
        <h1>${agent.name}</h1>
        <span class=${`chip role-${agent.role}`}>${roleLabel(agent.role)}</span>
        ${!agent.active && html`<span class="chip agent-off">${t('ppl.no')}</span>`}
      </div>
      ${
        may(me, 'sms.send') &&
        html`<div class="sms-action">
          <button
            type="button"
            data-action="send-sms"
            disabled=${!hasPhone}
            aria-describedby=${hasPhone ? undefined : 'sms-no-phone'}
            onClick=${() => setSms(true)}
          >
            ${t('ppl.sms.button')}
          </button>
          ${!hasPhone && html`<span class="hint block" id="sms-no-phone">${t('ppl.sms.noPhone')}</span>`}
        </div>`
      }
    </div>
    <div class="agent-columns">
      <section class="card agent-details" aria-labelledby="agent-details-title">
        <h2 id="agent-details-title">${t('ppl.details')}</h2>
        <dl>
          <dt>${t('ppl.email')}</dt>
          <dd><a href=${`mailto:${agent.email}`}>${agent.email}</a></dd>
          <dt>${t('ppl.role')}</dt>
          <dd>${roleLabel(agent.role)}</dd>
          <dt>${t('ppl.phone')}</dt>
          <dd data-field="phone">${agent.phone ?? html`<span class="muted">${t('ppl.noPhone')}</span>`}</dd>
          <dt>${t('ppl.active')}</dt>
          <dd>${agent.active ? t('ppl.yes') : t('ppl.no')}</dd>
          <dt>${t('ppl.language')}</dt>
          <dd>${languageLabel(agent.language)}</dd>
          ${
            agent.timezone &&
            html`<dt>${t('ppl.timezone')}</dt>
              <dd>${agent.timezone}</dd>`
          }
          <dt>${t('ppl.created')}</dt>
          <dd>${formatDay(agent.createdAt)}</dd>
        </dl>
        ${self && html`<p><a href="/me/notifications">${t('ppl.myNotifications')}</a></p>`}
      </section>
      ${admin || self ? html`<${AgentEditForm} agent=${agent} admin=${admin} onSaved=${setAgent} />` : html`<p class="muted">${t('ppl.readOnly')}</p>`}
    </div>
    ${sms && html`<${SmsDialog} agent=${agent} onClose=${() => setSms(false)} />`}
  </section>`;
}
