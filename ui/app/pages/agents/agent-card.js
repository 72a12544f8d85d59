import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { useData } from '../../components/use-data.js';
import { formatDay } from '../../format.js';
import { may } from '../../session.js';
import { RoleAndLanguage, languageLabel, problemText, roleLabel, useAgentForm } from './agent-form.js';
import { SmsDialog } from './sms-dialog.js';

/** @param {any} a */
const editable = (a) => ({ name: a.name, role: a.role, phone: a.phone ?? '', active: a.active, language: a.language });

/** What an admin (every field) or the agent themself (the phone) may change on the card. */
function AgentEditForm({ agent, admin, onSaved }) {
  const { form, setForm, set, error, notice, submit, field } = useAgentForm(
    () => editable(agent),
    'agent',
    async (form, helpers) => {
      const was = editable(agent);
      /** @type {Record<string, unknown>} */
      const patch = {};
      for (const key of admin ? Object.keys(was) : ['phone']) {
        const value = key === 'phone' ? form.phone.trim() || null : key === 'name' ? form.name.trim() : form[key];
        if (value !== (key === 'phone' ? was.phone || null : was[key])) patch[key] = value;
      }
      if (admin && !form.name.trim()) {
        helpers.setErrors({ name: t('ppl.err.required') });
        return;
      }
      helpers.setErrors({});
      if (!Object.keys(patch).length) {
        helpers.setNotice(t('ppl.err.nothing'));
        return;
      }
      const saved = await api.patch(`/agents/${agent.id}`, patch);
      onSaved(saved);
      helpers.setNotice(t('ppl.saved'));
    },
  );
  useEffect(() => setForm(editable(agent)), [agent]);
  return html`<section class="card agent-edit" aria-labelledby="agent-edit-title">
    <h2 id="agent-edit-title">${admin ? t('ppl.edit') : t('ppl.editOwn')}</h2>
    <form class="form-grid" onSubmit=${submit.onSubmit} novalidate>
      ${admin && field('name', t('ppl.name'), { required: true, maxlength: 200 })}
      ${field('phone', t('ppl.phone'), { type: 'tel', maxlength: 40, hint: t('ppl.phoneHint') })}
      ${
        admin &&
        html`<${RoleAndLanguage} form=${form} set=${set} />
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
        <${ErrorBox} error=${error} />
      </div>
      <div class="wide actions people-actions">
        ${notice && html`<span class="saved-note" role="status">${notice}</span>`}
        <button type="submit" class="primary" disabled=${submit.busy}>${t('common.save')}</button>
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
