import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { formatAgo, formatBytes, formatDate } from '../format.js';
import { PriorityChip, StatusChip, Tag } from '../components/chips.js';
import { ErrorBox } from '../components/error.js';
import { FilePicker } from '../components/file-picker.js';
import { useSubmit } from '../components/use-submit.js';
import { useData } from '../components/use-data.js';
import { SlaBadge } from '../components/sla.js';
import { lazyPage } from '../components/lazy.js';
import { may } from '../session.js';
import { navigate } from '../router.js';

// The SLA panel (countdown, deadlines, explanation, manual deadline) loads with the first ticket opened.
const SlaPanel = lazyPage(() => import('../components/sla-panel.js'), 'SlaPanel');
// The time panel (timer, worklogs, hour package) loads with the first ticket opened by someone who sees time.
const TicketTimePanel = lazyPage(() => import('../time/ticket-time-panel.js'), 'TicketTimePanel');
// The contact's satisfaction score, once a survey went out, loads with the first ticket that shows it.
const TicketSatisfaction = lazyPage(() => import('../components/satisfaction.js'), 'TicketSatisfaction');
// The composer (CC, canned replies, mentions, files) loads with the first ticket opened, with its own strings.
const Composer = lazyPage(() => import('./ticket/composer.js'), 'Composer');
// Links to other tickets load with the page's side panel, not with the desk.
const TicketLinks = lazyPage(() => import('./queue/ticket-links.js'), 'TicketLinks');
// The support line (Escalate / Return with a handoff note) and which agreement applies and why.
const SupportLinePanel = lazyPage(() => import('./ticket/support-line-panel.js'), 'SupportLinePanel');
// The escalation chain (frozen steps, pages, Acknowledge) loads with the page's side panel.
const EscalationPanel = lazyPage(() => import('./ticket/escalation-panel.js'), 'EscalationPanel');
const seesTime = (me) => may(me, 'worklog.log') || may(me, 'worklog.manage') || may(me, 'time.report');

async function loadTicket(id) {
  const [ticket, comments, history, attachments] = await Promise.all([
    api.get(`/tickets/${id}`),
    api.get(`/tickets/${id}/comments`),
    api.get(`/tickets/${id}/history`),
    api.get(`/tickets/${id}/attachments`),
  ]);
  return { ticket, comments: comments.items, history: history.items, attachments: attachments.items };
}

/** Comments and history entries in one timeline, oldest first; replies show as comments, not twice. */
function timeline({ comments, history }) {
  const entries = [
    ...comments.map((c) => ({ at: c.createdAt, kind: 'comment', c })),
    ...history
      .filter((h) => h.action !== 'replied' && h.action !== 'noted')
      .map((h) => ({ at: h.at, kind: 'event', h })),
  ];
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.kind === 'event' ? -1 : 1));
}

function describeValue(field, value) {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'status') return t(`status.${value}`);
  if (field === 'type') return t(`type.${value}`);
  if (field === 'resolutionDue') {
    // "2026-03-12T15:00:00Z (agreed by phone)": the manual deadline and its reason
    const m = /^(\S+)(?: \((.*)\))?$/s.exec(value);
    return m && !Number.isNaN(Date.parse(m[1])) ? `${formatDate(m[1])}${m[2] ? ` (${m[2]})` : ''}` : value;
  }
  return value;
}

