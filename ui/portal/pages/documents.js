import { useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { ErrorAlert, html, Loading, PageHeading, useLoad } from '../components.js';
import { formatBytes, formatDate, formatDateTime, formatMoney } from '../format.js';
import { t } from '../i18n.js';

/** Who sees what here (the server checks the same): billing contacts the money, supervisors the reports too. */
export const mayReadDocuments = (/** @type {string} */ role) => role === 'billing';
export const mayReadReports = (/** @type {string} */ role) => role === 'billing' || role === 'supervisor';

/**
 * The money side of the portal: the organization's balance, the documents issued to it (each as its PDF) and
 * the reports mailed about it. A section the contact's role does not open is not shown at all.
 * @param {{ me: import('../main.js').Me }} props
 */
export function DocumentsPage({ me }) {
  const role = me.contact.role;
  return html`<section class="page">
    <${PageHeading}>${t('docs.title')}<//>
    ${
      mayReadReports(role)
        ? null
        : html`<div class="empty">
            <p><strong>${t('docs.notForRole')}</strong></p>
            <p>${t('docs.notForRoleHint')}</p>
          </div>`
    }
    ${mayReadDocuments(role) ? html`<${Balance} /><${Documents} />` : null}
    ${mayReadReports(role) ? html`<${Reports} />` : null}
  </section>`;
}

function Balance() {
  const b = useLoad(() => api.get('/balance'), []);
  const d = b.data;
  const owes = d && d.balanceKopecks > 0;
  const ahead = d && d.balanceKopecks < 0;
  return html`<section class="card balance" aria-labelledby="balance-heading">
    <h2 id="balance-heading">${t('docs.balance')}</h2>
    <${ErrorAlert} error=${b.error} />
    ${!d && b.loading ? html`<${Loading} />` : null}
    ${
      d
        ? html`<p class=${`balance-line${owes ? ' owes' : ''}`}>
              ${
                owes
                  ? t('docs.owes', { sum: formatMoney(d.balanceKopecks) })
                  : ahead
                    ? t('docs.ahead', { sum: formatMoney(-d.balanceKopecks) })
                    : t('docs.settled')
              }
            </p>
            <dl class="facts">
              <dt>${t('docs.acts')}</dt>
              <dd>${formatMoney(d.actsKopecks)}</dd>
              <dt>${t('docs.payments')}</dt>
              <dd>${formatMoney(d.paymentsKopecks)}</dd>
            </dl>
            <p class="hint">${t('docs.balanceAt', { date: formatDate(d.at) })}</p>`
        : null
    }
  </section>`;
}

/** "Act (corrected)": the kind, and a correction's nature. @param {any} d */
const kindOf = (d) => `${t(`docs.kind.${d.kind}`)}${d.correction ? ` (${t(`docs.correction.${d.correction}`)})` : ''}`;

const period = (/** @type {any} */ d) =>
  d.periodFrom && d.periodTo ? `${formatDate(d.periodFrom)} – ${formatDate(d.periodTo)}` : '—';

function Documents() {
  const [extra, setExtra] = useState(/** @type {{ items: any[], nextCursor: string | null } | null} */ (null));
  const [moreError, setMoreError] = useState(/** @type {unknown} */ (null));
  const list = useLoad(() => api.get(`/documents${query({ limit: 25 })}`), []);
  const items = [...(list.data?.items ?? []), ...(extra?.items ?? [])];
  const nextCursor = extra ? extra.nextCursor : list.data?.nextCursor;
  const more = () =>
    api
      .get(`/documents${query({ limit: 25, cursor: nextCursor })}`)
      .then(
        (page) => setExtra({ items: [...(extra?.items ?? []), ...page.items], nextCursor: page.nextCursor }),
        setMoreError,
      );
  const pdf = (/** @type {any} */ d) => `/api/v1/portal/documents/${d.id}.pdf`;
  return html`<section aria-labelledby="documents-heading">
    <h2 id="documents-heading">${t('docs.documents')}</h2>
    <${ErrorAlert} error=${list.error} />
    ${!list.data && list.loading ? html`<${Loading} />` : null}
    ${
      list.data && items.length === 0
        ? html`<div class="empty">
            <p><strong>${t('docs.none')}</strong></p>
            <p>${t('docs.noneHint')}</p>
          </div>`
        : null
    }
    ${
      items.length
        ? html`<ul class="doc-cards">
              ${items.map(
                (d) =>
                  html`<li class="card doc-card">
                    <div class="doc-top">
                      <strong
                        >${`${kindOf(d)} ${t('docs.numberDate', { number: d.number, date: formatDate(d.date) })}`}</strong
                      >
                      <span class="doc-total">${formatMoney(d.totalKopecks)}</span>
                    </div>
                    <div class="muted">${d.entityName}${d.periodFrom ? ` · ${period(d)}` : ''}</div>
                    <a class="button" href=${pdf(d)} download aria-label=${`${t('docs.pdf')}: ${kindOf(d)} ${d.number}`}
                      >${t('docs.pdf')}</a
                    >
                  </li>`,
              )}
            </ul>
            <table class="doc-table">
              <caption class="visually-hidden">
                ${t('docs.documents')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t('docs.col.document')}</th>
                  <th scope="col">${t('docs.col.date')}</th>
                  <th scope="col">${t('docs.col.period')}</th>
                  <th scope="col">${t('docs.col.from')}</th>
                  <th scope="col" class="num">${t('docs.col.vat')}</th>
                  <th scope="col" class="num">${t('docs.col.total')}</th>
                  <th scope="col"><span class="visually-hidden">${t('docs.pdf')}</span></th>
                </tr>
              </thead>
              <tbody>
                ${items.map(
                  (d) =>
                    html`<tr>
                      <td class="nowrap">${`${kindOf(d)} ${d.number}`}</td>
                      <td class="nowrap">${formatDate(d.date)}</td>
                      <td class="nowrap">${period(d)}</td>
                      <td>${d.entityName}</td>
                      <td class="num nowrap">${formatMoney(d.vatKopecks)}</td>
                      <td class="num nowrap">${formatMoney(d.totalKopecks)}</td>
                      <td class="nowrap">
                        <a href=${pdf(d)} download aria-label=${`${t('docs.pdf')}: ${kindOf(d)} ${d.number}`}
                          >${t('docs.pdf')}</a
                        >
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
            <${ErrorAlert} error=${moreError} />
            ${
              nextCursor
                ? html`<div class="more"><button type="button" onClick=${more}>${t('tickets.more')}</button></div>`
                : null
            }`
        : null
    }
  </section>`;
}

function Reports() {
  const list = useLoad(() => api.get(`/reports${query({ limit: 25 })}`), []);
  const items = list.data?.items ?? [];
  return html`<section aria-labelledby="reports-heading">
    <h2 id="reports-heading">${t('docs.reports')}</h2>
    <${ErrorAlert} error=${list.error} />
    ${!list.data && list.loading ? html`<${Loading} />` : null}
    ${
      list.data && items.length === 0
        ? html`<div class="empty">
            <p><strong>${t('docs.noReports')}</strong></p>
            <p>${t('docs.noReportsHint')}</p>
          </div>`
        : null
    }
    ${
      items.length
        ? html`<ul class="reports">
            ${items.map(
              (r) =>
                html`<li class="card">
                  <strong>${r.name}</strong>
                  <div class="muted">
                    ${`${formatDate(r.periodFrom)} – ${formatDate(r.periodTo)} · ${t('docs.sent', { date: formatDateTime(r.createdAt) })}`}
                  </div>
                  <ul class="files">
                    ${r.files.map(
                      (f) =>
                        html`<li>
                          <a href=${`/api/v1/portal/reports/${r.id}/files/${f.index}`} download=${f.name}>${f.name}</a>
                          <span class="muted"> ${formatBytes(f.size)}</span>
                        </li>`,
                    )}
                  </ul>
                </li>`,
            )}
          </ul>`
        : null
    }
  </section>`;
}
