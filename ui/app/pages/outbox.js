import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query } from '../api.js';
import { loadMessages, t } from '../i18n.js';
import { ErrorBox } from '../components/error.js';
import { loadStyles } from '../components/lazy.js';
import { Dialog } from '../components/dialog.js';
import { useData } from '../components/use-data.js';
import { useSubmit } from '../components/use-submit.js';
import { MailTabs, MessageRow, SubjectCell } from '../components/mail-list.js';
import { formatDate, formatShort } from '../format.js';
import { navigate } from '../router.js';

await loadMessages('mail-admin');
// The mail pages' own styles, shared by the three of them and kept out of the desk's first load.
export const ready = loadStyles('/app/styles/mail-admin.css');

const STATUSES = ['pending', 'failed', 'sent'];
const LIMIT = 200;
/** A translated word for a server key, or the key itself when this UI does not know it yet. */
const label = (key, raw) => {
  const text = t(key);
  return text === key ? raw : text;
};
const channelLabel = (c) => label(`mail.channel.${c}`, c);
/** What a row is called: the subject of a mail, the start of an SMS. */
const titleOf = (m) => m.subject || (m.channel === 'email' ? t('mail.noSubject') : m.body.split('\n')[0].slice(0, 120));

/** When a message went or goes out, as the row's status tells. */
function when(m) {
  if (m.status === 'sent') return t('mail.outbox.sentAt', { time: formatShort(m.sentAt) });
  if (m.status === 'failed') return t('mail.outbox.failedAt');
  return t('mail.outbox.next', { time: formatShort(m.nextAttemptAt) });
}

const mayRetry = (m) => m.status === 'failed' || (m.status === 'pending' && m.lastError);

/** One message in full: who it goes to, how it went, and its whole text as it will be (or was) sent. */
function MessageDialog({ item, onClose, onRetry, busy }) {
  // The listing's copy shows at once; the item itself follows, as it is now.
  const [m, setM] = useState(item);
  // The list's row is shown meanwhile; if the full message cannot be read, the dialog says why.
  const [loadError, setLoadError] = useState(null);
  useEffect(() => {
    api.get(`/outbox/${item.id}`).then(setM, setLoadError);
  }, [item.id]);
  return html`<${Dialog} title=${t('mail.outbox.messageTitle', { id: m.id })} onClose=${onClose} wide>
    <${ErrorBox} error=${loadError} />
    <div class="mail-message" data-outbox-message=${m.id}>
      <dl class="mail-facts">
        <dt>${t('mail.outbox.to')}</dt>
        <dd><span class="chip">${channelLabel(m.channel)}</span> ${m.recipient}</dd>
        <dt>${t('mail.outbox.queuedAt')}</dt>
        <dd>${formatDate(m.createdAt)}</dd>
        <dt>${t('field.status')}</dt>
        <dd>
          <span class=${`chip outbox-${m.status}`}>${label(`mail.outbox.status.${m.status}`, m.status)}</span>
          <span class="muted">${when(m)}</span>
        </dd>
        <dt>${t('mail.outbox.attemptsN')}</dt>
        <dd>${m.attempts}</dd>
        ${
          m.lastError &&
          html`<dt>${t('mail.outbox.lastError')}</dt>
            <dd class="mail-error">${m.lastError}</dd>`
        }
      </dl>
      ${m.subject && html`<div class="mail-subject">${m.subject}</div>`}
      <pre class="mail-text">${m.body}</pre>
    </div>
    <div class="dialog-actions mail-actions">
      ${mayRetry(m) && html`<button type="button" disabled=${busy} onClick=${() => onRetry(m)}>${t('mail.outbox.retry')}</button>`}
      <button type="button" class="primary" onClick=${onClose}>${t('mail.close')}</button>
    </div>
  <//>`;
}

/**
 * The outbox for admins: what the desk sends by e-mail and SMS, per status. With no SMTP server configured
 * mail stays pending here, so an admin can still read every message.
 */
