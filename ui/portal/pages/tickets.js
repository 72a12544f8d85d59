import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { ErrorAlert, html, Loading, PageHeading, PriorityChip, StatusChip, useLoad } from '../components.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n.js';
import { navigate, param } from '../router.js';

const tabs = ['open', 'closed', 'all'];

/**
 * The contact's requests (or the organization's, as its visibility allows): status tabs and a search, both in
 * the address so a reload or a shared link shows the same list. Cards on a phone, a table on a wide screen.
 * @param {{ search: string, me: import('../main.js').Me }} props
 */
export function TicketsPage({ search, me }) {
  const status = tabs.includes(param(search, 'status')) ? param(search, 'status') : 'open';
  const q = param(search, 'q');
  const [draft, setDraft] = useState(q);
  const [more, setMore] = useState(/** @type {{ items: any[], nextCursor: string | null } | null} */ (null));
  const [moreError, setMoreError] = useState(/** @type {unknown} */ (null));
  const list = useLoad(() => api.get(`/tickets${query({ status, q, limit: 25 })}`), [status, q]);
  useEffect(() => setMore(null), [status, q]);
  // Back and forward change the search in the address: the box follows it.
  useEffect(() => setDraft(q), [q]);

  const items = [...(list.data?.items ?? []), ...(more?.items ?? [])];
  const nextCursor = more ? more.nextCursor : list.data?.nextCursor;
  const loadMore = () =>
    api
      .get(`/tickets${query({ status, q, limit: 25, cursor: nextCursor })}`)
      .then(
        (page) => setMore({ items: [...(more?.items ?? []), ...page.items], nextCursor: page.nextCursor }),
        setMoreError,
      );
  /** @param {Record<string, string>} change */
  const linkTo = (change) => `/portal/${query({ status: status === 'open' ? '' : status, q, ...change })}`;
  // Who asked matters once the list holds others' requests (the organization's visibility, a supervisor).
  const showRequester =
    me.visibility !== 'own' || items.some((ticket) => ticket.requester && ticket.requester.id !== me.contact.id);

  return html`<section class="page">
    <div class="page-head">
      <${PageHeading}>${t('tickets.title')}<//>
      <a class="button primary" href="/portal/tickets/new">${t('tickets.new')}</a>
    </div>
    <div class="toolbar">
      <nav aria-label=${t('tickets.statusFilter')}>
        <ul class="tabs">
          ${tabs.map(
            (tab) =>
              html`<li>
                <a
                  href=${linkTo({ status: tab === 'open' ? '' : tab })}
                  class=${tab === status ? 'active' : ''}
                  aria-current=${tab === status ? 'page' : undefined}
                  >${t(`tickets.tab.${tab}`)}</a
                >
              </li>`,
          )}
        </ul>
      </nav>
      <form
        class="search"
        role="search"
        onSubmit=${(e) => {
          e.preventDefault();
          // The field's own value: what is in the box is what is searched, whatever the last render saw.
          const value = new FormData(/** @type {HTMLFormElement} */ (e.currentTarget)).get('q');
          navigate(linkTo({ q: String(value ?? '').trim() }));
        }}
      >
        <label for="ticket-search" class="visually-hidden">${t('tickets.search')}</label>
        <input
          id="ticket-search"
          type="search"
          name="q"
          placeholder=${t('tickets.searchPlaceholder')}
          value=${draft}
          onInput=${(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit">${t('tickets.find')}</button>
      </form>
    </div>
    <${ErrorAlert} error=${list.error} />
    ${
      list.loading && !list.data
        ? html`<${Loading} />`
        : list.data && items.length === 0
          ? html`<${EmptyList} status=${status} q=${q} clear=${linkTo({ q: '' })} />`
          : html`<ul class="ticket-cards">
                ${items.map(
                  (ticket) =>
                    html`<li class="ticket-card">
                      <a href=${`/portal/tickets/${ticket.id}`}>
                        <span class="card-top">
                          <span class="number">#${ticket.number}</span>
                          <${StatusChip} status=${ticket.status} />
                          <${PriorityChip} priority=${ticket.priority} />
                        </span>
                        <span class="subject">${ticket.subject}</span>
                        <span class="card-meta">
                          ${ticket.service ? html`<span>${ticket.service.name}</span>` : null}
                          ${showRequester && ticket.requester ? html`<span>${ticket.requester.name}</span>` : null}
                          <span>${t('tickets.updated')} ${formatDateTime(ticket.updatedAt)}</span>
                        </span>
                      </a>
                    </li>`,
                )}
              </ul>
              <table class="ticket-table">
                <caption class="visually-hidden">
                  ${t(`tickets.tab.${status}`)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t('tickets.col.number')}</th>
                    <th scope="col">${t('tickets.col.subject')}</th>
                    <th scope="col">${t('tickets.col.status')}</th>
                    <th scope="col">${t('tickets.col.priority')}</th>
                    <th scope="col">${t('tickets.col.service')}</th>
                    ${showRequester ? html`<th scope="col">${t('tickets.col.requester')}</th>` : null}
                    <th scope="col">${t('tickets.col.updated')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${items.map(
                    (ticket) =>
                      html`<tr>
                        <td class="number">#${ticket.number}</td>
                        <td class="subject"><a href=${`/portal/tickets/${ticket.id}`}>${ticket.subject}</a></td>
                        <td><${StatusChip} status=${ticket.status} /></td>
                        <td><${PriorityChip} priority=${ticket.priority} /></td>
                        <td class="clip"><span title=${ticket.service?.name}>${ticket.service?.name ?? '—'}</span></td>
                        ${showRequester ? html`<td class="clip"><span title=${ticket.requester?.name}>${ticket.requester?.name ?? '—'}</span></td>` : null}
                        <td class="nowrap">${formatDateTime(ticket.updatedAt)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
              <${ErrorAlert} error=${moreError} />
              ${
                nextCursor
                  ? html`<div class="more">
                      <button type="button" onClick=${loadMore}>${t('tickets.more')}</button>
                    </div>`
                  : null
              }`
    }
  </section>`;
}

/** What to do when the list is empty: file a request, or search differently. */
function EmptyList({ status, q, clear }) {
  // "Your first request" only to a contact with none at all: asked once, and only when a tab is empty.
  const [none, setNone] = useState(status === 'all');
  useEffect(() => {
    if (q || status === 'all') return;
    api.get('/tickets?status=all&limit=1').then(
      (r) => setNone(r.items.length === 0),
      () => {},
    );
  }, [status, q]);
  if (q)
    return html`<div class="empty">
      <p><strong>${t('tickets.emptySearch', { q })}</strong></p>
      <p>${t('tickets.emptySearchHint')}</p>
      <a class="button" href=${clear}>${t('tickets.clearSearch')}</a>
    </div>`;
  return html`<div class="empty">
    <p><strong>${t(`tickets.empty.${status}`)}</strong></p>
    <p>${t(none ? 'tickets.emptyFirstHint' : 'tickets.emptyHint')}</p>
    <a class="button primary" href="/portal/tickets/new">${t(none ? 'tickets.createFirst' : 'tickets.create')}</a>
  </div>`;
}