function Event({ h, agents, teams }) {
  const who = h.actor?.name ?? t('history.system');
  let text;
  if (h.action === 'changed') {
    const byId = h.field === 'assigneeId' ? agents : h.field === 'teamId' ? teams : null;
    const names = Object.fromEntries((byId ?? []).map((a) => [String(a.id), a.name]));
    const show = (v) => (byId ? (names[v] ?? describeValue(h.field, v)) : describeValue(h.field, v));
    const field = t(
      `field.${h.field === 'assigneeId' ? 'assignee' : h.field === 'contactId' ? 'contact' : h.field === 'teamId' ? 'team' : h.field}`,
    ).toLowerCase();
    text = t('history.changed', { field, from: show(h.from), to: show(h.to) });
  } else if (h.action === 'attached') text = t('history.attached', { file: h.to });
  // A duty page of the escalation chain: whom and how (`sms,email` as stored).
  else if (h.action === 'paged')
    text = t('history.paged', {
      name: h.to,
      channels: (h.from ?? '').replace('sms', 'SMS').replace('email', 'e-mail').replace(',', ' + '),
    });
  else if (h.action === 'escalated' || h.action === 'de_escalated')
    text = t(`history.${h.action}`, { from: h.from, to: h.to });
  else if (h.action === 'handoff_note') text = t('history.handoff_note', { note: h.to });
  else if (h.action === 'linked' || h.action === 'unlinked' || h.action === 'merged')
    text = t(`history.${h.action}`, { kind: t(`link.${h.field}`), ticket: h.to ?? h.from });
  else text = t(`history.${h.action}`);
  return html`<li class="event"><b>${who}</b> ${text} <time title=${formatDate(h.at)}>${formatAgo(h.at)}</time></li>`;
}

/** Two letters for an avatar: the first of the first two words of a name. */
function initials(name) {
  const words = String(name ?? '?')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase();
}

/** One message as a card: who wrote it and how it came in; internal notes look unlike anything a client sees. */
function Comment({ c, files }) {
  const name = c.author.name ?? (c.author.kind === 'system' ? t('history.system') : '—');
  return html` <li class=${`comment ${c.public ? 'public' : 'internal'} author-${c.author.kind}`} data-comment=${c.id}>
    <span class="avatar" aria-hidden="true">${initials(name)}</span>
    <div class="comment-card">
      <div class="comment-head">
        <b>${name}</b>
        <span class="muted comment-channel">${t('ticket.via', { channel: t(`channel.${c.channel}`) })}</span>
        ${!c.public && html`<span class="badge internal-badge">${t('ticket.internal')}</span>`}
        <time title=${formatDate(c.createdAt)}>${formatAgo(c.createdAt)}</time>
      </div>
      ${c.cc.length > 0 && html`<div class="muted comment-cc">CC: ${c.cc.join(', ')}</div>`}
      <div class="comment-body">${c.body}</div>
      ${
        files.length > 0 &&
        html`<ul class="comment-files">
          ${files.map(
            (a) =>
              html`<li>
                <a href=${a.downloadUrl} download=${a.fileName}>${a.fileName}</a>${' '}
                <span class="muted">${formatBytes(a.size)}</span>
              </li>`,
          )}
        </ul>`
      }
    </div>
  </li>`;
}

function Attachments({ ticketId, items, onChange }) {
  const upload = useSubmit(async (/** @type {File} */ file) => {
    const form = new FormData();
    form.append('file', file);
    await api.upload(`/tickets/${ticketId}/attachments`, form);
    onChange();
  });
  const pick = (/** @type {File[]} */ files, /** @type {HTMLInputElement} */ input) => {
    if (!files[0]) return;
    // The input is emptied at once, so the same file can be chosen again after a failed upload.
    input.value = '';
    upload.run(files[0]);
  };
  return html` <div class="attachments">
    <h3>${t('ticket.attachments')}</h3>
    <ul>
      ${items.map((a) => html`<li><a href=${a.downloadUrl} download=${a.fileName}>${a.fileName}</a> <span class="muted">${formatBytes(a.size)}</span></li>`)}
    </ul>
    <${FilePicker}
      key=${items.length}
      name="file"
      label=${t('ticket.attach')}
      disabled=${upload.busy}
      onFiles=${pick}
    />
    <${ErrorBox} error=${upload.error} />
  </div>`;
}

/** The queue's tickets around this one, for `]` and `[`: the active queue as the queue page opens it. */
async function neighbour(id, step) {
  const page = await api.get('/tickets?status=active&sort=-created&limit=200');
  const ids = page.items.map((/** @type {{ id: number }} */ x) => x.id);
  const at = ids.indexOf(id);
  return at === -1 ? ids[0] : ids[at + step];
}

