import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { ErrorBox } from '../components/error.js';
import { useSubmit } from '../components/use-submit.js';

/**
 * The channels an agent records a ticket as: how the client reached them. The portal and web forms file their
 * own tickets, so an agent never picks them.
 */
const agentChannels = ['phone', 'email', 'agent'];

export function NewTicketPage({ organizations, agents, search }) {
  const preset = new URLSearchParams(search).get('organizationId') || '';
  const [form, setForm] = useState({
    subject: '',
    description: '',
    organizationId: preset,
    contactId: '',
    assigneeId: '',
    type: 'incident',
    priority: 'P3',
    channel: 'phone',
    serviceId: '',
  });
  const [contacts, setContacts] = useState([]);
  const [services, setServices] = useState([]);
  const set = (key) => (e) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = useSubmit(async () => {
    const ticket = await api.post('/tickets', {
      subject: form.subject,
      description: form.description,
      organizationId: Number(form.organizationId),
      contactId: form.contactId ? Number(form.contactId) : null,
      assigneeId: form.assigneeId ? Number(form.assigneeId) : null,
      type: form.type,
      priority: form.priority,
      channel: form.channel,
      serviceId: form.serviceId ? Number(form.serviceId) : null,
    });
    navigate(`/tickets/${ticket.id}`);
  });
  // The service and contact pickers cannot fill without their lists: why shows in the form's error box.
  const setError = submit.setError;

  useEffect(() => {
    api.get('/services?active=true&limit=200').then((r) => setServices(r.items), setError);
  }, []);
  useEffect(() => {
    setContacts([]);
    if (form.organizationId)
      // A deactivated contact (left the client) is not offered as the requester of a new ticket.
      api
        .get(`/organizations/${form.organizationId}/contacts`)
        .then((r) => setContacts(r.items.filter((c) => c.active)), setError);
  }, [form.organizationId]);

  return html` <section class="form-page">
    <h1>${t('new.title')}</h1>
    <form class="card form-grid" onSubmit=${submit.onSubmit}>
      <label class="wide"
        >${t('field.subject')}<input
          name="subject"
          required
          maxlength="500"
          value=${form.subject}
          onInput=${set('subject')}
          autofocus
      /></label>
      <label
        >${t('field.organization')}
        <select name="organizationId" required value=${form.organizationId} onChange=${set('organizationId')}>
          <option value="">${t('new.choose')}</option>
          ${organizations.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
        </select></label
      >
      <label
        >${t('field.contact')}
        <select name="contactId" value=${form.contactId} onChange=${set('contactId')}>
          <option value="">${t('new.noContact')}</option>
          ${contacts.map((c) => html`<option value=${c.id}>${c.name}${c.email ? ` <${c.email}>` : ''}</option>`)}
        </select></label
      >
      <label
        >${t('field.type')}
        <select name="type" value=${form.type} onChange=${set('type')}>
          ${['incident', 'request', 'question', 'change'].map((v) => html`<option value=${v}>${t(`type.${v}`)}</option>`)}
        </select></label
      >
      <label
        >${t('field.priority')}
        <select name="priority" value=${form.priority} onChange=${set('priority')}>
          ${['P1', 'P2', 'P3', 'P4'].map((p) => html`<option value=${p}>${t(`priority.${p}`)}</option>`)}
        </select></label
      >
      <label
        >${t('field.assignee')}
        <select name="assigneeId" value=${form.assigneeId} onChange=${set('assigneeId')}>
          <option value="">${t('ticket.unassigned')}</option>
          ${agents.filter((a) => a.active).map((a) => html`<option value=${a.id}>${a.name}</option>`)}
        </select></label
      >
      ${
        services.length > 0 &&
        html`<label
          >${t('field.service')}
          <select name="serviceId" value=${form.serviceId} onChange=${set('serviceId')}>
            <option value="">${t('new.noService')}</option>
            ${services.map((v) => html`<option value=${v.id}>${v.name}${v.category ? ` · ${v.category}` : ''}</option>`)}
          </select></label
        >`
      }
      <label
        >${t('field.channel')}
        <select name="channel" value=${form.channel} onChange=${set('channel')}>
          ${agentChannels.map((v) => html`<option value=${v}>${t(`channel.${v}`)}</option>`)}
        </select></label
      >
      <label class="wide"
        >${t('field.description')}<textarea
          name="description"
          rows="8"
          value=${form.description}
          onInput=${set('description')}
        ></textarea>
      </label>
      <${ErrorBox} error=${submit.error} />
      <div class="wide actions">
        <button class="primary" type="submit" disabled=${submit.busy}>${t('new.create')}</button>
      </div>
    </form>
  </section>`;
}
