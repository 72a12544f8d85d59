import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { loadMessages, t } from '../i18n.js';
import { formatDate, formatWork, formatWorkDate } from '../format.js';
import { ErrorBox } from '../components/error.js';
import { loadStyles } from '../components/lazy.js';
import { useData } from '../components/use-data.js';
import { useSubmit } from '../components/use-submit.js';
import { may } from '../session.js';
import { PackageBalance } from './package-balance.js';
import { actorName } from './time-data.js';
import { TimeTermsForm } from './time-terms-form.js';

// Time's words and styles, for those who open this before the top bar's timer has loaded them.
await Promise.all([loadMessages('time'), loadStyles('/app/styles/time.css')]);

/** The ledger's notes are the server's words for machines; people read them in their language. */
const notes = {
  'the worklog changed': 'time.note.changed',
  'the work left the package': 'time.note.left',
  'the worklog was deleted': 'time.note.deleted',
};
/** @param {{ kind: string, note: string | null }} e */
function ledgerNote(e) {
  if (!e.note || e.note === 'period') return '';
  const carry = /^(to|from):(.+)$/.exec(e.note);
  if (carry) return t(carry[1] === 'to' ? 'time.note.carryTo' : 'time.note.carryFrom', { period: carry[2] });
  const key = notes[/** @type {keyof typeof notes} */ (e.note)];
  return key ? t(key) : e.note;
}

const signed = (minutes) => (minutes > 0 ? `+${formatWork(minutes)}` : formatWork(minutes));
const range = (p) => `${formatWorkDate(p.start)} – ${formatWorkDate(p.end)}`;

function Periods({ periods }) {
  if (!periods.length) return null;
  return html`<h3 class="periods-title">${t('time.periods')}</h3>
    <div class="table-scroll">
      <table class="grid compact package-periods">
        <thead>
          <tr>
            <th>${t('time.period')}</th>
            <th class="num">${t('time.granted')}</th>
            <th class="num">${t('time.used')}</th>
            <th class="num">${t('time.balance')}</th>
          </tr>
        </thead>
        <tbody>
          ${periods.map(
            (p) =>
              html`<tr data-period=${p.key}>
                <td class="nowrap">${range(p)} ${p.closed && html`<span class="chip">${t('time.closed')}</span>`}</td>
                <td class="num">${formatWork(p.grantedMinutes)}</td>
                <td class="num">${formatWork(p.usedMinutes)}</td>
                <td class=${`num${p.balanceMinutes <= 0 ? ' bad-text' : ''}`}>${formatWork(p.balanceMinutes)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

function Ledger({ ledger, agents }) {
  return html`<h3>${t('time.ledger')}</h3>
    ${
      ledger.length === 0
        ? html`<p class="hint">${t('time.ledgerEmpty')}</p>`
        : html`<div class="table-scroll">
            <table class="grid compact package-ledger">
              <thead>
                <tr>
                  <th>${t('time.when')}</th>
                  <th>${t('time.entry')}</th>
                  <th class="num">${t('time.minutes')}</th>
                  <th>${t('time.ticket')}</th>
                  <th>${t('time.who')}</th>
                  <th>${t('time.note')}</th>
                </tr>
              </thead>
              <tbody>
                ${ledger.map(
                  (e) =>
                    html`<tr data-kind=${e.kind}>
                      <td class="nowrap">${formatDate(e.at)}</td>
                      <td>${t(`time.ledger.${e.kind}`)}</td>
                      <td class="num">${signed(e.minutes)}</td>
                      <td>${e.ticketNumber ? `#${e.ticketNumber}` : '—'}</td>
                      <td>${actorName(e.actor, agents)}</td>
                      <td class="ledger-note">${ledgerNote(e)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }`;
}

/**
 * An agreement's hour package and time terms: the current period's balance, how the package renews and
 * carries over, how time is rounded and billed (editable by those who manage packages), the periods so far
 * and the ledger every balance is the sum of.
 * @param {{ agreement: any, me: import('../session.js').Me, agents: any[] }} props
 */
export function AgreementPackage({ agreement, me, agents }) {
  const [version, setVersion] = useState(0);
  const pack = useData(() => api.get(`/agreements/${agreement.id}/package`), [agreement.id, version]);
  const terms = useData(() => api.get(`/agreements/${agreement.id}/time-terms`), [agreement.id, version]);
  const [notice, setNotice] = useState('');
  useEffect(() => setNotice(''), [agreement.id]);
  const save = useSubmit(async (body) => {
    await api.put(`/agreements/${agreement.id}/time-terms`, body);
    setNotice(t('time.termsSaved'));
    setVersion((v) => v + 1);
  });
  const p = pack.data;
  const hasPackage = p && (p.grantedMinutes > 0 || p.periods.length > 0 || agreement.hoursPackage);
  return html`<section class="card agreement-package" id="package" aria-labelledby="package-title">
    <div class="card-head">
      <h2 id="package-title">${t('time.packageTitle')}</h2>
      ${notice && html`<span class="saved-note" role="status">${notice}</span>`}
    </div>
    <${ErrorBox} error=${pack.error || terms.error} />
    ${!p && !pack.error && html`<p class="muted">${t('common.loading')}</p>`}
    ${
      p &&
      (hasPackage
        ? html`<${PackageBalance}
            granted=${p.grantedMinutes}
            used=${p.usedMinutes}
            balance=${p.balanceMinutes}
            caption=${p.period ? html`${t('time.currentPeriod')} <span class="muted">${range(p.period)}</span>` : t('time.noPeriod')}
          />`
        : html`<p class="empty package-empty">
            ${may(me, 'agreement.write') ? t('time.noPackageCanSet') : t('time.noPackage')}
          </p>`)
    }
    ${
      terms.data &&
      html`<${TimeTermsForm}
        key=${version}
        terms=${terms.data}
        canEdit=${may(me, 'package.manage')}
        busy=${save.busy}
        error=${save.error}
        onChange=${() => setNotice('')}
        onSave=${(body) => save.run(body)}
      />`
    }
    ${p && html`<${Periods} periods=${p.periods} />`}
    ${p && hasPackage && html`<${Ledger} ledger=${p.ledger} agents=${agents} />`}
  </section>`;
}
