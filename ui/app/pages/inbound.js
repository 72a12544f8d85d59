import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query } from '../api.js';
import { loadMessages, t } from '../i18n.js';
import { ErrorBox } from '../components/error.js';
import { useSubmit } from '../components/use-submit.js';
import { MailTabs, MessageRow, SubjectCell } from '../components/mail-list.js';
import { loadStyles } from '../components/lazy.js';
import { Dialog } from '../components/dialog.js';
import { formatBytes, formatDate, formatShort } from '../format.js';
import { navigate } from '../router.js';
import { may } from '../session.js';

await loadMessages('mail-admin');
// The mail pages' own styles, shared by the three of them and kept out of the desk's first load.
export const ready = loadStyles('/app/styles/mail-admin.css');

const TABS = ['held', 'rejected', 'all'];
const PAGE = 50;
/** Mail an admin still decides about; the rest has become a ticket or a comment. */
const waitsForAdmin = (m) => m.status === 'held' || m.status === 'rejected';
const label = (key, raw) => {
  const text = t(key);
  return text === key ? raw : text;
};
const StatusChip = ({ status }) =>
  html`<span class=${`chip inbound-${status}`} data-inbound-status=${status}
    >${label(`mail.in.status.${status}`, status)}</span
  >`;

/**
 * The received HTML as the server sanitised it, shown in a sandboxed frame: no scripts, no same-origin access,
 * and (by the frame's own policy) no remote images, so opening a mail tells its sender nothing.
 */
const frameDocument = (bodyHtml) =>
  '<!doctype html><html><head><meta charset="utf-8">' +
  `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">` +
  '<style>body{font:13px/1.45 system-ui,sans-serif;color:#1d2330;margin:8px;overflow-wrap:anywhere}img{max-width:100%}</style>' +
  `</head><body>${bodyHtml}</body></html>`;

const Sender = ({ m }) =>
  html`${m.fromName ? html`<span class="sender-name">${m.fromName}</span> ` : ''}<span
      class=${m.fromName ? 'muted' : ''}
      >${m.from ? (m.fromName ? `<${m.from}>` : m.from) : '—'}</span
    >`;

const RawLink = ({ m, long }) =>
  m.rawUrl
    ? html`<a
        href=${m.rawUrl}
        download=${`message-${m.id}.eml`}
        data-raw=${m.id}
        aria-label=${t('mail.in.rawOf', { id: m.id, size: formatBytes(m.rawSize) })}
        >${long ? t('mail.in.rawLong', { size: formatBytes(m.rawSize) }) : t('mail.in.raw')}</a
      >`
    : null;

/** What an admin may do with held or rejected mail: post it into a ticket, make a ticket of it, or run it again. */
function Actions({ m, organizations, onDone }) {
  const [ticketId, setTicketId] = useState(m.ticketId ? String(m.ticketId) : '');
  const [organizationId, setOrganizationId] = useState('');
  const act = useSubmit(
    async (/** @type {string} */ action, /** @type {object | undefined} */ body, /** @type {any} */ done) => {
      let next;
      try {
        next = await api.post(`/inbound-messages/${m.id}/${action}`, body);
      } catch (err) {
        if (err.status === 409) {
          // Someone else decided about this mail meanwhile: show it as it is now, with a word why nothing was done.
          const now = await api.get(`/inbound-messages/${m.id}`).catch((readErr) => {
            // The refusal itself is shown below; why the mail could not be read again goes to the console.
            console.error('the held mail could not be read again after a conflict', readErr);
            return null;
          });
          if (now) return onDone(now, null, t('mail.in.conflict'));
          throw err;
        }
        throw err.status === 404 && /^No route /.test(err.problem?.detail ?? '') ? new Error(t('mail.in.notYet')) : err;
      }
      onDone(next, typeof done === 'function' ? done(next) : done);
    },
  );
  const release = (e) => {
    e.preventDefault();
    const id = Number(ticketId);
    act.run('release', id ? { ticketId: id } : {}, t('mail.in.done.release'));
  };
  const newTicket = (e) => {
    e.preventDefault();
    act.run(
      'new-ticket',
      organizationId ? { organizationId: Number(organizationId) } : {},
      t('mail.in.done.newTicket'),
    );
  };
  const reingest = () =>
    act.run('reingest', undefined, (next) =>
      t('mail.in.done.reingest', { status: label(`mail.in.status.${next.status}`, next.status) }),
    );
  return html`<section class="inbound-actions" aria-labelledby=${`actions-${m.id}`}>
    <h3 id=${`actions-${m.id}`}>${t('mail.in.actions')}</h3>
    <form class="inbound-action" onSubmit=${release}>
      <label
        >${t('mail.in.ticketId')}
        <input type="number" min="1" name="ticketId" value=${ticketId} onInput=${(e) => setTicketId(e.target.value)}
      /></label>
      <button type="submit" class="primary" data-action="release" disabled=${act.busy}>${t('mail.in.release')}</button>
      <span class="hint">${t('mail.in.releaseHint')}</span>
    </form>
    <form class="inbound-action" onSubmit=${newTicket}>
      <label
        >${t('mail.in.organization')}
        <select name="organizationId" value=${organizationId} onChange=${(e) => setOrganizationId(e.target.value)}>
          <option value="">${t('mail.in.bySender')}</option>
          ${organizations.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
        </select></label
      >
      <button type="submit" data-action="new-ticket" disabled=${act.busy}>${t('mail.in.newTicket')}</button>
    </form>
    <div class="inbound-action">
      <button type="button" data-action="reingest" disabled=${act.busy} onClick=${reingest}>
        ${t('mail.in.reingest')}
      </button>
      <span class="hint">${t('mail.in.reingestHint')}</span>
    </div>
    <${ErrorBox} error=${act.error} />
  </section>`;
}

