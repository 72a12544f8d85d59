import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query } from '../api.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { formatAgo, formatDate } from '../format.js';
import { PriorityChip, StatusChip } from '../components/chips.js';
import { ErrorBox } from '../components/error.js';
import { SlaCountdown } from '../components/sla.js';
import { QueueTimerMark } from '../time/queue-timer-mark.js';
import { loadStyles } from '../components/lazy.js';

/** The bulk bar and its words load with the first ticked ticket. */
const loadBulk = () => import('./queue/bulk-bar.js');

const STATUSES = ['active', 'new', 'open', 'in_progress', 'waiting_for_client', 'on_approval', 'resolved', 'closed'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
const TYPES = ['incident', 'request', 'question', 'change'];
const FILTER_KEYS = ['status', 'priority', 'type', 'assigneeId', 'teamId', 'organizationId', 'q', 'sort'];
const SORTS = {
  number: 'number',
  subject: null,
  organization: null,
  status: null,
  priority: 'priority',
  sla: 'due',
  assignee: null,
  updated: 'updated',
};
const COLUMNS = ['number', 'subject', 'organization', 'status', 'priority', 'sla', 'assignee', 'updated'];
/** The orders offered in the sort picker; a column header sorts too. */
const SORT_OPTIONS = ['due', '-created', '-updated', 'priority', '-number'];
/** Refresh of the countdowns: the server's business minutes, so the page asks again rather than counting. */
const REFRESH_MS = 60_000;

/** Working views (active tickets) are worked by the nearest deadline; everything else newest first. */
const defaultSort = (filters) => (filters.status === 'active' ? 'due' : '-created');

function filtersFromSearch(search) {
  const p = new URLSearchParams(search);
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, p.get(k) || '']));
}

