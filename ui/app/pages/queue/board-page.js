import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api, query } from '../../api.js';
import { loadMessages, t } from '../../i18n.js';
import { navigate } from '../../router.js';
import { PriorityChip } from '../../components/chips.js';
import { ErrorBox } from '../../components/error.js';
import { loadStyles } from '../../components/lazy.js';

await Promise.all([loadMessages('queue'), loadStyles('/app/styles/queue.css')]);

/** The queue filters a board shares (free text stays with the queue). */
const FILTER_KEYS = ['groupBy', 'status', 'priority', 'type', 'assigneeId', 'teamId', 'organizationId', 'tag'];

/**
 * The change a drop asks for: another column changes the assignee (or team), another row the status. Null when
 * the card came back to where it was.
 */
export function dropChange(groupBy, card, from, to) {
  const patch = {};
  if (from.column !== to.column) patch[groupBy === 'team' ? 'teamId' : 'assigneeId'] = to.column;
  if (from.status !== to.status) patch.status = to.status;
  return Object.keys(patch).length ? patch : null;
}

/** Moves a card between cells of a board in memory (the optimistic move; the old board is kept to snap back). */
function moveCard(board, cardId, from, to) {
  let moved = null;
  const columns = board.columns.map((col) => ({
    ...col,
    cells: col.cells.map((cell) => {
      if (col.id === from.column && cell.status === from.status) {
        moved = cell.cards.find((c) => c.id === cardId) ?? moved;
        return { ...cell, count: cell.count - 1, cards: cell.cards.filter((c) => c.id !== cardId) };
      }
      return cell;
    }),
  }));
  if (!moved) return board;
  const card = { ...moved, status: to.status };
  return {
    ...board,
    columns: columns.map((col) => {
      const wip = col.wip + (col.id === to.column ? 1 : 0) - (col.id === from.column ? 1 : 0);
      return {
        ...col,
        wip,
        cells: col.cells.map((cell) =>
          col.id === to.column && cell.status === to.status
            ? { ...cell, count: cell.count + 1, cards: [card, ...cell.cards] }
            : cell,
        ),
      };
    }),
  };
}

const cellOf = (el) => {
  const cell = el?.closest?.('[data-cell]');
  if (!cell) return null;
  const column = cell.dataset.column === '' ? null : Number(cell.dataset.column);
  return { column, status: cell.dataset.status };
};

/** The cell under the pointer, looking through the card being dragged. */
const cellAt = (x, y, dragged) => cellOf(document.elementsFromPoint(x, y).find((el) => !dragged.contains(el)) ?? null);

/**
 * Kanban: engineers (or teams) across, statuses down, a card per ticket. Dragging a card (mouse, pen or finger:
 * pointer events) changes the assignee or the status through the same PATCH as the ticket page, so the state
 * machine and the policies decide; a refused move snaps back and says why.
 */