export function OutboxPage({ search }) {
  const wanted = new URLSearchParams(search).get('status');
  const status = STATUSES.includes(wanted) ? wanted : 'pending';
  const [version, setVersion] = useState(0);
  const { data, error } = useData(() => api.get(`/outbox?${query({ status, limit: LIMIT })}`), [status, version]);
  const [open, setOpen] = useState(null);
  const [notice, setNotice] = useState('');
  const reload = () => setVersion((v) => v + 1);

  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const c of data?.counts ?? []) counts[c.status] = (counts[c.status] ?? 0) + c.count;
  // The server says which channels have something to send them; the rest wait here to be read.
  const noSmtp = data?.delivery && !data.delivery.email;
  const noSms = data?.delivery && !data.delivery.sms;

  // The list is read again however a retry went: the message's status may have moved meanwhile.
  const retry = useSubmit(async (/** @type {{ id: number }} */ m) => {
    setNotice('');
    try {
      await api.post(`/outbox/${m.id}/retry`);
      setNotice(t('mail.outbox.retried', { id: m.id }));
      setOpen(null);
    } finally {
      reload();
    }
  });
  const items = data?.items ?? [];
  return html`<section class="mail-admin outbox-page">
    <div class="page-head"><h1>${t('mail.outbox.title')}</h1></div>
    <p class="muted lead">${t('mail.outbox.lead')}</p>
    <${MailTabs}
      tabs=${STATUSES}
      current=${status}
      label=${(s) => t(`mail.outbox.status.${s}`)}
      badge=${(s) =>
        html`<span class=${`count${s === 'failed' && counts.failed ? ' bad' : ''}`} data-count=${s}
          >${counts[s] ?? 0}</span
        >`}
      onPick=${(s) => {
        setNotice('');
        retry.setError(null);
        navigate(`/outbox?status=${s}`);
      }}
    />
    ${noSmtp && html`<div class="warning mail-note" role="note" data-note="no-smtp">${t('mail.outbox.waitingNote')}</div>`}
    ${noSms && counts.pending > 0 && html`<div class="muted mail-note" role="note" data-note="no-sms">${t('mail.outbox.noSmsNote')}</div>`}
    ${notice && html`<div class="success" role="status">${notice}</div>`}
    <${ErrorBox} error=${error || retry.error} />
    <div class="table-wrap">
      <table class="grid outbox-table">
        <thead>
          <tr>
            <th>${t('mail.outbox.col.created')}</th>
            <th>${t('mail.outbox.col.channel')}</th>
            <th>${t('mail.outbox.col.recipient')}</th>
            <th>${t('mail.outbox.col.subject')}</th>
            <th class="num">${t('mail.outbox.col.attempts')}</th>
            <th>${t('mail.outbox.col.when')}</th>
            <th><span class="visually-hidden">${t('mail.open')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${items.map(
            (m) =>
              html`<${MessageRow}
                key=${m.id}
                data=${{ 'data-outbox-id': m.id, 'data-status': m.status }}
                onOpen=${() => setOpen(m)}
              >
                <td class="nowrap muted" title=${formatDate(m.createdAt)}>${formatShort(m.createdAt)}</td>
                <td><span class="chip">${channelLabel(m.channel)}</span></td>
                <td class="mail-recipient">${m.recipient}</td>
                <${SubjectCell}
                  title=${titleOf(m)}
                  label=${t('mail.outbox.openOf', { id: m.id })}
                  onOpen=${() => setOpen(m)}
                >
                  ${m.lastError && html`<div class="mail-error" data-last-error>${m.lastError}</div>`}
                <//>
                <td class="num">${m.attempts}</td>
                <td class="nowrap muted">${when(m)}</td>
                <td class="num">
                  ${mayRetry(m) && html`<button type="button" disabled=${retry.busy} aria-label=${t('mail.outbox.retryOf', { id: m.id })} data-action="retry" onClick=${() => retry.run(m)}>${t('mail.outbox.retry')}</button>`}
                </td>
              <//>`,
          )}
        </tbody>
      </table>
      ${data && items.length === 0 && html`<p class="empty">${t(`mail.outbox.none.${status}`)}</p>`}
    </div>
    ${data && items.length >= LIMIT && html`<p class="muted">${t('mail.outbox.latest', { n: LIMIT })}</p>`}
    ${open && html`<${MessageDialog} item=${open} busy=${retry.busy} onRetry=${retry.run} onClose=${() => setOpen(null)} />`}
  </section>`;
}