/** One received message: who sent it, why it waits, its text in a sandboxed frame, the original, and the actions. */
function InboundDialog({ item, me, organizations, onClose, onChanged }) {
  const [m, setM] = useState(item);
  const [detail, setDetail] = useState(null);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState('');
  useEffect(() => {
    api.get(`/inbound-messages/${item.id}`).then((d) => {
      setDetail(d);
      setM(d);
    }, setError);
  }, [item.id]);
  const done = (next, text, warning) => {
    setM({ ...detail, ...next });
    setNotice(text || warning || '');
    onChanged(next);
  };
  return html`<${Dialog} title=${t('mail.in.dialogTitle', { id: m.id })} onClose=${onClose} wide>
    <div class="inbound-message" data-inbound-message=${m.id}>
      <dl class="mail-facts">
        <dt>${t('mail.in.col.from')}</dt>
        <dd><${Sender} m=${m} /></dd>
        <dt>${t('mail.in.col.subject')}</dt>
        <dd>${m.subject || t('mail.noSubject')}</dd>
        <dt>${t('mail.in.col.received')}</dt>
        <dd>${formatDate(m.receivedAt)} <span class="muted">· ${t('mail.in.source')}: ${m.source}</span></dd>
        <dt>${t('field.status')}</dt>
        <dd>
          <${StatusChip}
            status=${m.status}
          />${m.isAutomatic && html` <span class="chip" title=${t('mail.in.automaticHint')}>${t('mail.in.automatic')}</span>`}
          ${m.ticketId && html` <a href=${`/tickets/${m.ticketId}`} data-ticket-link=${m.ticketId}>${t('mail.in.openTicket')}</a>`}
        </dd>
        ${
          m.messageId &&
          html`<dt>${t('mail.in.messageId')}</dt>
            <dd><code>${m.messageId}</code></dd>`
        }
        ${
          m.rawUrl &&
          html`<dt>${t('mail.in.original')}</dt>
            <dd><${RawLink} m=${m} long /></dd>`
        }
      </dl>
      ${m.reason && html`<div class=${waitsForAdmin(m) ? 'warning' : 'muted'} data-reason>${m.reason}</div>`}
      ${notice && html`<div class="success" role="status">${notice}</div>`}
      <${ErrorBox} error=${error} />
      <h3>${t('mail.in.body')}</h3>
      ${
        detail &&
        (detail.bodyHtml
          ? html`<iframe
              class="mail-frame"
              sandbox=""
              referrerpolicy="no-referrer"
              title=${t('mail.in.bodyFrame')}
              srcdoc=${frameDocument(detail.bodyHtml)}
            ></iframe>`
          : html`<p class="muted">${t('mail.in.noBody')}</p>`)
      }
      ${
        detail?.quotedText &&
        html`<details class="quoted">
          <summary>${t('mail.in.quoted')}</summary>
          <pre class="mail-text">${detail.quotedText}</pre>
        </details>`
      }
      ${may(me, 'inbound_mail.manage') && waitsForAdmin(m) && html`<${Actions} key=${`${m.id}:${m.status}`} m=${m} organizations=${organizations} onDone=${done} />`}
    </div>
    <div class="dialog-actions mail-actions">
      <button type="button" class="primary" onClick=${onClose}>${t('mail.close')}</button>
    </div>
  <//>`;
}

