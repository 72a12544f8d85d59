import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query } from '../api.js';
import { loadMessages, t } from '../i18n.js';
import { ErrorBox } from '../components/error.js';
import { useSubmit } from '../components/use-submit.js';
import { useData } from '../components/use-data.js';
import { ListHead } from '../components/list-head.js';
import { loadStyles } from '../components/lazy.js';
import { formatDate } from '../format.js';

// The words of this page.
await loadMessages('webhooks');

// Inline checkboxes and row actions look as they do on the web forms page.
export const ready = Promise.all([loadStyles('/app/styles/agreements.css'), loadStyles('/app/styles/webhooks.css')]);

/**
 * Webhooks (the server's `webhook.manage`: admins). Each endpoint receives the desk's events it subscribed
 * to, signed with a secret shown once when it is made or rotated; its delivery log shows every message with
 * its answer, and sends one again on request.
 */

const blank = () => ({
  url: '',
  description: '',
  events: [],
  organizationId: '',
  payload: 'thin',
  githubSignature: false,
  headers: '',
});

const formOf = (w) => ({
  url: w.url,
  description: w.description,
  events: [...w.events],
  organizationId: w.organizationId === null ? '' : String(w.organizationId),
  payload: w.payload,
  githubSignature: w.githubSignature,
  headers: '',
});

/** `Name: value` lines → an object; blank lines are skipped. */
function headersOf(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf(':');
    if (line.trim() === '') continue;
    if (at < 1) throw new Error(t('wh.headersInvalid', { line }));
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

function bodyOf(f, editing) {
  return {
    url: f.url.trim(),
    description: f.description.trim(),
    events: f.events,
    organizationId: f.organizationId === '' ? null : Number(f.organizationId),
    payload: f.payload,
    githubSignature: f.githubSignature,
    // Editing: headers stay as they are unless new ones are typed (their values are never shown again).
    ...((!editing || f.headers.trim() !== '') && { headers: headersOf(f.headers) }),
  };
}

/** The event types grouped by family (`ticket`, `comment` …), each family with its `family.*` pattern. */
function EventPicker({ types, value, onChange, prefix }) {
  const families = [...new Set(types.map((ty) => ty.split('.')[0]))];
  const toggle = (name, on) => onChange(on ? [...value, name] : value.filter((v) => v !== name));
  return html`<fieldset class="wide webhook-events">
    <legend>${t('wh.events')}</legend>
    ${families.map((family) => {
      const all = `${family}.*`;
      const whole = value.includes(all);
      return html`<div class="webhook-family">
        <label class="checkbox"
          ><input
            type="checkbox"
            name=${`${prefix}-ev-${all}`}
            checked=${whole}
            onChange=${(e) => toggle(all, e.target.checked)}
          />
          <strong>${t('wh.family', { family })}</strong></label
        >
        ${types
          .filter((ty) => ty.startsWith(`${family}.`))
          .map(
            (ty) =>
              html`<label class="checkbox"
                ><input
                  type="checkbox"
                  name=${`${prefix}-ev-${ty}`}
                  disabled=${whole}
                  checked=${whole || value.includes(ty)}
                  onChange=${(e) => toggle(ty, e.target.checked)}
                />
                <code>${ty}</code></label
              >`,
          )}
      </div>`;
    })}
  </fieldset>`;
}

function Editor({ initial, types, organizations, onSaved, onCancel, prefix }) {
  const [form, setForm] = useState(() => (initial ? formOf(initial) : blank()));
  const set = (patch) => setForm((f) => ({ ...f, ...patch }));
  const save = useSubmit(async () => {
    const body = bodyOf(form, Boolean(initial));
    const saved = initial ? await api.patch(`/webhooks/${initial.id}`, body) : await api.post('/webhooks', body);
    if (!initial) setForm(blank());
    onSaved(saved);
  });
  return html`<form
    class="form-grid webhook-editor"
    onSubmit=${save.onSubmit}
    aria-label=${initial ? t('wh.editOf', { url: initial.url }) : t('wh.new')}
  >
    <label class="wide"
      >${t('wh.url')}
      <input
        name=${`${prefix}-url`}
        type="url"
        required
        maxlength="2000"
        placeholder="https://example.com/hooks/ondesk"
        value=${form.url}
        onInput=${(e) => set({ url: e.target.value })}
    /></label>
    <label
      >${t('wh.description')}
      <input
        name=${`${prefix}-description`}
        maxlength="200"
        value=${form.description}
        onInput=${(e) => set({ description: e.target.value })}
    /></label>
    <label
      >${t('wh.organization')}
      <select
        name=${`${prefix}-organization`}
        value=${form.organizationId}
        onChange=${(e) => set({ organizationId: e.target.value })}
      >
        <option value="">${t('wh.allClients')}</option>
        ${organizations.map((o) => html`<option value=${String(o.id)}>${o.name}</option>`)}
      </select>
    </label>
    <label
      >${t('wh.payload')}
      <select name=${`${prefix}-payload`} value=${form.payload} onChange=${(e) => set({ payload: e.target.value })}>
        <option value="thin">${t('wh.payload.thin')}</option>
        <option value="full">${t('wh.payload.full')}</option>
      </select>
    </label>
    <div class="webhook-flags">
      <label class="checkbox"
        ><input
          type="checkbox"
          name=${`${prefix}-github`}
          checked=${form.githubSignature}
          onChange=${(e) => set({ githubSignature: e.target.checked })}
        />
        ${t('wh.github')}</label
      >
    </div>
    <${EventPicker} types=${types} value=${form.events} onChange=${(events) => set({ events })} prefix=${prefix} />
    <label class="wide"
      >${t('wh.headers')}
      <textarea
        name=${`${prefix}-headers`}
        rows="2"
        placeholder="Authorization: Bearer …"
        value=${form.headers}
        onInput=${(e) => set({ headers: e.target.value })}
      ></textarea>
      <span class="muted"
        >${
          initial && initial.headerNames.length
            ? t('wh.headersKept', { names: initial.headerNames.join(', ') })
            : t('wh.headersHint')
        }</span
      >
    </label>
    <div class="wide"><${ErrorBox} error=${save.error} /></div>
    <div class="wide actions gap">
      ${onCancel && html`<button type="button" onClick=${onCancel}>${t('common.cancel')}</button>`}
      <button type="submit" class="primary" disabled=${save.busy || form.events.length === 0}>
        ${initial ? t('common.save') : t('wh.create')}
      </button>
    </div>
  </form>`;
}

/** The secret, once: the server never shows it again. */
function SecretOnce({ secret, onDone }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(secret).catch(() => undefined);
    setCopied(true);
  };
  return html`<div class="webhook-secret card" role="status">
    <p><strong>${t('wh.secretOnce')}</strong></p>
    <div class="webhook-secret-row">
      <label class="visually-hidden" for="webhook-secret">${t('wh.secret')}</label>
      <input id="webhook-secret" class="code" readonly value=${secret} onFocus=${(e) => e.target.select()} />
      <button type="button" onClick=${copy}>${t('wh.copy')}</button>
      ${copied && html`<span class="saved-note">${t('wh.copied')}</span>`}
    </div>
    <p class="muted">${t('wh.verifyHint')}</p>
    <button type="button" class="link" onClick=${onDone}>${t('wh.secretSaved')}</button>
  </div>`;
}

