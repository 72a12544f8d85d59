import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { formatAgo, formatBytes, formatDate } from '../format.js';
import { PriorityChip, StatusChip, Tag } from '../components/chips.js';
import { ErrorBox } from '../components/error.js';
import { useSubmit } from '../components/use-submit.js';
import { useData } from '../components/use-data.js';
import { SlaBadge } from '../components/sla.js';
import { lazyPage } from '../components/lazy.js';
import { may } from '../session.js';

// The SLA panel (countdown, deadlines, explanation, manual deadline) loads with the first ticket opened.
const SlaPanel = lazyPage(() => import('../components/sla-panel.js'), 'SlaPanel');
// The time panel (timer, worklogs, hour package) loads with the first ticket opened by someone who sees time.
const TicketTimePanel = lazyPage(() => import('../time/ticket-time-panel.js'), 'TicketTimePanel');
// The contact's satisfaction score, once a survey went out, loads with the first ticket that shows it.
const TicketSatisfaction = lazyPage(() => import('../components/satisfaction.js'), 'TicketSatisfaction');
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
  else text = t(`history.${h.action}`);
  return html`<li class="event"><b>${who}</b> ${text} <time title=${formatDate(h.at)}>${formatAgo(h.at)}</time></li>`;
}

function Comment({ c }) {
  return html` <li class=${`comment ${c.public ? 'public' : 'internal'}`}>
    <div class="comment-head">
      <b>${c.author.name ?? '—'}</b>${!c.public && html` <span class="badge">${t('ticket.internal')}</span>`}
      <time title=${formatDate(c.createdAt)}>${formatAgo(c.createdAt)}</time>
    </div>
    <div class="comment-body">${c.body}</div>
  </li>`;
}

function Composer({ ticketId, onSent }) {
  const [isPublic, setPublic] = useState(true);
  const [body, setBody] = useState('');
  const send = useSubmit(async () => {
    if (!body.trim()) return;
    await api.post(`/tickets/${ticketId}/comments`, { body, public: isPublic });
    setBody('');
    onSent();
  });
  return html` <form class=${`composer ${isPublic ? 'public' : 'internal'}`} onSubmit=${send.onSubmit}>
    <div class="tabs">
      <button type="button" class=${isPublic ? 'active' : ''} onClick=${() => setPublic(true)}>
        ${t('ticket.reply')}
      </button>
      <button type="button" class=${!isPublic ? 'active' : ''} onClick=${() => setPublic(false)}>
        ${t('ticket.note')}
      </button>
    </div>
    <textarea
      name="body"
      rows="4"
      value=${body}
      onInput=${(e) => setBody(e.target.value)}
      onKeyDown=${(e) => e.key === 'Enter' && (e.ctrlKey || e.metaKey) && send.onSubmit(e)}
      placeholder=${isPublic ? t('ticket.replyPlaceholder') : t('ticket.notePlaceholder')}
    ></textarea>
    <${ErrorBox} error=${send.error} />
    <div class="composer-actions">
      <span class="muted">Ctrl+Enter</span>
      <button class="primary" type="submit" disabled=${send.busy || !body.trim()}>
        ${isPublic ? t('ticket.send') : t('ticket.sendNote')}
      </button>
    </div>
  </form>`;
}

function Attachments({ ticketId, items, onChange }) {
  const upload = useSubmit(async (/** @type {File} */ file) => {
    const form = new FormData();
    form.append('file', file);
    await api.upload(`/tickets/${ticketId}/attachments`, form);
    onChange();
  });
  const pick = (e) => {
    const file = e.target.files[0];
    if (!file) return;
    // The input is emptied at once, so the same file can be chosen again after a failed upload.
    e.target.value = '';
    upload.run(file);
  };
  return html` <div class="attachments">
    <h3>${t('ticket.attachments')}</h3>
    <ul>
      ${items.map((a) => html`<li><a href=${a.downloadUrl} download=${a.fileName}>${a.fileName}</a> <span class="muted">${formatBytes(a.size)}</span></li>`)}
    </ul>
    <label class="upload"
      >${t('ticket.attach')}<input type="file" name="file" disabled=${upload.busy} onChange=${pick}
    /></label>
    <${ErrorBox} error=${upload.error} />
  </div>`;
}

export function TicketPage({ id, agents, me }) {
  const { data, error, reload } = useData(() => loadTicket(id), [id]);
  const teams = useData(() => api.get('/teams').then((r) => r.items), []).data ?? [];
  // A field changes at once when picked; the pickers wait while one change is sent, so none is lost.
  const change = useSubmit(async (/** @type {Record<string, unknown>} */ patch) => {
    await api.patch(`/tickets/${data.ticket.id}`, patch);
    reload();
  });
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
      </div>
    </header>
    <div class="ticket-body">
      <div class="ticket-main">
        <div class="description">${ticket.description}</div>
        ${seesTime(me) && html`<${TicketTimePanel} key=${ticket.id} ticket=${ticket} me=${me} agents=${agents} />`}
        <h3>${t('ticket.timeline')}</h3>
        <ol class="timeline">
          ${timeline(data).map((e) => (e.kind === 'comment' ? html`<${Comment} c=${e.c} />` : html`<${Event} h=${e.h} agents=${agents} teams=${teams} />`))}
        </ol>
        <${Composer} ticketId=${ticket.id} onSent=${reload} />
      </div>
      <aside class="ticket-side">
        <${SlaPanel} ticket=${ticket} me=${me} onChanged=${reload} />
        <h3>${t('ticket.details')}</h3>
        <${ErrorBox} error=${change.error} />
        <label
          >${t('field.status')}
          <select
            name="status"
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
        <${Attachments} ticketId=${ticket.id} items=${data.attachments} onChange=${reload} />
      </aside>
    </div>
  </section>`;
}