/** Received mail for admins: held and rejected mail to decide about, and everything received. */
/** What receives mail: the SMTP listener and each IMAP mailbox, with the error that keeps one down. */
function Receivers() {
  const [view, setView] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api.get('/mail-receivers').then(setView, setError);
  }, []);
  if (error) return html`<div class="mail-receivers" data-receivers><${ErrorBox} error=${error} /></div>`;
  if (!view) return null;
  const none = !view.smtp && view.mailboxes.length === 0;
  return html`<div class="mail-receivers" data-receivers>
    <h2>${t('mail.rx.title')}</h2>
    ${none && html`<p class="muted" data-receiver="none">${t('mail.rx.none')}</p>`}
    <ul>
      ${view.smtp && html`<li data-receiver="smtp"><span class="chip ok">${t('mail.rx.listening')}</span> ${t('mail.rx.smtp', { port: view.smtp.port })}${view.smtp.starttls ? ' · STARTTLS' : ''}</li>`}
      ${view.mailboxes.map(
        (m) =>
          html`<li data-receiver=${`imap:${m.name}`}>
            <span class=${`chip ${m.connected ? 'ok' : 'bad'}`}
              >${t(m.connected ? 'mail.rx.connected' : 'mail.rx.down')}</span
            >
            ${' '}<b>${m.name}</b> <span class="muted">${m.user}@${m.host}:${m.port} / ${m.folder}</span>
            ${' · '}${m.lastCheckAt ? t('mail.rx.checked', { when: formatShort(m.lastCheckAt), n: m.fetched }) : t('mail.rx.never')}
            ${m.lastError && html`<div class="error" data-receiver-error>${m.lastError}</div>`}
          </li>`,
      )}
    </ul>
  </div>`;
}

export function InboundPage({ search, me, organizations = [] }) {
  const wanted = new URLSearchParams(search).get('status');
  const tab = TABS.includes(wanted) ? wanted : 'held';
  const [state, setState] = useState({ items: null, next: null, error: null, loading: true });
  const [open, setOpen] = useState(null);
  const [version, setVersion] = useState(0);
  const load = (cursor) =>
    api.get(`/inbound-messages?${query({ status: tab === 'all' ? undefined : tab, limit: PAGE, cursor })}`);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (page) => live && setState({ items: page.items, next: page.nextCursor, error: null, loading: false }),
      (error) => live && setState({ items: null, next: null, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [tab, version]);
  const more = () => {
    setState((s) => ({ ...s, loading: true }));
    load(state.next).then(
      (page) =>
        setState((s) => ({ items: [...s.items, ...page.items], next: page.nextCursor, error: null, loading: false })),
      (error) => setState((s) => ({ ...s, error, loading: false })),
    );
  };
  // A message handled in the dialog leaves the Held / Rejected lists when the dialog closes.
  const changed = (next) =>
    setState((s) => ({ ...s, items: s.items?.map((m) => (m.id === next.id ? { ...m, ...next } : m)) }));
  const close = () => {
    setOpen(null);
    if (tab !== 'all') setVersion((v) => v + 1);
  };
  const items = state.items ?? [];
  return html`<section class="mail-admin inbound-page">
    <div class="page-head"><h1>${t('mail.in.title')}</h1></div>
    <p class="muted lead">${t('mail.in.lead')}</p>
    <${Receivers} />
    <${MailTabs}
      tabs=${TABS}
      current=${tab}
      label=${(x) => t(`mail.in.tab.${x}`)}
      onPick=${(x) => navigate(`/inbound?status=${x}`)}
    />
    <${ErrorBox} error=${state.error} />
    <div class="table-wrap">
      <table class="grid inbound-table">
        <thead>
          <tr>
            <th>${t('mail.in.col.received')}</th>
            <th>${t('mail.in.col.from')}</th>
            <th>${t('mail.in.col.subject')}</th>
            <th>${t('mail.in.col.reason')}</th>
            <th>${t('field.status')}</th>
            <th>${t('mail.in.col.ticket')}</th>
            <th><span class="visually-hidden">${t('mail.in.raw')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${items.map(
            (m) =>
              html`<${MessageRow}
                key=${m.id}
                data=${{ 'data-inbound-id': m.id, 'data-status': m.status }}
                onOpen=${() => setOpen(m)}
              >
                <td class="nowrap muted" title=${formatDate(m.receivedAt)}>${formatShort(m.receivedAt)}</td>
                <td class="inbound-from"><${Sender} m=${m} /></td>
                <${SubjectCell}
                  title=${m.subject || t('mail.noSubject')}
                  label=${t('mail.in.openOf', { id: m.id })}
                  onOpen=${() => setOpen(m)}
                >
                  ${m.isAutomatic && html` <span class="chip" title=${t('mail.in.automaticHint')}>${t('mail.in.automatic')}</span>`}
                <//>
                <td class="inbound-reason" data-reason>${m.reason ?? ''}</td>
                <td><${StatusChip} status=${m.status} /></td>
                <td class="nowrap">
                  ${m.ticketId ? html`<a href=${`/tickets/${m.ticketId}`} data-ticket-link=${m.ticketId}>${t('mail.in.openTicket')}</a>` : html`<span class="muted">—</span>`}
                </td>
                <td class="nowrap"><${RawLink} m=${m} /></td>
              <//>`,
          )}
        </tbody>
      </table>
      ${state.items && items.length === 0 && html`<p class="empty">${t(`mail.in.none.${tab}`)}</p>`}
    </div>
    ${state.next && html`<div class="queue-footer"><button type="button" disabled=${state.loading} onClick=${more}>${t('mail.showMore')}</button></div>`}
    ${open && html`<${InboundDialog} item=${open} me=${me} organizations=${organizations} onClose=${close} onChanged=${changed} />`}
  </section>`;
}