export function BoardPage({ search }) {
  const params = new URLSearchParams(search);
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) || '']));
  const groupBy = filters.groupBy || 'assignee';
  const [board, setBoard] = useState(null);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [drag, setDrag] = useState(null);
  const dragRef = useRef(null);
  const boardRef = useRef(board);
  boardRef.current = board;

  const load = () =>
    api.get(`/board?${query({ ...filters, groupBy })}`).then(
      (b) => {
        setBoard(b);
        setError(null);
      },
      (err) => setError(err),
    );
  useEffect(() => {
    load();
  }, [search]);

  const setFilter = (key, value) => navigate(`/board?${query({ ...filters, [key]: value })}`);

  const onPointerDown = (e, card) => {
    if (e.button !== 0) return;
    const from = cellOf(e.currentTarget);
    dragRef.current = { card, from, x: e.clientX, y: e.clientY, el: e.currentTarget, moved: false };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e) => {
    const d = dragRef.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < 6) return;
    d.moved = true;
    d.el.style.transform = `translate(${dx}px, ${dy}px)`;
    d.el.classList.add('dragging');
    const over = cellAt(e.clientX, e.clientY, d.el);
    setDrag(over ? `${over.column}:${over.status}` : null);
  };
  const onPointerUp = async (e) => {
    const d = dragRef.current;
    dragRef.current = null;
    setDrag(null);
    if (!d) return;
    d.el.style.transform = '';
    d.el.classList.remove('dragging');
    if (!d.moved) {
      navigate(`/tickets/${d.card.id}`);
      return;
    }
    const to = cellAt(e.clientX, e.clientY, d.el);
    if (!to) return;
    const patch = dropChange(groupBy, d.card, d.from, to);
    if (!patch) return;
    const before = boardRef.current;
    setBoard(moveCard(before, d.card.id, d.from, to));
    setNotice(null);
    try {
      await api.patch(`/tickets/${d.card.id}`, patch);
      load();
    } catch (err) {
      setBoard(before);
      setNotice(t('board.refused', { number: d.card.number, reason: err.message }));
    }
  };

  const columnName = (col) => col.name ?? t(groupBy === 'team' ? 'board.noTeam' : 'board.unassigned');
  const empty = board && board.columns.every((c) => c.wip === 0);
  return html`<section class="board-page">
    <div class="board-head">
      <h1>${t('board.title')}</h1>
      <label class="filter"
        >${t('board.groupBy')}
        <select name="groupBy" value=${groupBy} onChange=${(e) => setFilter('groupBy', e.target.value)}>
          <option value="assignee">${t('board.byAssignee')}</option>
          <option value="team">${t('board.byTeam')}</option>
        </select>
      </label>
      <a class="button" href=${`/tickets?${query({ ...filters, groupBy: '' })}`}>${t('board.asList')}</a>
    </div>
    <p class="muted">${t('board.lead')}</p>
    <${ErrorBox} error=${error} />
    ${notice && html`<div class="error board-notice" role="alert">${notice}</div>`}
    ${!board && !error && html`<p class="muted">${t('common.loading')}</p>`}
    ${empty && html`<p class="empty">${t('board.empty')} <a href="/tickets/new">${t('queue.create')}</a></p>`}
    ${
      board &&
      html`<div class="board" role="grid" aria-label=${t('board.title')}>
        ${board.columns.map(
          (col) =>
            html`<div class="board-column" role="row" data-column-id=${col.id ?? ''}>
              <h2 class="board-column-head">
                <span>${columnName(col)}</span>
                <span class="wip" title=${t('board.wip')}>${col.wip}</span>
              </h2>
              ${col.cells.map(
                (cell) =>
                  html`<div
                    class=${`board-cell ${drag === `${col.id}:${cell.status}` ? 'drop-target' : ''}`}
                    role="gridcell"
                    data-cell
                    data-column=${col.id ?? ''}
                    data-status=${cell.status}
                  >
                    <div class="board-cell-head">
                      <span>${t(`status.${cell.status}`)}</span><span class="count">${cell.count}</span>
                    </div>
                    ${cell.cards.map(
                      (card) =>
                        html`<div
                          class=${`board-card sla-${card.slaState}`}
                          data-ticket=${card.id}
                          tabindex="0"
                          onPointerDown=${(e) => onPointerDown(e, card)}
                          onPointerMove=${onPointerMove}
                          onPointerUp=${onPointerUp}
                          onPointerCancel=${onPointerUp}
                          onKeyDown=${(e) => e.key === 'Enter' && navigate(`/tickets/${card.id}`)}
                        >
                          <div class="board-card-top">
                            <span class="muted">#${card.number}</span><${PriorityChip} priority=${card.priority} />
                          </div>
                          <div class="board-card-subject">${card.subject}</div>
                          <div class="muted board-card-org">${card.organizationName}</div>
                        </div>`,
                    )}
                    ${
                      cell.count > cell.cards.length &&
                      html`<a
                        class="more"
                        href=${`/tickets?${query({ status: cell.status, [groupBy === 'team' ? 'teamId' : 'assigneeId']: col.id ?? 'none' })}`}
                        >${t('board.more', { n: cell.count - cell.cards.length })}</a
                      >`
                    }
                  </div>`,
              )}
            </div>`,
        )}
      </div>`
    }
  </section>`;
}
