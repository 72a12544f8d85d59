import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import {
  FilePicker,
  ErrorAlert,
  Flash,
  filesForm,
  html,
  Loading,
  PageHeading,
  PriorityChip,
  StatusChip,
  useFlash,
  useLoad,
  useSending,
} from '../components.js';
import { formatBytes, formatDateTime } from '../format.js';
import { t } from '../i18n.js';
import { MAX_FILES } from './new-ticket.js';

/**
 * One request: its state and deadlines, the public conversation with its files, a reply box, and the contact's
 * own moves (reopen within the organization's window, close). Internal notes never reach this page: the server
 * sends public comments only.
 * @param {{ id: string }} props
 */
export function TicketPage({ id }) {
  const { flash, clearFlash } = useFlash();
  const ticket = useLoad(() => api.get(`/tickets/${encodeURIComponent(id)}`), [id]);
  const d = ticket.data;
  // What the contact does next makes the message about filing stale.
  const afterMove = (/** @type {any} */ next) => {
    clearFlash();
    ticket.setData(next);
  };
  const afterReply = () => {
    clearFlash();
    ticket.reload();
  };
  return html`<section class="page ticket">
    ${
      d
        ? html`<div class="ticket-title">
            <${PageHeading}><span class="number">#${d.number}</span> ${d.subject}<//>
            <div class="ticket-chips">
              <${StatusChip} status=${d.status} />
              <${PriorityChip} priority=${d.priority} />
            </div>
          </div>`
        : html`<${PageHeading}>${t('ticket.title')}<//>`
    }
    <${Flash} flash=${flash} />
    ${
      ticket.error
        ? html`<${ErrorAlert} error=${ticket.error} />
            <p><a href="/portal/">${t('ticket.back')}</a></p>`
        : null
    }
    ${!d && ticket.loading ? html`<${Loading} />` : null}
    ${
      d
        ? html`<div class="ticket-layout">
            <aside class="ticket-side" aria-label=${t('ticket.details')}>
              <${Facts} ticket=${d} />
              <${Moves} ticket=${d} onChanged=${afterMove} />
            </aside>
            <div class="ticket-main">
              <h2 class="visually-hidden">${t('ticket.description')}</h2>
              <div class="description">${d.description}</div>
              <${Conversation} ticket=${d} />
              ${d.canReply ? html`<${Reply} ticket=${d} onDone=${afterReply} />` : null}
            </div>
          </div>`
        : null
    }
  </section>`;
}

/** What the contact may want to know at a glance: where the request stands and by when it is due. */
function Facts({ ticket: d }) {
  const row = (/** @type {string} */ key, /** @type {any} */ value) =>
    value
      ? html`<dt>${t(key)}</dt>
          <dd>${value}</dd>`
      : null;
  return html`<h2>${t('ticket.details')}</h2>
    <dl class="facts">
      ${row('ticket.status', t(`status.${d.status}`))}
      ${row('ticket.priority', `${d.priority} — ${t(`priority.${d.priority}`)}`)}
      ${row('ticket.service', d.service?.name ?? t('ticket.none'))}
      ${row('ticket.agreement', d.agreement?.number ?? t('ticket.none'))} ${row('ticket.requester', d.requester?.name)}
      ${row('ticket.created', formatDateTime(d.createdAt))}
      ${row('ticket.reactionDue', d.reactionDue && html`<time datetime=${d.reactionDue}>${formatDateTime(d.reactionDue)}</time>`)}
      ${row(
        'ticket.resolutionDue',
        d.resolutionDue && html`<time datetime=${d.resolutionDue}>${formatDateTime(d.resolutionDue)}</time>`,
      )}
      ${row('ticket.slaState', d.slaState && d.slaState !== 'none' ? t(`sla.${d.slaState}`) : null)}
      ${row('ticket.resolvedAt', d.resolvedAt && html`<time datetime=${d.resolvedAt}>${formatDateTime(d.resolvedAt)}</time>`)}
    </dl>`;
}

/** The description's files, then every public reply with the files attached to it, oldest first. */
function Conversation({ ticket: d }) {
  const filesOf = (/** @type {number | null} */ commentId) => d.attachments.filter((a) => a.commentId === commentId);
  const ticketFiles = filesOf(null);
  return html`${
      ticketFiles.length
        ? html`<h3 class="files-title">${t('attach.files')}</h3>
            <${Files} files=${ticketFiles} />`
        : null
    }
    <h2>${t('ticket.conversation')}</h2>
    ${
      d.comments.length === 0
        ? html`<p class="muted">${t('ticket.noComments')}</p>`
        : html`<ol class="conversation">
            ${d.comments.map(
              (c) =>
                html`<li class=${`comment from-${c.author.kind}`}>
                  <div class="comment-head">
                    <strong>${c.author.name}</strong>
                    <span class="muted">${c.author.kind === 'agent' ? t('ticket.support') : ''}</span>
                    <time datetime=${c.createdAt}>${formatDateTime(c.createdAt)}</time>
                  </div>
                  <div class="comment-body">${c.body}</div>
                  ${filesOf(c.id).length ? html`<${Files} files=${filesOf(c.id)} />` : null}
                </li>`,
            )}
          </ol>`
    }`;
}

/** @param {{ files: any[] }} props */
const Files = ({ files }) =>
  html`<ul class="files" aria-label=${t('attach.files')}>
    ${files.map(
      (f) =>
        html`<li>
          <a href=${`/api/v1/portal/attachments/${f.id}`} download=${f.fileName}>${f.fileName}</a>
          <span class="muted"> ${formatBytes(f.size)}</span>
        </li>`,
    )}
  </ul>`;

/** A public reply and/or files. Text and files go in one submit; the files are attached to the request. */
function Reply({ ticket: d, onDone }) {
  const [body, setBody] = useState('');
  const [files, setFiles] = useState(/** @type {File[]} */ ([]));
  const [inputKey, setInputKey] = useState(0);
  const [done, setDone] = useState('');
  const { busy, error, setError, send } = useSending();

  /** @param {Event} e */
  const submit = (e) => {
    e.preventDefault();
    if (!body.trim() && files.length === 0) return setError(t('reply.empty'));
    if (files.length > MAX_FILES) return setError(t('attach.tooMany', { max: MAX_FILES }));
    setDone('');
    return send(async () => {
      if (body.trim()) {
        await api.post(`/tickets/${d.id}/comments`, { body: body.trim() });
        setBody('');
      }
      if (files.length) {
        await api.upload(`/tickets/${d.id}/attachments`, filesForm(files));
        setFiles([]);
        setInputKey((k) => k + 1);
      }
      setDone(t('reply.sent'));
      onDone();
    });
  };

  return html`<form class="reply stack" onSubmit=${submit}>
    <h2>${t('reply.title')}</h2>
    <label>
      <span>${t('reply.body')}</span>
      <textarea name="body" rows="5" value=${body} onInput=${(e) => setBody(e.currentTarget.value)}></textarea>
    </label>
    <${FilePicker}
      label=${t('attach.label')}
      hintId="reply-files-hint"
      files=${files}
      onFiles=${setFiles}
      inputKey=${inputKey}
    />
    <p id="reply-files-hint" class="hint">${t('attach.hint', { max: MAX_FILES })}</p>
    <${ErrorAlert} error=${error} />
    ${done ? html`<p class="notice" role="status">${done}</p>` : null}
    <div class="form-actions">
      <button type="submit" class="primary" disabled=${busy}>${busy ? t('reply.sending') : t('reply.send')}</button>
    </div>
  </form>`;
}

/** Reopen (within the window) and close: the contact's own moves, each answered with the request as it is now. */
function Moves({ ticket: d, onChanged }) {
  const [confirming, setConfirming] = useState(false);
  const { busy, error, send } = useSending();
  /** @param {'reopen' | 'close'} move */
  const run = (move) =>
    send(async () => {
      onChanged(await api.post(`/tickets/${d.id}/${move}`));
      setConfirming(false);
    });
  if (!d.canReopen && !d.canClose) return null;
  return html`<div class="moves">
    ${
      d.canReopen
        ? html`<button type="button" class="primary" disabled=${busy} onClick=${() => run('reopen')}>
              ${t('ticket.reopen')}
            </button>
            ${d.reopenUntil ? html`<p class="hint">${t('ticket.reopenUntil', { date: formatDateTime(d.reopenUntil) })}</p>` : null}`
        : null
    }
    ${
      d.canClose && !confirming
        ? html`<button type="button" disabled=${busy} onClick=${() => setConfirming(true)}>
            ${t('ticket.close')}
          </button>`
        : null
    }
    ${
      d.canClose && confirming
        ? html`<${ConfirmClose} busy=${busy} onYes=${() => run('close')} onNo=${() => setConfirming(false)} />`
        : null
    }
    <${ErrorAlert} error=${error} />
  </div>`;
}

/** The question before closing; focus moves to its answer, since the button that asked it is gone. */
function ConfirmClose({ busy, onYes, onNo }) {
  const yes = useRef(/** @type {HTMLButtonElement | null} */ (null));
  useEffect(() => yes.current?.focus(), []);
  return html`<div class="confirm" role="group" aria-label=${t('ticket.close')}>
    <p>${t('ticket.closeConfirm')}</p>
    <button type="button" class="primary" ref=${yes} disabled=${busy} onClick=${onYes}>${t('ticket.closeYes')}</button>
    <button type="button" disabled=${busy} onClick=${onNo}>${t('common.cancel')}</button>
  </div>`;
}
