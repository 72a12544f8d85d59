import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { loadMessages, t } from '../i18n.js';
import { ErrorBox } from '../components/error.js';
import { useSubmit } from '../components/use-submit.js';
import { useData } from '../components/use-data.js';
import { Dialog } from '../components/dialog.js';
import { DateInput } from '../components/date-input.js';
import { formatAgo, formatDay } from '../format.js';
import { loadStyles } from '../components/lazy.js';

await loadMessages('tokens');

export const ready = loadStyles('/app/styles/tokens.css');

/**
 * My API tokens (`token.manage_own`: every agent): what each may touch (its scopes), until when, and when it
 * was last used. A new token's secret is shown once, right after it is made; the server keeps only its hash.
 */

/** A scope's words in the desk's language; a scope this build does not know shows as the server names it. */
const scopeLabel = (scope) => (t(`tok.scope.${scope}`) === `tok.scope.${scope}` ? scope : t(`tok.scope.${scope}`));

/** The end of the chosen day in the viewer's zone: a token "valid until 31.12" works through that day. */
const endOfDay = (day) => new Date(`${day}T23:59:59`).toISOString();

function CreateDialog({ scopes, onCreated, onClose }) {
  const [form, setForm] = useState({ name: '', scopes: ['read'], expires: '', limit: '' });
  const set = (patch) => setForm((f) => ({ ...f, ...patch }));
  const toggle = (scope, on) => set({ scopes: on ? [...form.scopes, scope] : form.scopes.filter((s) => s !== scope) });
  const save = useSubmit(async () => {
    const created = await api.post('/tokens', {
      name: form.name.trim(),
      scopes: form.scopes,
      ...(form.expires && { expiresAt: endOfDay(form.expires) }),
      ...(form.limit && { rateLimitPerMinute: Number(form.limit) }),
    });
    onCreated(created);
  });
  return html`<${Dialog} title=${t('tok.new')} onClose=${onClose}>
    <form class="form-grid token-form" onSubmit=${save.onSubmit}>
      <label class="wide"
        >${t('tok.name')}
        <input
          name="token-name"
          required
          maxlength="100"
          placeholder=${t('tok.namePlaceholder')}
          value=${form.name}
          onInput=${(e) => set({ name: e.target.value })}
      /></label>
      <fieldset class="wide token-scopes">
        <legend>${t('tok.scopes')}</legend>
        ${scopes.map(
          (s) =>
            html`<label class="checkbox"
              ><input
                type="checkbox"
                name=${`scope-${s.scope}`}
                checked=${form.scopes.includes(s.scope)}
                onChange=${(e) => toggle(s.scope, e.target.checked)}
              />
              <span><code>${s.scope}</code> — ${scopeLabel(s.scope)}</span></label
            >`,
        )}
      </fieldset>
      <label
        >${t('tok.expires')}
        <${DateInput} name="token-expires" value=${form.expires} onChange=${(expires) => set({ expires })} />
        <span class="muted">${t('tok.expiresHint')}</span>
      </label>
      <label
        >${t('tok.limit')}
        <input
          name="token-limit"
          type="number"
          min="1"
          max="1000000"
          placeholder="600"
          value=${form.limit}
          onInput=${(e) => set({ limit: e.target.value })}
        />
        <span class="muted">${t('tok.limitHint')}</span>
      </label>
      <div class="wide"><${ErrorBox} error=${save.error} /></div>
      <div class="wide actions gap">
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class="primary" disabled=${save.busy || form.scopes.length === 0}>
          ${t('tok.create')}
        </button>
      </div>
    </form>
  <//>`;
}