const statusChip = (d) => html`<span class=${`chip webhook-status-${d.status}`}>${t(`wh.status.${d.status}`)}</span>`;

function DeliveryLog({ webhook }) {
  const [filters, setFilters] = useState({ status: '' });
  const [pages, setPages] = useState(/** @type {string[]} */ ([]));
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState(/** @type {number | null} */ (null));
  const { data, error } = useData(async () => {
    const items = [];
    let cursor;
    let nextCursor = null;
    for (const c of [undefined, ...pages]) {
      cursor = c;
      const q = query({ status: filters.status || undefined, cursor, limit: 20 });
      const page = await api.get(`/webhooks/${webhook.id}/deliveries?${q}`);
      items.push(...page.items);
      nextCursor = page.nextCursor;
    }
    return { items, nextCursor };
  }, [webhook.id, filters.status, pages.join(','), version]);
  const redeliver = useSubmit(async (id) => {
    await api.post(`/webhooks/${webhook.id}/deliveries/${id}/redeliver`);
    setVersion((v) => v + 1);
  });
  const test = useSubmit(async () => {
    await api.post(`/webhooks/${webhook.id}/test`);
    setVersion((v) => v + 1);
  });
  return html`<section class="webhook-log" aria-label=${t('wh.logOf', { url: webhook.url })}>
    <div class="filters">
      <h3>${t('wh.log')}</h3>
      <label class="filter"
        >${t('wh.filterStatus')}
        <select
          name="log-status"
          value=${filters.status}
          onChange=${(e) => {
            setPages([]);
            setFilters({ ...filters, status: e.target.value });
          }}
        >
          <option value="">${t('wh.any')}</option>
          ${['pending', 'succeeded', 'failed'].map((s) => html`<option value=${s}>${t(`wh.status.${s}`)}</option>`)}
        </select>
      </label>
      <button type="button" onClick=${() => test.run()} disabled=${test.busy}>${t('wh.sendTest')}</button>
      <button type="button" class="link" onClick=${() => setVersion((v) => v + 1)}>${t('wh.refresh')}</button>
    </div>
    <${ErrorBox} error=${error || redeliver.error || test.error} />
    ${data && data.items.length === 0 && html`<p class="empty">${t('wh.logEmpty')}</p>`}
    ${
      data &&
      data.items.length > 0 &&
      html`<div class="table-wrap">
        <table class="grid webhook-log-table">
          <thead>
            <tr>
              <th>${t('wh.col.when')}</th>
              <th>${t('wh.col.event')}</th>
              <th>${t('wh.col.status')}</th>
              <th class="num">${t('wh.col.answer')}</th>
              <th class="num">${t('wh.col.duration')}</th>
              <th class="num">${t('wh.col.attempts')}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            ${data.items.map(
              (d) =>
                html`<tr data-delivery=${d.id}>
                    <td>
                      <button
                        type="button"
                        class="link"
                        aria-expanded=${open === d.id}
                        onClick=${() => setOpen(open === d.id ? null : d.id)}
                      >
                        ${formatDate(d.lastAttemptAt ?? d.createdAt)}
                      </button>
                    </td>
                    <td>
                      <code>${d.eventType}</code
                      >${d.manual && d.eventType !== 'webhook.test' ? html` <span class="muted">${t('wh.manual')}</span>` : ''}
                    </td>
                    <td>${statusChip(d)}</td>
                    <td class="num">${d.responseStatus ?? '—'}</td>
                    <td class="num">${d.durationMs === null ? '—' : t('wh.ms', { ms: d.durationMs })}</td>
                    <td class="num">${d.attempts}</td>
                    <td>
                      <button
                        type="button"
                        aria-label=${t('wh.redeliverOf', { id: d.messageId })}
                        disabled=${redeliver.busy}
                        onClick=${() => redeliver.run(d.id)}
                      >
                        ${t('wh.redeliver')}
                      </button>
                    </td>
                  </tr>
                  ${
                    open === d.id &&
                    html`<tr class="webhook-log-detail">
                      <td colspan="7">
                        ${d.error && html`<p class="error-text">${d.error}</p>`}
                        ${d.nextAttemptAt && html`<p class="muted">${t('wh.nextAttempt', { when: formatDate(d.nextAttemptAt) })}</p>`}
                        <p class="muted">webhook-id: <code>${d.messageId}</code></p>
                        <pre class="code">${d.body}</pre>
                        ${
                          d.requestHeaders &&
                          html`<pre class="code">
${Object.entries(d.requestHeaders)
                              .map(([k, v]) => `${k}: ${v}`)
                              .join('\n')}</pre>`
                        }
                        ${d.responseBody && html`<pre class="code">${d.responseBody}</pre>`}
                      </td>
                    </tr>`
                  }`,
            )}
          </tbody>
        </table>
      </div>`
    }
    ${
      data?.nextCursor &&
      html`<button type="button" onClick=${() => setPages([...pages, data.nextCursor])}>${t('wh.more')}</button>`
    }
  </section>`;
}

