import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { language, t } from '../../i18n.js';
import { navigate } from '../../router.js';
import { ErrorBox } from '../../components/error.js';
import { useData } from '../../components/use-data.js';
import { ListHead } from '../../components/list-head.js';
import { may } from '../../session.js';
import { PASSWORD_MIN, RoleAndLanguage, languageLabel, looksLikeEmail, roleLabel, useAgentForm } from './agent-form.js';

// A new agent's language starts as the admin's own choice of the desk's language.
const blank = () => ({ name: '', email: '', role: 'engineer', password: '', phone: '', language: language() });

/** An admin adds an agent: checked here first, then by the server, whose refusals show beside the fields. */
function NewAgentForm({ onCreated }) {
  const { form, set, error, notice, submit, field } = useAgentForm(blank, 'new-agent', async (form, helpers) => {
    /** @type {Record<string, string>} */
    const local = {};
    if (!form.name.trim()) local.name = t('ppl.err.required');
    if (!form.email.trim()) local.email = t('ppl.err.required');
    else if (!looksLikeEmail(form.email.trim())) local.email = t('ppl.err.email');
    if (form.password && form.password.length < PASSWORD_MIN) local.password = t('ppl.err.password');
    helpers.setErrors(local);
    if (Object.keys(local).length) return;
    const created = await api.post('/agents', {
      name: form.name.trim(),
      email: form.email.trim(),
      role: form.role,
      language: form.language,
      ...(form.password && { password: form.password }),
      ...(form.phone.trim() && { phone: form.phone.trim() }),
    });
    helpers.setForm(blank());
    helpers.setNotice(t('ppl.created.note', { name: created.name }));
    onCreated(created);
  });
  return html`<section class="card new-agent" aria-labelledby="new-agent-title">
    <h2 id="new-agent-title">${t('ppl.new')}</h2>
    <form class="form-grid" onSubmit=${submit.onSubmit} novalidate>
      ${field('name', t('ppl.name'), { required: true, maxlength: 200, autocomplete: 'off' })}
      ${field('email', t('ppl.email'), { type: 'email', required: true, maxlength: 254, autocomplete: 'off' })}
      <${RoleAndLanguage} form=${form} set=${set} />
      ${field('phone', t('ppl.phone'), { type: 'tel', maxlength: 40, hint: t('ppl.phoneHint') })}
      ${field('password', t('ppl.password'), { type: 'password', maxlength: 256, autocomplete: 'new-password', hint: t('ppl.passwordHint') })}
      <div class="wide">
        <${ErrorBox} error=${error} />
      </div>
      <div class="wide actions people-actions">
        ${notice && html`<span class="saved-note" role="status">${notice}</span>`}
        <button type="submit" class="primary" disabled=${submit.busy}>${t('ppl.add')}</button>
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
    <${ListHead}
      title=${t('ppl.title')}
      lead=${t('ppl.lead')}
      search=${{ label: t('search.title'), value: q, onInput: setQ }}
    />
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
