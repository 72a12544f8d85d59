import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { useData } from '../../components/use-data.js';
import { loadStyles } from '../../components/lazy.js';
import { may } from '../../session.js';
import {
  AgreementStatus,
  agreementWarning,
  expiryText,
  formatPeriod,
  formatPlainDate,
  tierLabel,
} from '../../agreement-format.js';
import { ENDED, flash, useReferenceData } from '../agreement-form.js';
import { CopyDialog, History, ReasonDialog, RenewDialog } from '../agreement-dialogs.js';
import { Terms } from './agreement-terms.js';
import { Targets } from './agreement-targets.js';
import { Services } from './agreement-services.js';
import { AgreementPackage } from '../../time/agreement-package.js';
import { AgreementSurveys } from './agreement-surveys.js';

export const ready = loadStyles('/app/styles/agreements.css');

/** One agreement: its status and transitions, SLA targets, terms, services and history. */
export function AgreementPage({ id, me, organizations, agents }) {
  const [version, setVersion] = useState(0);
  const { data, error } = useData(() => api.get(`/agreements/${id}`), [id, version]);
  const ref = useReferenceData();
  // The agreement shown: as loaded, then as each save or transition returns it (no second request).
  const [agreement, setAgreement] = useState(null);
  const [dialog, setDialog] = useState(null);
  const [notice, setNotice] = useState('');
  const [copies, setCopies] = useState(null);
  // The agreement this one renews, for its number in the link (or why it could not be read).
  const [source, setSource] = useState(/** @type {any} */ (null));
  useEffect(() => {
    if (data && String(data.id) === String(id)) setAgreement(data);
  }, [data]);
  useEffect(() => {
    setCopies(null);
    setNotice(flash.message);
    flash.message = '';
  }, [id]);
  const a = agreement && String(agreement.id) === String(id) ? agreement : null;
  useEffect(() => {
    setSource(null);
    if (a?.renewedFromId)
      api.get(`/agreements/${a.renewedFromId}`).then(
        (s) => setSource(s),
        (err) => setSource({ error: err }),
      );
  }, [a?.renewedFromId]);
  if (error)
    return html`<section>
      <a class="back" href="/agreements">← ${t('agr.title')}</a><${ErrorBox} error=${error} />
    </section>`;
  if (!a || !ref.data) return html`<p class="muted">${t('common.loading')}</p>`;
  const canEdit = may(me, 'agreement.write');
  const reload = () => setVersion((v) => v + 1);
  const onSaved = (saved) => {
    setAgreement(saved);
    setNotice('');
  };
  const transition = (action) => async (reason) => {
    const saved = await api.post(`/agreements/${a.id}/${action}`, reason ? { reason } : {});
    setDialog(null);
    setAgreement(saved);
    setNotice(t(`agr.done.${action}`));
  };
  const liveRenewal = a.renewals.find((r) => r.status !== 'terminated');
  const exp = expiryText(a);
  const status = a.status;
  return html`<section class="agreement-page" key=${a.id}>
    <a class="back" href="/agreements">← ${t('agr.title')}</a>
    <div class="page-head agreement-head">
      <div>
        <h1><span class="muted">№</span> ${a.number} <span class="agr-head-title">${a.title}</span></h1>
        <div class="agreement-meta">
          <${AgreementStatus} status=${status} />
          <a href=${`/organizations/${a.organizationId}`}>${a.organizationName}</a>
          <span>${formatPeriod(a)}</span>
          <span class=${`expiry ${exp.tone}`}>${exp.text}</span>
          <span class="muted">${tierLabel(a.tier)} · ${t(`agr.kind.${a.kind}`)}</span>
        </div>
      </div>
      ${
        canEdit &&
        html`<div class="head-actions">
          ${status === 'draft' && html`<button type="button" onClick=${() => setDialog('plan')}>${t('agr.plan')}</button>`}
          ${(status === 'draft' || status === 'planned') && html`<button type="button" onClick=${() => setDialog('activate')}>${t('agr.activate')}</button>`}
          ${
            status !== 'draft' &&
            (liveRenewal
              ? html`<a class="button" href=${`/agreements/${liveRenewal.id}`}
                  >${t('agr.renewedBy', { number: liveRenewal.number })}</a
                >`
              : html`<button type="button" class="primary" onClick=${() => setDialog('renew')}>
                  ${t('agr.renew')}
                </button>`)
          }
          <button type="button" onClick=${() => setDialog('copy')}>${t('agr.copy')}</button>
          ${!ENDED.has(status) && html`<button type="button" class="danger" onClick=${() => setDialog('terminate')}>${t('agr.terminate')}</button>`}
        </div>`
      }
    </div>
    ${notice && html`<div class="success" role="status">${notice}</div>`}
    <${ErrorBox} error=${source?.error} />
    ${
      copies &&
      html`<div class="success" role="status">
        ${t('agr.copied', { n: copies.length })}
        ${copies.map((c, i) => html`${i ? ', ' : ' '}<a href=${`/agreements/${c.id}`}>${c.number}</a> (${c.organizationName})`)}
      </div>`
    }
    ${a.warnings.length > 0 && html`<div class="warning" role="note">${a.warnings.map((w) => html`<div>${agreementWarning(w)}</div>`)}</div>`}
    ${
      (a.renewedFromId || a.renewals.length > 0) &&
      html`<p class="agr-links">
        ${a.renewedFromId && html`<span>${t('agr.renewalOf')} <a href=${`/agreements/${a.renewedFromId}`}>${source?.number ? `№ ${source.number}` : `#${a.renewedFromId}`}</a></span>`}
        ${a.renewals.map((r) => html`<span>${t('agr.renewedByLink')} <a href=${`/agreements/${r.id}`}>№ ${r.number}</a> <${AgreementStatus} status=${r.status} /></span>`)}
      </p>`
    }
    <div class="agreement-columns">
      <div class="agreement-main">
        <${Targets}
          key=${`t${a.id}`}
          agreement=${a}
          canEdit=${canEdit}
          presets=${ref.data.presets}
          onSaved=${onSaved}
        />
        <${Terms}
          key=${`f${a.id}`}
          agreement=${a}
          canEdit=${canEdit}
          calendars=${ref.data.calendars}
          agents=${agents}
          onSaved=${onSaved}
        />
        <${AgreementPackage} key=${`p${a.id}:${a.hoursPackage}`} agreement=${a} me=${me} agents=${agents} />
      </div>
      <aside class="agreement-side">
        <${Services}
          key=${`s${a.id}`}
          agreement=${a}
          canEdit=${canEdit}
          catalogue=${ref.data.services}
          onSaved=${onSaved}
        />
        <${AgreementSurveys} key=${`c${a.id}`} agreementId=${a.id} canEdit=${may(me, 'survey.manage')} />
        <section class="card" aria-labelledby="history-title">
          <h2 id="history-title">${t('agr.history')}</h2>
          <${History} items=${a.history} />
        </section>
        <p class="muted small">
          <a href=${`/tickets?organizationId=${a.organizationId}`}>${t('agr.ticketsOfClient')}</a>
        </p>
      </aside>
    </div>
    ${
      dialog === 'terminate' &&
      html`<${ReasonDialog}
        title=${t('agr.terminateTitle', { number: a.number })}
        intro=${t('agr.terminateIntro')}
        label=${t('agr.reasonRequired')}
        required
        danger
        confirmLabel=${t('agr.terminate')}
        onConfirm=${transition('terminate')}
        onClose=${() => setDialog(null)}
      />`
    }
    ${
      dialog === 'activate' &&
      html`<${ReasonDialog}
        title=${t('agr.activateTitle', { number: a.number })}
        intro=${t('agr.activateIntro', { start: formatPlainDate(a.start) })}
        label=${t('agr.reasonOptional')}
        confirmLabel=${t('agr.activate')}
        onConfirm=${transition('activate')}
        onClose=${() => setDialog(null)}
      />`
    }
    ${
      dialog === 'plan' &&
      html`<${ReasonDialog}
        title=${t('agr.planTitle', { number: a.number })}
        intro=${t('agr.planIntro')}
        label=${t('agr.reasonOptional')}
        confirmLabel=${t('agr.plan')}
        onConfirm=${transition('plan')}
        onClose=${() => setDialog(null)}
      />`
    }
    ${dialog === 'renew' && html`<${RenewDialog} agreement=${a} onClose=${() => setDialog(null)} />`}
    ${
      dialog === 'copy' &&
      html`<${CopyDialog}
        agreement=${a}
        organizations=${organizations}
        onClose=${() => setDialog(null)}
        onCopied=${(items) => {
          setDialog(null);
          setCopies(items);
          reload();
        }}
      />`
    }
  </section>`;
}