/** The secret, once: the server never shows it again. */
function SecretOnce({ created, onDone }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(created.token).catch(() => undefined);
    setCopied(true);
  };
  return html`<div class="card token-secret" role="status">
    <p><strong>${t('tok.secretOnce', { name: created.name })}</strong></p>
    <div class="token-secret-row">
      <label class="visually-hidden" for="token-secret">${t('tok.secret')}</label>
      <input id="token-secret" class="code" readonly value=${created.token} onFocus=${(e) => e.target.select()} />
      <button type="button" onClick=${copy}>${t('tok.copy')}</button>
      ${copied && html`<span class="saved-note">${t('tok.copied')}</span>`}
    </div>
    <p class="muted">${t('tok.useHint')}</p>
    <button type="button" class="link" onClick=${onDone}>${t('tok.secretSaved')}</button>
  </div>`;
}

function expiryText(token) {
  if (!token.expiresAt) return t('tok.never');
  return Date.parse(token.expiresAt) <= Date.now()
    ? t('tok.expiredOn', { day: formatDay(token.expiresAt) })
    : formatDay(token.expiresAt);
}

export function ApiTokensPage() {
  const [version, setVersion] = useState(0);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState(null);
  const { data, error } = useData(async () => {
    const [tokens, scopes] = await Promise.all([api.get('/tokens'), api.get('/tokens/scopes')]);
    return { tokens: tokens.items, scopes: scopes.items };
  }, [version]);
  const revoke = useSubmit(async (id) => {
    await api.del(`/tokens/${id}`);
    setVersion((v) => v + 1);
  });
  const live = data ? data.tokens.filter((tk) => !tk.revokedAt) : [];
  return html`<section class="tokens-page">
    <div class="page-head">
      <h1>${t('tok.title')}</h1>
      <button type="button" class="primary" onClick=${() => setCreating(true)} disabled=${!data}>
        ${t('tok.new')}
      </button>
    </div>
    <p class="muted">${t('tok.intro')} <a href="/api/docs" target="_blank" rel="noopener">${t('tok.docs')}</a></p>
    <${ErrorBox} error=${error || revoke.error} />
    ${created && html`<${SecretOnce} created=${created} onDone=${() => setCreated(null)} />`}
    ${!data && !error && html`<p class="muted">${t('common.loading')}</p>`}
    ${data && live.length === 0 && html`<p class="empty">${t('tok.empty')}</p>`}
    ${
      data &&
      live.length > 0 &&
      html`<div class="table-wrap">
        <table class="grid tokens-table">
          <thead>
            <tr>
              <th>${t('tok.col.name')}</th>
              <th>${t('tok.col.scopes')}</th>
              <th>${t('tok.col.expires')}</th>
              <th>${t('tok.col.lastUsed')}</th>
              <th>${t('tok.col.limit')}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            ${live.map(
              (tk) =>
                html`<tr data-token=${tk.id}>
                  <td>${tk.name} <code class="muted">${tk.prefix}…</code></td>
                  <td data-label=${t('tok.col.scopes')}>
                    ${tk.scopes.map((s) => html`<span class="chip token-scope" title=${scopeLabel(s)}>${s}</span> `)}
                  </td>
                  <td data-label=${t('tok.col.expires')}>${expiryText(tk)}</td>
                  <td data-label=${t('tok.col.lastUsed')}>
                    ${tk.lastUsedAt ? formatAgo(tk.lastUsedAt) : t('tok.neverUsed')}
                  </td>
                  <td class="num" data-label=${t('tok.col.limit')}>
                    ${tk.rateLimitPerMinute ?? t('tok.defaultLimit')}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="link danger-link"
                      onClick=${() => window.confirm(t('tok.revokeConfirm', { name: tk.name })) && revoke.run(tk.id)}
                      disabled=${revoke.busy}
                    >
                      ${t('tok.revoke')}
                    </button>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`
    }
    ${
      creating &&
      data &&
      html`<${CreateDialog}
        scopes=${data.scopes}
        onClose=${() => setCreating(false)}
        onCreated=${(token) => {
          setCreating(false);
          setCreated(token);
          setVersion((v) => v + 1);
        }}
      />`
    }
  </section>`;
}