function WebhookCard({ webhook, types, organizations, onChanged, onSecret }) {
  const [editing, setEditing] = useState(false);
  const [showLog, setShowLog] = useState(false);
  const toggle = useSubmit(async () => {
    await api.patch(`/webhooks/${webhook.id}`, { active: !webhook.active });
    onChanged();
  });
  const rotate = useSubmit(async () => {
    if (!confirm(t('wh.rotateConfirm'))) return;
    const r = await api.post(`/webhooks/${webhook.id}/rotate-secret`);
    onSecret(r.secret);
    onChanged();
  });
  const remove = useSubmit(async () => {
    if (!confirm(t('wh.deleteConfirm', { url: webhook.url }))) return;
    await api.del(`/webhooks/${webhook.id}`);
    onChanged();
  });
  const org = organizations.find((o) => o.id === webhook.organizationId);
  return html`<article class="card webhook-card" data-id=${webhook.id} aria-labelledby=${`wh-${webhook.id}`}>
    <header class="webhook-head">
      <h2 id=${`wh-${webhook.id}`}><code>${webhook.url}</code></h2>
      <span class=${`chip ${webhook.active ? 'webhook-on' : 'retired'}`}
        >${webhook.active ? t('wh.on') : t('wh.off')}</span
      >
    </header>
    ${webhook.description && html`<p>${webhook.description}</p>`}
    <p class="muted">
      ${org ? org.name : t('wh.allClients')} · ${t(`wh.payload.${webhook.payload}`)} ·
      ${webhook.events.map((e) => html`<code>${e}</code> `)}
    </p>
    ${webhook.disabledReason && html`<p class="error-text">${t('wh.disabledBecause', { reason: webhook.disabledReason })}</p>`}
    ${webhook.failingSince && webhook.active && html`<p class="error-text">${t('wh.failingSince', { when: formatDate(webhook.failingSince) })}</p>`}
    ${webhook.previousSecretUntil && html`<p class="muted">${t('wh.overlap', { when: formatDate(webhook.previousSecretUntil) })}</p>`}
    ${
      editing
        ? html`<${Editor}
            initial=${webhook}
            types=${types}
            organizations=${organizations}
            prefix=${`wh-${webhook.id}`}
            onSaved=${() => {
              setEditing(false);
              onChanged();
            }}
            onCancel=${() => setEditing(false)}
          />`
        : html`<div class="actions gap">
            <button type="button" onClick=${() => setShowLog(!showLog)} aria-expanded=${showLog}>
              ${showLog ? t('wh.hideLog') : t('wh.showLog')}
            </button>
            <button type="button" onClick=${() => toggle.run()} disabled=${toggle.busy}>
              ${webhook.active ? t('wh.turnOff') : t('wh.turnOn')}
            </button>
            <button type="button" onClick=${() => setEditing(true)}>${t('wh.edit')}</button>
            <button type="button" onClick=${() => rotate.run()} disabled=${rotate.busy}>${t('wh.rotate')}</button>
            <button type="button" class="link danger-link" onClick=${() => remove.run()} disabled=${remove.busy}>
              ${t('wh.delete')}
            </button>
          </div>`
    }
    <${ErrorBox} error=${toggle.error || rotate.error || remove.error} />
    ${showLog && html`<${DeliveryLog} webhook=${webhook} />`}
  </article>`;
}

