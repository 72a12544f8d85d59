import { html } from '../../html.js';
import { loadMessages, t } from '../../i18n.js';
import { may } from '../../session.js';
import { loadStyles } from '../../components/lazy.js';
import { MONEY_TABS, MoneyTabs } from './money-format.js';
import { PaymentsTab } from './payments-tab.js';
import { BalancesTab } from './balances-tab.js';
import { ReconciliationTab } from './reconciliation-tab.js';
import { ProfitTab } from './profit-tab.js';
import { SalariesTab } from './salaries-tab.js';

export const ready = Promise.all([loadMessages('money'), loadStyles('/app/styles/money.css')]);

const TABS = {
  payments: PaymentsTab,
  balances: BalancesTab,
  reconciliation: ReconciliationTab,
  profit: ProfitTab,
  salaries: SalariesTab,
};

/**
 * Mutual settlements with clients and the desk's money: payments, balances, reconciliation statements, profit
 * per client and salaries, one tab each (`/money/<tab>`). An engineer opens only their own salary.
 */
export function MoneyPage({ tab, me, search, organizations }) {
  const allowed = MONEY_TABS.filter(([, permission]) => may(me, permission)).map(([name]) => name);
  const active = tab && allowed.includes(tab) ? tab : allowed[0];
  const Tab = active ? TABS[active] : null;
  return html`<section class="money-page">
    <div class="page-head"><h1>${t('money.title')}</h1></div>
    <${MoneyTabs} me=${me} active=${active} />
    ${Tab ? html`<${Tab} me=${me} search=${search} organizations=${organizations} />` : html`<p class="empty">${t('money.noAccess')}</p>`}
  </section>`;
}

/** `/money/salaries`: its own address, so engineers (who open nothing else here) reach their pay. */
export const SalaryPage = (props) => MoneyPage({ ...props, tab: 'salaries' });
