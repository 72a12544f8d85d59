import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { formatMoney } from '../../format.js';
import { ErrorBox } from '../../components/error.js';
import { useData } from '../../components/use-data.js';
import { formatPlain, kindLabel, stylesReady } from './documents-format.js';

export const ready = stylesReady;

/** A client's latest documents on its page, with their PDFs and a link to all of them. */
export function OrganizationDocuments({ orgId }) {
  const { data, error } = useData(() => api.get(`/documents?organizationId=${orgId}&limit=5`), [orgId]);
  const items = data?.items ?? [];
  return html`<section class="org-documents card" aria-labelledby="org-documents-title">
    <h2 id="org-documents-title">${t('doc.orgSection')}</h2>
    <${ErrorBox} error=${error} />
    ${data && items.length === 0 && html`<p class="muted">${t('doc.orgNone')}</p>`}
    <ul>
      ${items.map(
        (d) =>
          html`<li data-id=${d.id}>
            <a href=${d.pdfUrl} download>${kindLabel(d.kind)} ${t('doc.number')} ${d.number}</a>
            ${d.correction && html`<span class=${`doc-badge ${d.correction}`}>${t(`doc.${d.correction}`)}</span>`}
            <span class="muted">${formatPlain(d.date)}</span>
            <span class="muted">${formatMoney(d.totalKopecks)}</span>
          </li>`,
      )}
    </ul>
    <div class="links"><a href=${`/documents?organizationId=${orgId}`}>${t('doc.orgAll')}</a></div>
  </section>`;
}