export function QueuePage({ search, agents, organizations }) {
  // The queue's own layout (cards on narrow screens, the bulk bar), fetched when the queue first shows (not with
  // the sign-in page); not awaited: the table shows meanwhile. Loaded once (loadStyles keeps it).
  loadStyles('/app/styles/queue.css');
  const filters = filtersFromSearch(search);
  const [page, setPage] = useState({ items: [], nextCursor: null });
  const [error, setError] = useState(null);
  const [loading, setLoading] = useState(true);
  const [selected, setSelected] = useState(0);
  const [text, setText] = useState(filters.q);
  const [teams, setTeams] = useState([]);
  const tableRef = useRef(null);
  const [checked, setChecked] = useState(/** @type {Set<number>} */ (new Set()));
  const lastChecked = useRef(-1);
  const [bulk, setBulk] = useState(/** @type {any} */ (null));
  const [bulkResult, setBulkResult] = useState(null);
  /** Whether the desk has any ticket at all: an empty fresh desk says how to start, not "no match". */
  const [deskEmpty, setDeskEmpty] = useState(false);
  const sentinel = useRef(null);
  useEffect(() => {
    api.get('/teams').then(
      (r) => setTeams(r.items),
      (err) => setError(err),
    );
  }, []);

  const load = async (cursor) => {
    setLoading(true);
    try {
      const res = await api.get(
        `/tickets?${query({ ...filters, sort: filters.sort || defaultSort(filters), limit: 50, cursor })}`,
      );
      setPage((prev) => (cursor ? { items: [...prev.items, ...res.items], nextCursor: res.nextCursor } : res));
      setError(null);
      if (!cursor && res.items.length === 0) setDeskEmpty((await api.get('/tickets?limit=1')).items.length === 0);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    setSelected(0);
    setText(filters.q);
    setChecked(new Set());
    load();
  }, [search]);

  // More rows as the end of the list scrolls into view (a margin ahead, so scrolling rarely waits).
  const loadingRef = useRef(false);
  loadingRef.current = loading;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !page.nextCursor) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !loadingRef.current) load(page.nextCursor);
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [page.nextCursor]);

  useEffect(() => {
    if (checked.size > 0 && !bulk) loadBulk().then(setBulk, setError);
  }, [checked.size > 0]);
  /** Ticks or unticks a row; with Shift, every row from the last ticked one to this one. */
  const toggle = (i, shift) => {
    const next = new Set(checked);
    const on = !checked.has(page.items[i].id);
    const [from, to] =
      shift && lastChecked.current >= 0 ? [Math.min(lastChecked.current, i), Math.max(lastChecked.current, i)] : [i, i];
    for (let k = from; k <= to; k++) {
      if (on) next.add(page.items[k].id);
      else next.delete(page.items[k].id);
    }
    lastChecked.current = i;
    setChecked(next);
  };
  const allChecked = page.items.length > 0 && page.items.every((tk) => checked.has(tk.id));

  // The countdowns move with business time: the shown rows are asked for again every minute (not while hidden).
  const shown = useRef(0);
  shown.current = page.items.length;
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState !== 'visible' || shown.current === 0) return;
      api
        .get(
          `/tickets?${query({ ...filters, sort: filters.sort || defaultSort(filters), limit: Math.min(200, shown.current) })}`,
        )
        .then(
          (res) =>
            setPage((prev) => (prev.items.length <= 200 ? { items: res.items, nextCursor: res.nextCursor } : prev)),
          (err) => setError(err),
        );
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [search]);

  const setFilter = (key, value) => {
    const next = { ...filters, [key]: value };
    navigate(`/tickets?${query(next)}`);
  };
  const sortBy = (column) => {
    const key = SORTS[column];
    if (!key) return;
    const current = filters.sort || defaultSort(filters);
    setFilter('sort', current === key ? `-${key}` : key);
  };
  const sortMark = (column) => {
    const key = SORTS[column];
    const current = filters.sort || defaultSort(filters);
    if (!key) return '';
    return current === key ? ' ▲' : current === `-${key}` ? ' ▼' : '';
  };

  // j/k and arrows move, Enter opens; the global shortcuts live in main.js
  useEffect(() => {
    const onKey = (e) => {
      if (e.target.closest('input, textarea, select') || e.metaKey || e.ctrlKey || e.altKey) return;
      const n = page.items.length;
      if (!n) return;
      if (e.key === 'j' || e.key === 'ArrowDown') setSelected((s) => Math.min(n - 1, s + 1));
      else if (e.key === 'k' || e.key === 'ArrowUp') setSelected((s) => Math.max(0, s - 1));
      else if (e.key === 'Enter' || e.key === 'o') navigate(`/tickets/${page.items[selected].id}`);
      // x ticks the row under the cursor for a bulk change (with Shift: the range from the last ticked one).
      else if (e.key === 'x' || e.key === 'X') toggle(selected, e.shiftKey);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [page, selected, checked]);
  useEffect(() => {
    tableRef.current?.querySelector('tr.selected')?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const select = (key, values, label, render) =>
    html` <label class="filter"
      >${label}
      <select value=${filters[key]} onChange=${(e) => setFilter(key, e.target.value)} name=${key}>
        <option value="">${t('filter.any')}</option>
        ${values.map((v) => html`<option value=${v}>${render(v)}</option>`)}
      </select>
    </label>`;

  return html` <section class="queue">
    <form
      class="filters"
      onSubmit=${(e) => {
        e.preventDefault();
        setFilter('q', text.trim());
      }}
    >
      <input
        class="filter-text"
        name="q"
        placeholder=${t('filter.text')}
        value=${text}
        onInput=${(e) => setText(e.target.value)}
      />
      ${select('status', STATUSES, t('field.status'), (s) => t(`status.${s}`))}
      ${select('priority', PRIORITIES, t('field.priority'), (p) => p)}
      ${select('type', TYPES, t('field.type'), (v) => t(`type.${v}`))}
      <label class="filter"
        >${t('field.assignee')}
        <select
          name="assigneeId"
          value=${filters.assigneeId}
          onChange=${(e) => setFilter('assigneeId', e.target.value)}
        >
          <option value="">${t('filter.any')}</option>
          <option value="me">${t('filter.me')}</option>
          <option value="none">${t('filter.none')}</option>
          ${agents.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
        </select>
      </label>
      <label class="filter"
        >${t('field.team')}
        <select name="teamId" value=${filters.teamId} onChange=${(e) => setFilter('teamId', e.target.value)}>
          <option value="">${t('filter.any')}</option>
          <option value="mine">${t('team.mine')}</option>
          <option value="none">${t('team.none')}</option>
          ${teams.map((tm) => html`<option value=${tm.id}>${tm.name}</option>`)}
        </select>
      </label>
      <label class="filter"
        >${t('field.organization')}
        <select
          name="organizationId"
          value=${filters.organizationId}
          onChange=${(e) => setFilter('organizationId', e.target.value)}
        >
          <option value="">${t('filter.any')}</option>
          ${organizations.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
        </select>
      </label>
      ${FILTER_KEYS.some((k) => k !== 'sort' && filters[k]) && html`<a class="clear" href="/tickets">${t('filter.clear')}</a>`}
    </form>
    <${ErrorBox} error=${error} />
    <div class="queue-bar">
      <span class="muted" role="status"
        >${loading && page.items.length === 0 ? t('common.loading') : t('queue.count', { n: page.items.length })}</span
      >
      <a
        class="board-link"
        href=${`/board?${query(Object.fromEntries(['status', 'priority', 'type', 'assigneeId', 'teamId', 'organizationId'].map((k) => [k, filters[k]])))}`}
        >${t('nav.board')}</a
      >
      <label class="sort-picker"
        >${t('queue.sort')}
        <select
          name="sort"
          value=${filters.sort || defaultSort(filters)}
          onChange=${(e) => setFilter('sort', e.target.value === defaultSort(filters) ? '' : e.target.value)}
        >
          ${[...new Set([...SORT_OPTIONS, filters.sort || defaultSort(filters)])].map((v) => html`<option value=${v}>${t(`queue.sort.${v}`)}</option>`)}
        </select>
      </label>
    </div>
    ${bulk && html`<${bulk.BulkResult} result=${bulkResult} onClose=${() => setBulkResult(null)} />`}
    ${
      bulk &&
      checked.size > 0 &&
      html`<${bulk.BulkBar}
        key=${[...checked].join(',')}
        tickets=${page.items.filter((tk) => checked.has(tk.id))}
        agents=${agents}
        teams=${teams}
        onDone=${(result) => {
          setBulkResult(result);
          setChecked(new Set());
          load();
        }}
        onClear=${() => setChecked(new Set())}
      />`
    }
    <div class="table-wrap">
      <table class="grid queue-grid" ref=${tableRef}>
        <thead>
          <tr>
            <th class="col-check">
              <input
                type="checkbox"
                aria-label=${t('queue.selectAll')}
                checked=${allChecked}
                onChange=${() => setChecked(allChecked ? new Set() : new Set(page.items.map((tk) => tk.id)))}
              />
            </th>
            ${COLUMNS.map(
              (c) =>
                html`<th
                  class=${`col-${c} ${SORTS[c] ? 'sortable' : ''}`}
                  title=${c === 'sla' ? t('queue.slaHint') : undefined}
                  aria-sort=${sortMark(c) ? (sortMark(c) === ' ▲' ? 'ascending' : 'descending') : undefined}
                >
                  ${SORTS[c] ? html`<button type="button" class="th-sort" onClick=${() => sortBy(c)}>${t(`field.${c}`)}${sortMark(c)}</button>` : t(`field.${c}`)}
                </th>`,
            )}
          </tr>
        </thead>
        <tbody>
          ${page.items.map(
            (tk, i) =>
              html` <tr
                class=${`${i === selected ? 'selected' : ''} ${checked.has(tk.id) ? 'checked' : ''}`}
                onClick=${() => setSelected(i)}
                onDblClick=${() => navigate(`/tickets/${tk.id}`)}
              >
                <td class="col-check">
                  <input
                    type="checkbox"
                    name="pick"
                    value=${tk.id}
                    aria-label=${t('queue.select', { n: tk.number })}
                    checked=${checked.has(tk.id)}
                    onClick=${(e) => {
                      e.stopPropagation();
                      e.preventDefault();
                      toggle(i, e.shiftKey);
                    }}
                  />
                </td>
                <td class="col-number">${tk.number}<${QueueTimerMark} ticketId=${tk.id} /></td>
                <td class="col-subject"><a href=${`/tickets/${tk.id}`}>${tk.subject}</a></td>
                <td class="col-organization">${tk.organizationName}</td>
                <td class="col-status"><${StatusChip} status=${tk.status} /></td>
                <td class="col-priority"><${PriorityChip} priority=${tk.priority} /></td>
                <td class="col-sla"><${SlaCountdown} ticket=${tk} /></td>
                <td class="col-assignee">${tk.assigneeName || html`<span class="muted">—</span>`}</td>
                <td class="col-updated" title=${formatDate(tk.updatedAt)}>${formatAgo(tk.updatedAt)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${
        !loading &&
        page.items.length === 0 &&
        (deskEmpty
          ? html`<div class="empty first-run">
              <p>${t('queue.firstRun')}</p>
              <p class="actions">
                <a class="button primary" href="/tickets/new">${t('queue.create')}</a>
                <a class="button" href="/inbound">${t('queue.connectMail')}</a>
              </p>
            </div>`
          : html`<p class="empty">${t('queue.empty')}</p>`)
      }
    </div>
    ${
      page.nextCursor &&
      html`<div class="queue-footer" ref=${sentinel}>
        ${loading ? t('common.loading') : html`<button class="link" onClick=${() => load(page.nextCursor)}>${t('queue.more')}</button>`}
      </div>`
    }
  </section>`;
}
