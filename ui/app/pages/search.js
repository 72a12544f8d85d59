import { html } from '../html.js';
import { api, query } from '../api.js';
import { t } from '../i18n.js';
import { ErrorBox } from '../components/error.js';
import { useData } from '../components/use-data.js';

const KINDS = ['ticket', 'comment', 'organization', 'contact'];
const hrefOf = (hit) => (hit.ticketId ? `/tickets/${hit.ticketId}` : `/organizations/${hit.organizationId}`);

export function SearchPage({ search }) {
  const q = new URLSearchParams(search).get('q') || '';
  const { data, error, loading } = useData(
    () => (q ? api.get(`/search?${query({ q, limit: 50 })}`) : Promise.resolve({ items: [] })),
    [q],
  );
  const items = data?.items ?? [];
  return html` <section class="search-page">
    <h1>${t('search.title')}: «${q}»</h1>
    <${ErrorBox} error=${error} />
    ${!loading && q && items.length === 0 && html`<p class="empty">${t('search.none', { q })}</p>`}
    ${KINDS.map((kind) => {
      const group = items.filter((i) => i.kind === kind);
      if (!group.length) return null;
      return html`<h2>${t(`search.kind.${kind}`)}</h2>
        <ul class="hits">
          ${group.map(
            (hit) =>
              html`<li class="hit">
                <a href=${hrefOf(hit)}>${hit.title}</a>
                <div class="snippet" dangerouslySetInnerHTML=${{ __html: hit.snippet }}></div>
              </li>`,
          )}
        </ul>`;
    })}
  </section>`;
}
