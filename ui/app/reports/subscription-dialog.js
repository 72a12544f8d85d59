import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query } from '../api.js';
import { language, t } from '../i18n.js';
import { Dialog } from '../components/dialog.js';
import { ErrorBox } from '../components/error.js';
import { useData } from '../components/use-data.js';
import { useSubmit } from '../components/use-submit.js';

const GROUPINGS = {
  sla: ['priority', 'agreement'],
  tickets: ['status', 'priority', 'type', 'service', 'team', 'organization', 'channel'],
};
const FORMATS = ['pdf', 'xlsx', 'csv'];

/**
 * The form of a new mailing: which report for which client (and agreement), grouped how; when it goes out
 * (the period, the working day after it, the time); its files; and who receives it — agents, and the client
 * recipients named on the agreement.
 * @param {{ organizations: any[], agents: any[], organizationId: string, onClose: () => void,
 *   onCreated: (subscription: any) => void }} props
 */
export function SubscriptionDialog({ organizations, agents, organizationId, onClose, onCreated }) {
  const [form, setForm] = useState({
    name: '',
    report: 'sla',
    organizationId,
    agreementId: '',
    groupBy: 'priority',
    period: 'month',
    workingDay: '1',
    time: '09:00',
    formats: ['pdf', 'xlsx'],
    agentIds: /** @type {number[]} */ ([]),
    agreementRecipients: false,
    language: language() === 'en' ? 'en' : 'ru',
  });
  const [slip, setSlip] = useState('');
  const set = (patch) => {
    setSlip('');
    setForm((f) => ({ ...f, ...patch }));
  };
  const agreements = useData(
    () =>
      form.organizationId
        ? api.get(`/agreements?${query({ organizationId: form.organizationId, limit: 100 })}`).then((r) => r.items)
        : Promise.resolve([]),
    [form.organizationId],
  );
  const toggle = (list, value, on) => (on ? [...new Set([...list, value])] : list.filter((v) => v !== value));
  const save = useSubmit(async () => {
    const filters = {
      groupBy: form.groupBy,
      ...(form.organizationId && { organizationId: Number(form.organizationId) }),
      ...(form.report === 'sla' && form.agreementId && { agreementId: Number(form.agreementId) }),
    };
    const recipients = [
      ...form.agentIds.map((id) => ({ kind: 'agent', id })),
      ...(form.agreementRecipients && filters.agreementId ? [{ kind: 'agreement_recipients' }] : []),
    ];
    onCreated(
      await api.post('/report-subscriptions', {
        ...(form.name.trim() && { name: form.name.trim() }),
        report: form.report,
        filters,
        schedule: { period: form.period, workingDay: Number(form.workingDay), time: form.time },
        format: form.formats,
        recipients,
        language: form.language,
      }),
    );
  });
  const submit = (e) => {
    e.preventDefault();
    const withAgreement = form.report === 'sla' && form.agreementId;
    if (form.formats.length === 0) return setSlip(t('sub.noFormat'));
    if (form.agentIds.length === 0 && !(form.agreementRecipients && withAgreement))
      return setSlip(t('sub.noRecipient'));
    save.run();
  };
  const canAgreement = form.report === 'sla' && Boolean(form.agreementId);
  return html`<${Dialog} title=${t('sub.newTitle')} onClose=${onClose} wide>
    <form class="sub-dialog" onSubmit=${submit}>
      <div class="form-grid">
        <label
          >${t('sub.report')}
          <select
            name="report"
            value=${form.report}
            onChange=${(e) => set({ report: e.target.value, groupBy: GROUPINGS[e.target.value][0], agreementId: '' })}
          >
            <option value="sla">${t('sub.report.sla')}</option>
            <option value="tickets">${t('sub.report.tickets')}</option>
          </select></label
        >
        <label
          >${t('sub.name')}
          <input
            name="name"
            value=${form.name}
            maxlength="200"
            placeholder=${t('sub.namePlaceholder')}
            onInput=${(e) => set({ name: e.target.value })}
        /></label>
        <label
          >${t('field.organization')}
          <select
            name="organizationId"
            value=${form.organizationId}
            onChange=${(e) => set({ organizationId: e.target.value, agreementId: '', agreementRecipients: false })}
          >
            <option value="">${t('sub.allClients')}</option>
            ${organizations.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
          </select></label
        >
        ${
          form.report === 'sla' &&
          html`<label
            >${t('rep.agreement')}
            <select
              name="agreementId"
              value=${form.agreementId}
              disabled=${!form.organizationId}
              onChange=${(e) => set({ agreementId: e.target.value, agreementRecipients: Boolean(e.target.value) })}
            >
              <option value="">${t('sub.anyAgreement')}</option>
              ${(agreements.data ?? []).map((a) => html`<option value=${a.id}>№ ${a.number}</option>`)}
            </select></label
          >`
        }
        <label
          >${t('rep.groupBy')}
          <select name="groupBy" value=${form.groupBy} onChange=${(e) => set({ groupBy: e.target.value })}>
            ${GROUPINGS[form.report].map((g) => html`<option value=${g}>${t(`rep.by.${g}`)}</option>`)}
          </select></label
        >
        <label
          >${t('sub.period')}
          <select name="period" value=${form.period} onChange=${(e) => set({ period: e.target.value })}>
            ${['week', 'month', 'quarter'].map((p) => html`<option value=${p}>${t(`sub.period.${p}`)}</option>`)}
          </select></label
        >
        <label
          >${t('sub.workingDay')}
          <input
            name="workingDay"
            type="number"
            min="1"
            max="20"
            required
            value=${form.workingDay}
            onInput=${(e) => set({ workingDay: e.target.value })}
        /></label>
        <label
          >${t('sub.time')}
          <input name="time" type="time" required value=${form.time} onInput=${(e) => set({ time: e.target.value })}
        /></label>
        <label
          >${t('sub.language')}
          <select name="language" value=${form.language} onChange=${(e) => set({ language: e.target.value })}>
            <option value="ru">${t('sub.lang.ru')}</option>
            <option value="en">${t('sub.lang.en')}</option>
          </select></label
        >
        <fieldset class="sub-formats">
          <legend>${t('sub.formats')}</legend>
          ${FORMATS.map(
            (f) =>
              html`<label class="checkbox-inline"
                ><input
                  type="checkbox"
                  name="format"
                  value=${f}
                  checked=${form.formats.includes(f)}
                  onChange=${(e) => set({ formats: toggle(form.formats, f, e.target.checked) })}
                />
                ${f === 'xlsx' ? t('rep.excel') : f.toUpperCase()}</label
              >`,
          )}
        </fieldset>
        <fieldset class="sub-recipients wide">
          <legend>${t('sub.recipients')}</legend>
          <label class="checkbox-inline"
            ><input
              type="checkbox"
              name="agreementRecipients"
              disabled=${!canAgreement}
              checked=${canAgreement && form.agreementRecipients}
              onChange=${(e) => set({ agreementRecipients: e.target.checked })}
            />
            ${t('sub.agreementRecipients')}</label
          >
          ${!canAgreement && html`<p class="hint">${t('sub.agreementRecipientsHint')}</p>`}
          <div class="sub-agents" role="group" aria-label=${t('sub.agents')}>
            ${agents
              .filter((a) => a.active !== false)
              .map(
                (a) =>
                  html`<label class="checkbox-inline"
                    ><input
                      type="checkbox"
                      name="agentId"
                      value=${a.id}
                      checked=${form.agentIds.includes(a.id)}
                      onChange=${(e) => set({ agentIds: toggle(form.agentIds, a.id, e.target.checked) })}
                    />
                    ${a.name}</label
                  >`,
              )}
          </div>
        </fieldset>
      </div>
      ${slip && html`<p class="error" role="alert">${slip}</p>`}
      <${ErrorBox} error=${save.error || agreements.error} />
      <div class="dialog-actions">
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class="primary" disabled=${save.busy}>${t('sub.create')}</button>
      </div>
    </form>
  <//>`;
}
