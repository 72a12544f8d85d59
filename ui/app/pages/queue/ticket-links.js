import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api, query } from '../../api.js';
import { t } from '../../i18n.js';
import { StatusChip } from '../../components/chips.js';
import { ErrorBox } from '../../components/error.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';

const KINDS = ['related', 'duplicate_of', 'parent_of', 'child_of'];

/**
 * The ticket's links to others (either end may have made them: a "child of" here reads "parent of" there), a
 * form to link one more by its number, and a way to remove one. Changes leave history on both tickets.
 */
export function TicketLinks({ ticketId, onChanged }) {
  const [version, setVersion] = useState(0);
  const { data, error } = useData(() => api.get(`/tickets/${ticketId}/links`), [ticketId, version]);
  const [number, setNumber] = useState('');
  const [kind, setKind] = useState('related');
  const changed = () => {
    setVersion((v) => v + 1);
    onChanged?.();
  };
  const add = useSubmit(async () => {
    const wanted = number.trim().replace(/^#|^№/, '');
    if (!/^\d+$/.test(wanted)) throw new Error(t('link.numberNeeded'));
    const found = (await api.get(`/tickets?${query({ q: `#${wanted}`, limit: 1 })}`)).items[0];
    if (!found) throw new Error(t('link.noSuchTicket', { number: wanted }));
    await api.post(`/tickets/${ticketId}/links`, { ticketId: found.id, kind });
    setNumber('');
    changed();
  });
  const remove = useSubmit(async (linkId) => {
    await api.del(`/tickets/${ticketId}/links/${linkId}`);
    changed();
  });
  const links = data?.items ?? [];
  return html`<section class="ticket-links">
    <h3>${t('link.title')}</h3>
    <${ErrorBox} error=${error || remove.error} />
    ${links.length === 0 && html`<p class="muted">${t('link.none')}</p>`}
    <ul class="link-list">
      ${links.map(
        (l) =>
          html`<li>
            <span class="muted">${t(`link.${l.kind}`)}</span>
            <a href=${`/tickets/${l.ticket.id}`}>#${l.ticket.number} ${l.ticket.subject}</a>
            <${StatusChip} status=${l.ticket.status} />
            <button
              type="button"
              class="link x"
              title=${t('link.remove')}
              aria-label=${t('link.remove')}
              disabled=${remove.busy}
              onClick=${() => remove.run(l.id)}
            >
              ×
            </button>
          </li>`,
      )}
    </ul>
    <form class="link-form" onSubmit=${add.onSubmit}>
      <select name="linkKind" aria-label=${t('link.kind')} value=${kind} onChange=${(e) => setKind(e.target.value)}>
        ${KINDS.map((k) => html`<option value=${k}>${t(`link.${k}`)}</option>`)}
      </select>
      <input
        name="linkNumber"
        inputmode="numeric"
        placeholder=${t('link.number')}
        aria-label=${t('link.number')}
        value=${number}
        onInput=${(e) => setNumber(e.target.value)}
      />
      <button type="submit" disabled=${add.busy}>${t('link.add')}</button>
    </form>
    <${ErrorBox} error=${add.error} />
  </section>`;
}