export function TicketPage({ id, agents, me }) {
  const { data, error, reload } = useData(() => loadTicket(id), [id]);
  // Under 900 px the details are a drawer over the conversation, so the composer keeps the screen.
  const [drawer, setDrawer] = useState(false);
  const [keyNotice, setKeyNotice] = useState('');
  const statusRef = useRef(/** @type {HTMLSelectElement | null} */ (null));
  // The key handler is bound once; it reads the ticket and the change of the latest render through these.
  const latest = useRef(/** @type {{ ticket: any, change: any }} */ ({ ticket: null, change: null }));
  useEffect(() => {
    setDrawer(false);
    setKeyNotice('');
  }, [id]);
  const teams = useData(() => api.get('/teams').then((r) => r.items), []).data ?? [];
  // A field changes at once when picked; the pickers wait while one change is sent, so none is lost.
  const change = useSubmit(async (/** @type {Record<string, unknown>} */ patch) => {
    await api.patch(`/tickets/${data.ticket.id}`, patch);
    reload();
  });
  latest.current = { ticket: data?.ticket ?? null, change };
  useEffect(() => {
    /** @param {KeyboardEvent} e */
    const onKey = (e) => {
      const target = /** @type {HTMLElement} */ (e.target);
      const { ticket, change: apply } = latest.current;
      if (!ticket || target.closest('input, textarea, select') || e.metaKey || e.ctrlKey || e.altKey) return;
      const composer = (/** @type {string} */ what) =>
        window.dispatchEvent(new CustomEvent('ondesk:composer', { detail: what }));
      if (e.key === 'a') {
        if (me && ticket.assigneeId !== me.id) apply.run({ assigneeId: me.id });
      } else if (e.key === 's') {
        setDrawer(true);
        requestAnimationFrame(() => statusRef.current?.focus());
      } else if (e.key === 'r') composer('reply');
      else if (e.key === 'n') composer('note');
      else if (e.key === 'm') composer('macro');
      else if (e.key === ']' || e.key === '[') {
        neighbour(ticket.id, e.key === ']' ? 1 : -1).then(
          (next) => (next ? navigate(`/tickets/${next}`) : setKeyNotice(t('ticket.noNext'))),
          () => setKeyNotice(t('ticket.noNext')),
        );
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [me]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<p class="muted">${t('common.loading')}</p>`;
  const { ticket } = data;
  const statuses = [ticket.status, ...ticket.allowedStatuses];
  return html` <section class="ticket">
    <header class="ticket-head">
      <div class="ticket-title">
        <span class="number">#${ticket.number}</span>
        <h1>${ticket.subject}</h1>
      </div>
      <div class="ticket-meta">
        <${StatusChip} status=${ticket.status} /> <${PriorityChip} priority=${ticket.priority} />
        <span class="muted"
          >${t(`type.${ticket.type}`)} · ${t(`channel.${ticket.channel}`)} · ${formatDate(ticket.createdAt)}</span
        >
        ${ticket.tags.map((tag) => html`<${Tag}>${tag}<//>`)} <${SlaBadge} ticket=${ticket} />
        <button
          type="button"
          class="details-toggle"
          aria-expanded=${drawer}
          aria-controls="ticket-side"
          onClick=${() => setDrawer(!drawer)}
        >
          ${t('ticket.showDetails')}
        </button>
      </div>
      ${keyNotice && html`<p class="muted" role="status">${keyNotice}</p>`}
    </header>
    <div class="ticket-body">
      <div class="ticket-main">
        <div class="description">${ticket.description}</div>
        ${seesTime(me) && html`<${TicketTimePanel} key=${ticket.id} ticket=${ticket} me=${me} agents=${agents} />`}
        <h3>${t('ticket.timeline')}</h3>
        <ol class="timeline">
          ${timeline(data).map((e) =>
            e.kind === 'comment'
              ? html`<${Comment} c=${e.c} files=${data.attachments.filter((a) => a.commentId === e.c.id)} />`
              : html`<${Event} h=${e.h} agents=${agents} teams=${teams} />`,
          )}
        </ol>
        <${Composer}
          key=${ticket.id}
          ticketId=${ticket.id}
          agents=${agents}
          me=${me}
          onSent=${reload}
          onPatch=${(/** @type {Record<string, unknown>} */ set) => change.run(set)}
        />
        <p class="muted key-hint">${t('ticket.keys')}</p>
      </div>
      ${drawer && html`<div class="drawer-backdrop" onClick=${() => setDrawer(false)}></div>`}
      <aside id="ticket-side" class=${`ticket-side${drawer ? ' open' : ''}`}>
        <button type="button" class="drawer-close" onClick=${() => setDrawer(false)}>${t('ticket.hideDetails')}</button>
        <${SlaPanel} ticket=${ticket} me=${me} onChanged=${reload} />
        <${EscalationPanel}
          key=${`${ticket.id}:${ticket.updatedAt}`}
          ticketId=${ticket.id}
          me=${me}
          agents=${agents}
          onChanged=${reload}
        />
        <${TicketLinks} ticketId=${ticket.id} onChanged=${reload} />
        <${SupportLinePanel} ticket=${ticket} me=${me} onChanged=${reload} />
        <h3>${t('ticket.details')}</h3>
        <${ErrorBox} error=${change.error} />
        <label
          >${t('field.status')}
          <select
            name="status"
            ref=${statusRef}
            value=${ticket.status}
            disabled=${change.busy}
            onChange=${(e) => change.run({ status: e.target.value })}
          >
            ${statuses.map((s) => html`<option value=${s}>${t(`status.${s}`)}</option>`)}
          </select></label
        >
        <label
          >${t('field.priority')}
          <select
            name="priority"
            value=${ticket.priority}
            disabled=${change.busy}
            onChange=${(e) => change.run({ priority: e.target.value })}
          >
            ${['P1', 'P2', 'P3', 'P4'].map((p) => html`<option value=${p}>${t(`priority.${p}`)}</option>`)}
          </select></label
        >
        <label
          >${t('field.type')}
          <select
            name="type"
            value=${ticket.type}
            disabled=${change.busy}
            onChange=${(e) => change.run({ type: e.target.value })}
          >
            ${['incident', 'request', 'question', 'change'].map((v) => html`<option value=${v}>${t(`type.${v}`)}</option>`)}
          </select></label
        >
        <label
          >${t('field.assignee')}
          <select
            name="assigneeId"
            value=${ticket.assigneeId ?? ''}
            disabled=${change.busy}
            onChange=${(e) => change.run({ assigneeId: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">${t('ticket.unassigned')}</option>
            ${agents.filter((a) => a.active).map((a) => html`<option value=${a.id}>${a.name}</option>`)}
          </select></label
        >
        ${me && ticket.assigneeId !== me.id && html`<button class="link" disabled=${change.busy} onClick=${() => change.run({ assigneeId: me.id })}>${t('ticket.assignMe')}</button>`}
        <label
          >${t('field.team')}
          <select
            name="teamId"
            value=${ticket.teamId ?? ''}
            disabled=${change.busy}
            onChange=${(e) => change.run({ teamId: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">${t('team.noTeam')}</option>
            ${teams.filter((tm) => tm.active || tm.id === ticket.teamId).map((tm) => html`<option value=${tm.id}>${tm.name}</option>`)}
          </select></label
        >
        <dl>
          <dt>${t('field.organization')}</dt>
          <dd><a href=${`/organizations/${ticket.organizationId}`}>${ticket.organizationName}</a></dd>
          <dt>${t('field.contact')}</dt>
          <dd>${ticket.contactName ?? '—'}</dd>
          <dt>${t('field.updated')}</dt>
          <dd>${formatDate(ticket.updatedAt)}</dd>
        </dl>
        ${may(me, 'survey.read') && html`<${TicketSatisfaction} ticketId=${ticket.id} status=${ticket.status} />`}
        <${Attachments}
          ticketId=${ticket.id}
          items=${data.attachments.filter((a) => a.commentId === null)}
          onChange=${reload}
        />
      </aside>
    </div>
  </section>`;
}
