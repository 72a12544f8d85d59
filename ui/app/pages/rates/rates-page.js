import { html } from '../../html.js';
import { api } from '../../api.js';
import { loadMessages, t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { useData } from '../../components/use-data.js';
import { ListHead } from '../../components/list-head.js';
import { loadStyles } from '../../components/lazy.js';
import { may } from '../../session.js';
import { RateCards } from './rate-cards.js';
import { Multipliers } from './multipliers.js';
import { Discounts } from './discounts.js';
import { CostRates } from './cost-rates.js';

await loadMessages('rates');

export const ready = Promise.all([loadStyles('/app/styles/agreements.css'), loadStyles('/app/styles/rates.css')]);

/**
 * What the dialogs offer to choose from: agreements, services, agents and clients. A list the viewer may not
 * read is simply empty (the server decides; the page still works with what it has).
 */
async function loadChoices() {
  const safe = (/** @type {Promise<any>} */ p) =>
    p.then(
      (r) => r.items ?? [],
      () => [],
    );
  const [agreements, services, agents, organizations] = await Promise.all([
    safe(api.get('/agreements?limit=200')),
    safe(api.get('/services?limit=200')),
    safe(api.get('/agents')),
    safe(api.get('/organizations?limit=200')),
  ]);
  return { agreements, services, agents, organizations };
}

/** Rates: what an hour of work sells for, surcharges, discounts and (for those who may) what it costs. */
export function RatesPage({ me }) {
  const { data: choices, error } = useData(loadChoices, []);
  const empty = { agreements: [], services: [], agents: [], organizations: [] };
  return html`<section class="rates-page">
    <${ListHead} title=${t('rates.title')} lead=${t('rates.lead')} />
    <${ErrorBox} error=${error} />
    <${RateCards} canEdit=${may(me, 'rate.write')} choices=${choices ?? empty} />
    <${Multipliers} canEdit=${may(me, 'rate.write')} />
    <${Discounts} canEdit=${may(me, 'rate.write')} choices=${choices ?? empty} />
    ${may(me, 'cost.read') && html`<${CostRates} canEdit=${may(me, 'cost.write')} choices=${choices ?? empty} />`}
  </section>`;
}
