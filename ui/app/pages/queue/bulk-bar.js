import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { loadMessages, t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { useSubmit } from '../../components/use-submit.js';

await loadMessages('queue');

const STATUSES = ['open', 'in_progress', 'waiting_for_client', 'on_approval', 'resolved', 'closed'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];

/**
 * What a bulk change came to, said per ticket: how many changed, and each refused one with the server's reason.
 * @param {{ id: number, ok: boolean, error?: string }[]} items
 * @param {Map<number, number>} numbers ticket id → number
 */
export function bulkSummary(items, numbers) {
  const done = items.filter((i) => i.ok).length;
  const refused = items.filter((i) => !i.ok).map((i) => `#${numbers.get(i.id) ?? i.id}: ${i.error}`);
  return { done, refused };
}

/**
 * The bar over the queue while tickets are ticked: one change (assignee, status, priority, team) for all of them,
 * each through the same checks as the ticket page; or merging them into one of them.
 */
export function BulkBar({ tickets, agents, teams, onDone, onClear }) {
  const [field, setField] = useState('assigneeId');
  const [value, setValue] = useState('');
  const [into, setInto] = useState(String(tickets[0]?.id ?? ''));
  const numbers = new Map(tickets.map((tk) => [tk.id, tk.number]));
  const apply = useSubmit(async () => {
    if (field === 'merge') {
      const target = Number(into);
      const items = [];
      for (const tk of tickets.filter((x) => x.id !== target)) {
        try {
          await api.post(`/tickets/${tk.id}/merge`, { intoTicketId: target });
          items.push({ id: tk.id, ok: true });
        } catch (err) {
          items.push({ id: tk.id, ok: false, error: err.message });
        }
      }
      onDone(bulkSummary(items, numbers));
    } else {
      if (value === '') throw new Error(t('bulk.pickValue'));
      const set = {
        [field]: field === 'assigneeId' || field === 'teamId' ? (value === 'none' ? null : Number(value)) : value,
      };
      const res = await api.post('/tickets/bulk', { ids: tickets.map((tk) => tk.id), set });
      onDone(bulkSummary(res.items, numbers));
    }
  });
  const options = {
    assigneeId: [['none', t('filter.none')], ...agents.map((a) => [String(a.id), a.name])],
    status: STATUSES.map((s) => [s, t(`status.${s}`)]),
    priority: PRIORITIES.map((p) => [p, p]),
    teamId: [['none', t('team.none')], ...teams.map((tm) => [String(tm.id), tm.name])],
  };
  return html`<div class="bulk-bar" role="region" aria-label=${t('bulk.title')}>
    <strong>${t('bulk.selected', { n: tickets.length })}</strong>
    <label class="filter"
      >${t('bulk.change')}
      <select
        name="bulkField"
        value=${field}
        onChange=${(e) => {
          setField(e.target.value);
          setValue('');
        }}
      >
        <option value="assigneeId">${t('field.assignee')}</option>
        <option value="status">${t('field.status')}</option>
        <option value="priority">${t('field.priority')}</option>
        <option value="teamId">${t('field.team')}</option>
        ${tickets.length > 1 && html`<option value="merge">${t('bulk.merge')}</option>`}
      </select>
    </label>
    ${
      field === 'merge'
        ? html`<label class="filter"
            >${t('bulk.mergeInto')}
            <select name="bulkInto" value=${into} onChange=${(e) => setInto(e.target.value)}>
              ${tickets.map((tk) => html`<option value=${tk.id}>#${tk.number} ${tk.subject}</option>`)}
            </select>
          </label>`
        : html`<label class="filter"
            >${t('bulk.to')}
            <select name="bulkValue" value=${value} onChange=${(e) => setValue(e.target.value)}>
              <option value="">—</option>
              ${options[field].map(([v, label]) => html`<option value=${v}>${label}</option>`)}
            </select>
          </label>`
    }
    <button class="primary" disabled=${apply.busy} onClick=${() => apply.run()}>${t('bulk.apply')}</button>
    <button class="link" onClick=${onClear}>${t('bulk.clear')}</button>
    <${ErrorBox} error=${apply.error} />
  </div>`;
}

/** What the last bulk change came to: stays on screen after the selection is cleared and the queue reloaded. */
export const BulkResult = ({ result, onClose }) =>
  result &&
  html`<div class=${`bulk-result ${result.refused.length ? 'error' : 'notice'}`} role="status">
    ${t('bulk.done', { n: result.done })}
    ${
      result.refused.length > 0 &&
      html`<ul>
        ${result.refused.map((r) => html`<li>${r}</li>`)}
      </ul>`
    }
    <button class="link" onClick=${onClose}>${t('bulk.dismiss')}</button>
  </div>`;