/** Private ranges the admins allow webhooks to call (a LAN host), beside those the server's config allows. */
function AllowedRanges() {
  const [text, setText] = useState(/** @type {string | null} */ (null));
  const [saved, setSaved] = useState(false);
  const { data, error } = useData(() => api.get('/webhooks/settings'), []);
  const value = text ?? (data ? data.allow.join('\n') : '');
  const save = useSubmit(async () => {
    const r = await api.put('/webhooks/settings', { allow: value.split(/[\s,]+/).filter(Boolean) });
    setText(r.allow.join('\n'));
    setSaved(true);
  });
  return html`<section class="card webhook-allow" aria-labelledby="webhook-allow-title">
    <h2 id="webhook-allow-title">${t('wh.allowTitle')}</h2>
    <p class="muted">${t('wh.allowLead')}</p>
    <${ErrorBox} error=${error} />
    <form class="webhook-allow-form" onSubmit=${save.onSubmit} aria-label=${t('wh.allowTitle')}>
      <label
        >${t('wh.allowRanges')}
        <textarea
          name="allow"
          rows="2"
          placeholder="192.168.10.0/24"
          value=${value}
          onInput=${(e) => {
            setSaved(false);
            setText(e.target.value);
          }}
        ></textarea>
      </label>
      ${
        data?.allowFromConfig.length > 0 &&
        html`<p class="muted">${t('wh.allowConfig', { ranges: data.allowFromConfig.join(', ') })}</p>`
      }
      <${ErrorBox} error=${save.error} />
      <div class="actions gap">
        ${saved && html`<span class="saved-note" role="status">${t('wh.allowSaved')}</span>`}
        <button type="submit" disabled=${save.busy || !data}>${t('common.save')}</button>
      </div>
    </form>
  </section>`;
}

export function WebhooksPage() {
  const [version, setVersion] = useState(0);
  const [secret, setSecret] = useState('');
  const { data, error } = useData(
    () =>
      Promise.all([api.get('/webhooks'), api.get('/webhooks/event-types'), api.get('/organizations?limit=200')]).then(
        ([hooks, types, orgs]) => ({ webhooks: hooks.items, types: types.items, organizations: orgs.items }),
      ),
    [version],
  );
  const reload = () => setVersion((v) => v + 1);
  return html`<section class="webhooks-page">
    <${ListHead} title=${t('wh.title')} lead=${t('wh.lead')} />
    <${ErrorBox} error=${error} />
    ${secret && html`<${SecretOnce} secret=${secret} onDone=${() => setSecret('')} />`}
    ${data && data.webhooks.length === 0 && html`<p class="empty">${t('wh.empty')}</p>`}
    <div class="webhook-list">
      ${data?.webhooks.map(
        (w) =>
          html`<${WebhookCard}
            key=${`${w.id}:${w.updatedAt}`}
            webhook=${w}
            types=${data.types}
            organizations=${data.organizations}
            onChanged=${reload}
            onSecret=${setSecret}
          />`,
      )}
    </div>
    ${
      data &&
      html`<section class="card new-webhook" aria-labelledby="new-webhook-title">
        <h2 id="new-webhook-title">${t('wh.new')}</h2>
        <${Editor}
          types=${data.types}
          organizations=${data.organizations}
          prefix="new-webhook"
          onSaved=${(r) => {
            setSecret(r.secret);
            reload();
          }}
        />
      </section>`
    }
    ${data && html`<${AllowedRanges} />`}
  </section>`;
}
