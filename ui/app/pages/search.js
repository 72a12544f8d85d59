import { html } from '../html.js';
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { t } from '../i18n.js';
import { formatDay } from '../format.js';
import { ErrorBox } from '../components/error.js';
import { useData } from '../components/use-data.js';

const KINDS = ['ticket', 'comment', 'organization', 'contact'];
const PAGE = 50;
const hrefOf = (hit) => (hit.ticketId ? `/tickets/${hit.ticketId}` : `/organizations/${hit.organizationId}`);

/** Status, client and date of a hit: what tells two tickets with the same words apart. */
function HitFacts({ hit }) {
  const client = hit.kind !== 'organization' && hit.organizationName;
  return html`<div class="hit-facts">
    ${hit.status && html`<span class=${`chip status-${hit.status}`}>${t(`status.${hit.status}`)}</span>`}
    ${client && html`<span class="hit-client">${client}</span>`}
    ${hit.createdAt && html`<time datetime=${hit.createdAt}>${formatDay(hit.createdAt)}</time>`}
  </div>`;
}

export function SearchPage({ search }) {
  const q = new URLSearchParams(search).get('q') || '';
  const { data, error, loading } = useData(
    () => (q ? api.get(`/search?${query({ q, limit: PAGE })}`) : Promise.resolve({ items: [], nextCursor: null })),
    [q],
  );
  // Older matches, page by page: every match can be reached, the first page stays quick.
  const [more, setMore] = useState({ items: [], cursor: null, loading: false, error: null });
  useEffect(() => setMore({ items: [], cursor: data?.nextCursor ?? null, loading: false, error: null }), [data]);
  const loadMore = async () => {
    setMore((m) => ({ ...m, loading: true }));
    try {
      const page = await api.get(`/search?${query({ q, limit: PAGE, cursor: more.cursor })}`);
      setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor, loading: false, error: null }));
    } catch (err) {
      setMore((m) => ({ ...m, loading: false, error: err }));
    }
  };
  const items = [...(data?.items ?? []), ...more.items];
  return html` <section class="search-page">
    <h1>${t('search.title')}: «${q}»</h1>
    <${ErrorBox} error=${error || more.error} />
    ${
      data?.indexing &&
      html`<p class="hint">
        ${t('search.indexing', { percent: Math.floor((100 * data.indexing.done) / Math.max(1, data.indexing.total)) })}
      </p>`
    }
    ${
      !loading &&
      q &&
      items.length === 0 &&
      html`<div class="empty">
        <p>${t('search.none', { q })}</p>
        <p>${t('search.hint')}</p>
      </div>`
    }
    ${KINDS.map((kind) => {
      const group = items.filter((i) => i.kind === kind);
      if (!group.length) return null;
      return html`<h2>${t(`search.kind.${kind}`)}</h2>
        <ul class="hits">
          ${group.map(
            (hit) =>
              html`<li class="hit" key=${`${hit.kind}-${hit.id}`}>
                <a href=${hrefOf(hit)}>${hit.title}</a>
                <${HitFacts} hit=${hit} />
                <div class="snippet" dangerouslySetInnerHTML=${{ __html: hit.snippet }}></div>
              </li>`,
          )}
        </ul>`;
    })}
    ${
      more.cursor &&
      html`<div class="queue-footer">
        <button type="button" onClick=${loadMore} disabled=${more.loading}>${t('search.more')}</button>
      </div>`
    }
  </section>`;
}
