import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { formatMoney } from '../../format.js';
import { ErrorBox } from '../../components/error.js';
import { useData } from '../../components/use-data.js';
import { may } from '../../session.js';
import { DaysLeft, formatPlain, kindLabel, mayReadCosts, stylesReady } from './recurring-format.js';

export const ready = stylesReady;

/** A client's recurring services on its page, soonest expiry first, with links to the full lists filtered by it. */
export function OrganizationRecurring({ orgId, me }) {
  const { data, error } = useData(() => api.get(`/recurring-services?organizationId=${orgId}&limit=200`), [orgId]);
  const items = [...(data?.items ?? [])]
    .filter((i) => i.active)
    .sort((a, b) => (a.expiresOn ?? '9999').localeCompare(b.expiresOn ?? '9999'));
  return html`<section class="org-recurring card" aria-labelledby="org-recurring-title">
    <h2 id="org-recurring-title">${t('rec.orgSection')}</h2>
    <${ErrorBox} error=${error} />
    ${data && items.length === 0 && html`<p class="muted">${t('rec.orgNone')}</p>`}
    <ul>
      ${items.slice(0, 10).map(
        (i) =>
          html`<li data-id=${i.id}>
            <b>${i.name}</b> <span class="muted">${kindLabel(i.kind)}</span> <${DaysLeft} item=${i} />
            ${i.expiresOn && html`<span class="muted">${formatPlain(i.expiresOn)}</span>`}
            <span class="muted">${formatMoney(i.priceKopecks)}</span>
          </li>`,
      )}
    </ul>
    <div class="links">
      <a href=${`/recurring?organizationId=${orgId}`}>${t('rec.orgAll')}</a>
      ${may(me, 'recurring.write') && html`<a href=${`/recurring?organizationId=${orgId}&new=1`}>+ ${t('rec.add')}</a>`}
      ${mayReadCosts(me) && html`<a href=${`/client-costs?organizationId=${orgId}`}>${t('cost.orgAll')}</a>`}
    </div>
  </section>`;
}
