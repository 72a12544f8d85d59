import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { loadMessages, t } from '../../i18n.js';
import { formatAgo, formatDate, formatWorkDate } from '../../format.js';
import { Dialog } from '../../components/dialog.js';
import { ErrorBox } from '../../components/error.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { may } from '../../session.js';
import { loadStyles } from '../../components/lazy.js';

// The ticket's support line, its moves and the agreement that applies (and why): loaded with the ticket page.
await Promise.all([
  loadMessages('support-lines'),
  loadMessages('agreements'),
  loadStyles('/app/styles/support-lines.css'),
]);

/**
 * Renders its children at the end of the page body: the side panel is sticky (its own stacking context), so a
 * dialog inside it would sit under the conversation beside it.
 */
function BodyLayer({ children }) {
  const host = useRef(/** @type {HTMLElement | null} */ (null));
  host.current ??= document.createElement('div');
  useEffect(() => {
    const el = /** @type {HTMLElement} */ (host.current);
    document.body.append(el);
    return () => {
      render(null, el);
      el.remove();
    };
  }, []);
  useEffect(() => render(children, /** @type {HTMLElement} */ (host.current)));
  return null;
}

/** The handoff note a move between lines needs; the server says the same (422) if this is bypassed. */
function MoveDialog({ ticketId, direction, line, onClose, onMoved }) {
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState(false);
  const send = useSubmit(async () => {
    await api.post(`/tickets/${ticketId}/${direction === 'up' ? 'escalate' : 'de-escalate'}`, { note: note.trim() });
    onMoved();
  });
  const submit = (e) => {
    e.preventDefault();
    if (note.trim().length < 3) {
      setInvalid(true);
      return;
    }
    send.run();
  };
  const title = t(direction === 'up' ? 'lines.escalateTitle' : 'lines.deEscalateTitle', { line: line.name });
  return html`<${Dialog} title=${title} onClose=${onClose}>
    <form onSubmit=${submit} novalidate class="move-form">
      <label
        >${t('lines.note')}
        <textarea
          name="handoff-note"
          rows="5"
          maxlength="4000"
          required
          aria-invalid=${invalid ? 'true' : undefined}
          aria-describedby="handoff-note-help"
          value=${note}
          onInput=${(e) => {
            setNote(e.target.value);
            setInvalid(false);
          }}
        ></textarea>
        <span id="handoff-note-help" class=${invalid ? 'error' : 'hint block'}
          >${invalid ? t('lines.noteRequired') : t('lines.noteHint')}</span
        >
      </label>
      <${ErrorBox} error=${send.error} />
      <div class="actions gap">
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class="primary" disabled=${send.busy}>
          ${direction === 'up' ? t('lines.send') : t('lines.sendBack')}
        </button>
      </div>
    </form>
  <//>`;
}

function AgreementReason({ agreement }) {
  if (!agreement) return html`<p class="muted">${t('lines.noAgreement')}</p>`;
  const r = agreement.reason;
  const date = r?.until ?? r?.ended;
  return html`<p>
      <a href=${`/agreements/${agreement.id}`}>${agreement.number}</a> · ${agreement.title}
      <span class="chip">${t(`agr.kind.${agreement.kind}`)}</span>
    </p>
    ${
      agreement.productName &&
      html`<p class="muted">
        ${
          agreement.productVersion
            ? t('lines.productVersion', { product: agreement.productName, version: agreement.productVersion })
            : t('lines.product', { product: agreement.productName })
        }
      </p>`
    }
    ${r && html`<p class="agreement-reason">${t(`lines.reason.${r.code}`, { date: formatWorkDate(date) })}</p>`}`;
}

/** The side panel: which line the ticket is on, Escalate / Return with a note, the moves, the external issue. */
export function SupportLinePanel({ ticket, me, onChanged }) {
  const { data, error, reload } = useData(
    () => api.get(`/tickets/${ticket.id}/support-line`),
    [ticket.id, ticket.updatedAt],
  );
  const [dialog, setDialog] = useState(/** @type {null | 'up' | 'down'} */ (null));
  const canMove = may(me, 'ticket.escalate') && ticket.status !== 'closed';
  const moved = () => {
    setDialog(null);
    reload();
    onChanged();
  };
  return html`<section class="support-line-panel" aria-labelledby="support-line-title">
    <h3 id="support-line-title">${t('lines.panel')}</h3>
    <${ErrorBox} error=${error} />
    ${
      data &&
      (data.line
        ? html`<p>
            <span class="chip line-badge" data-line=${data.line.position}
              >${t('lines.on', { line: data.line.name })}</span
            >
            ${data.line.teamName && html` <span class="muted">${data.line.teamName}</span>`}
          </p>`
        : html`<p class="muted">
            ${t('lines.none')} ${may(me, 'settings.manage') && html`<a href="/support-lines">${t('lines.setUp')}</a>`}
          </p>`)
    }
    ${
      data &&
      canMove &&
      (data.next || data.previous) &&
      html`<div class="actions gap wrap">
        ${data.next && html`<button type="button" class="escalate" onClick=${() => setDialog('up')}>${t('lines.escalate', { line: data.next.name })}</button>`}
        ${data.previous && html`<button type="button" class="de-escalate" onClick=${() => setDialog('down')}>${t('lines.deEscalate', { line: data.previous.name })}</button>`}
      </div>`
    }
    ${
      data?.externalIssue &&
      html`<p class="external-issue">
        <b>${t('lines.external')}:</b>
        ${data.externalIssue.url ? html` <a href=${data.externalIssue.url} rel="noopener noreferrer" target="_blank">${data.externalIssue.url}</a>` : ''}
        ${' '}<span class="chip"
          >${data.externalIssue.state === 'requested' && !data.externalIssue.url ? t('lines.externalRequested') : t('lines.externalState', { state: data.externalIssue.state })}</span
        >
      </p>`
    }
    ${
      data?.moves.length > 0 &&
      html`<details class="line-moves" open=${data.moves.length <= 2}>
        <summary>${t('lines.moves')} (${data.moves.length})</summary>
        <ol>
          ${data.moves.map(
            (m) =>
              html`<li>
                <b>${t('lines.move', { from: m.from, to: m.to })}</b> · ${m.actorName ?? t('history.system')}${' '}
                <time title=${formatDate(m.at)}>${formatAgo(m.at)}</time>
                ${m.note && html`<blockquote class="handoff-note">${m.note}</blockquote>`}
              </li>`,
          )}
        </ol>
      </details>`
    }
    <h3>${t('lines.agreement')}</h3>
    ${data && html`<${AgreementReason} agreement=${data.agreement} />`}
    ${
      dialog &&
      data &&
      html`<${BodyLayer}>
        <${MoveDialog}
          ticketId=${ticket.id}
          direction=${dialog}
          line=${dialog === 'up' ? data.next : data.previous}
          onClose=${() => setDialog(null)}
          onMoved=${moved}
        />
      <//>`
    }
  </section>`;
}
