import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query } from '../api.js';
import { language, loadMessages, t } from '../i18n.js';
import { navigate } from '../router.js';
import { formatBytes, formatShort, formatWorkDate } from '../format.js';
import { ErrorBox } from '../components/error.js';
import { loadStyles } from '../components/lazy.js';
import { OrganizationFilter } from '../components/organization-filter.js';
import { useData } from '../components/use-data.js';
import { useSubmit } from '../components/use-submit.js';
import { ordinal, periodKeyText } from './report-view.js';
import { SubscriptionDialog } from './subscription-dialog.js';

export const ready = Promise.all([loadMessages('reports'), loadStyles('/app/styles/reports.css')]);

/** "Monthly, 1st working day, 09:00" */
const scheduleText = (s) =>
  t('sub.whenText', { period: t(`sub.period.${s.period}`), day: ordinal(s.workingDay, language()), time: s.time });

/** Who receives a mailing, by name where the desk knows it. */
function recipientsText(sub, agents) {
  return sub.recipients
    .map((r) =>
      r.kind === 'agent'
        ? (agents.find((a) => a.id === r.id)?.name ?? `#${r.id}`)
        : r.kind === 'contact'
          ? t('sub.contact', { id: r.id })
          : t('sub.agreementRecipients'),
    )
    .join(', ');
}

/** The report's name; a report of the catalogue this page has no words for yet is named as the API names it. */
function reportName(report) {
  const key = `sub.report.${report}`;
  const name = t(key);
  return name === key ? report : name;
}

const formatName = (f) => (f === 'xlsx' ? t('rep.excel') : f.toUpperCase());

/** A period of the archive as dates: "1 Nov 2026 – 30 Nov 2026". */
const periodText = (d) => `${formatWorkDate(d.from)} – ${formatWorkDate(d.to)}`;

/** One mailing's row: its switch and what can be done with it now. */
function SubscriptionRow({ sub, organizations, agents, onChanged, onDeleted, onSent }) {
  // The switch shows the choice at once; a refused change puts it back (the row then shows why).
  const [wanted, setWanted] = useState(/** @type {boolean | null} */ (null));
  const toggle = useSubmit(async (/** @type {boolean} */ active) => {
    setWanted(active);
    try {
      onChanged(await api.patch(`/report-subscriptions/${sub.id}`, { active }));
    } finally {
      setWanted(null);
    }
  });
  const send = useSubmit(async () => {
    try {
      onSent(await api.post(`/report-subscriptions/${sub.id}/send-now`));
    } catch (err) {
      // The period went out already: said in the reader's language, pointing at the archive below.
      if (err?.problem?.code === 'already_sent') throw new Error(t('sub.alreadySent'));
      throw err;
    }
  });
  const remove = useSubmit(async () => {
    if (!confirm(t('sub.deleteConfirm', { name: sub.name }))) return;
    await api.del(`/report-subscriptions/${sub.id}`);
    onDeleted(sub.id);
  });
  const client = organizations.find((o) => o.id === sub.organizationId)?.name ?? t('sub.allClients');
  return html`<tr data-id=${sub.id} class=${sub.active ? '' : 'retired-row'}>
    <td class="sub-name">
      <div class="strong">${sub.name}</div>
      <div class="muted small">${reportName(sub.report)} · ${client}</div>
      <${ErrorBox} error=${toggle.error || send.error || remove.error} class="row-error" />
    </td>
    <td data-label=${t('sub.schedule')}>${scheduleText(sub.schedule)}</td>
    <td data-label=${t('sub.recipients')} class="sub-recipients-cell">${recipientsText(sub, agents)}</td>
    <td data-label=${t('sub.formats')}>${sub.formats.map(formatName).join(', ')}</td>
    <td data-label=${t('sub.lastSent')} data-period=${sub.lastPeriodKey ?? ''}>
      ${sub.lastPeriodKey ? periodKeyText(sub.lastPeriodKey, language()) : html`<span class="muted">${t('sub.neverSent')}</span>`}
    </td>
    <td data-label=${t('sub.active')}>
      <input
        type="checkbox"
        name="active"
        checked=${wanted ?? sub.active}
        disabled=${toggle.busy}
        aria-label=${t('sub.activeOf', { name: sub.name })}
        onChange=${(e) => toggle.run(e.target.checked)}
      />
    </td>
    <td class="sub-actions">
      <button
        type="button"
        disabled=${send.busy}
        aria-label=${t('sub.sendNowOf', { name: sub.name })}
        onClick=${() => send.run()}
      >
        ${t('sub.sendNow')}
      </button>
      <a
        class="button"
        href=${`/api/v1/report-subscriptions/${sub.id}/preview?format=pdf`}
        target="_blank"
        rel="noopener"
        >${t('sub.preview')}</a
      >
      <button type="button" class="link danger-link" disabled=${remove.busy} onClick=${() => remove.run()}>
        ${t('sub.delete')}
      </button>
    </td>
  </tr>`;
}

/** Sent reports, newest first, with their files; "Show more" pages on. */
function Archive({ organizationId, version }) {
  const [pages, setPages] = useState(/** @type {{ items: any[], nextCursor: string | null }[]} */ ([]));
  const first = useData(
    () => api.get(`/report-deliveries?${query({ organizationId, limit: 50 })}`),
    [organizationId, version],
  );
  useEffect(() => setPages(first.data ? [first.data] : []), [first.data]);
  const cursor = pages.at(-1)?.nextCursor;
  const more = useSubmit(async () => {
    const page = await api.get(`/report-deliveries?${query({ organizationId, limit: 50, cursor })}`);
    setPages((p) => [...p, page]);
  });
  const items = pages.flatMap((p) => p.items);
  return html`<section class="sub-archive">
    <h2>${t('sub.archive')}</h2>
    <p class="muted lead">${t('sub.archiveLead')}</p>
    <${ErrorBox} error=${first.error || more.error} />
    ${first.data && items.length === 0 && html`<p class="empty">${t('sub.archiveEmpty')}</p>`}
    ${
      items.length > 0 &&
      html`<div class="table-wrap">
        <table class="grid sub-table archive-table">
          <thead>
            <tr>
              <th>${t('sub.sentAt')}</th>
              <th>${t('sub.mailing')}</th>
              <th>${t('rep.period')}</th>
              <th>${t('sub.recipients')}</th>
              <th>${t('sub.files')}</th>
            </tr>
          </thead>
          <tbody>
            ${items.map(
              (d) =>
                html`<tr data-id=${d.id}>
                  <td class="nowrap">
                    ${formatShort(d.createdAt)} ${d.manual && html`<span class="chip">${t('sub.manual')}</span>`}
                  </td>
                  <td class="strong">${d.subscriptionName ?? `#${d.subscriptionId}`}</td>
                  <td data-label=${t('rep.period')}>${periodText(d)}</td>
                  <td data-label=${t('sub.recipients')} class="sub-recipients-cell">${d.recipients.join(', ')}</td>
                  <td class="archive-files">
                    ${d.files.map(
                      (f, i) =>
                        html`<a href=${`/api/v1/report-deliveries/${d.id}/files/${i}`} download=${f.name}
                          >${f.name} <span class="muted">(${formatBytes(f.size)})</span></a
                        >`,
                    )}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`
    }
    ${cursor && html`<button type="button" disabled=${more.busy} onClick=${() => more.run()}>${t('sub.more')}</button>`}
  </section>`;
}

/**
 * Reports mailed on a schedule: the mailings with their schedule in words, a switch, "Send now", a PDF preview
 * and delete; a dialog for a new one; the archive of what went out, per client (the filter is in the address).
 * @param {{ search: string, organizations: any[], agents: any[] }} props
 */
export function SubscriptionsPage({ search, organizations, agents }) {
  const organizationId = new URLSearchParams(search).get('organizationId') || '';
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState('');
  const [archiveVersion, setArchiveVersion] = useState(0);
  const list = useData(
    () => api.get(`/report-subscriptions?${query({ organizationId })}`).then((r) => r.items),
    [organizationId],
  );
  const [items, setItems] = useState(/** @type {any[]} */ ([]));
  useEffect(() => setItems(list.data ?? []), [list.data]);
  const replaced = (next) => setItems((all) => all.map((s) => (s.id === next.id ? next : s)));
  const sent = (delivery) => {
    setNotice(
      t('sub.sent', {
        from: formatWorkDate(delivery.from),
        to: formatWorkDate(delivery.to),
        n: delivery.recipients.length,
      }),
    );
    setArchiveVersion((v) => v + 1);
    list.reload();
  };
  return html`<section class="subscriptions-page">
    <div class="page-head">
      <h1>${t('sub.title')}</h1>
      <button type="button" class="primary" onClick=${() => setCreating(true)}>+ ${t('sub.add')}</button>
    </div>
    <p class="muted lead">${t('sub.lead')}</p>
    <div class="filters">
      <${OrganizationFilter}
        value=${organizationId}
        organizations=${organizations}
        onChange=${(value) => navigate(`/report-subscriptions?${query({ organizationId: value })}`, { replace: true })}
      />
    </div>
    ${notice && html`<p class="saved-note" role="status">${notice}</p>`}
    <${ErrorBox} error=${list.error} />
    ${!list.data && !list.error && html`<p class="muted">${t('common.loading')}</p>`}
    ${list.data && items.length === 0 && html`<p class="empty">${t('sub.empty')}</p>`}
    ${
      items.length > 0 &&
      html`<div class="table-wrap">
        <table class="grid sub-table subscriptions-table">
          <thead>
            <tr>
              <th>${t('sub.report')}</th>
              <th>${t('sub.schedule')}</th>
              <th>${t('sub.recipients')}</th>
              <th>${t('sub.formats')}</th>
              <th>${t('sub.lastSent')}</th>
              <th>${t('sub.active')}</th>
              <th><span class="visually-hidden">${t('sub.sendNow')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${items.map(
              (s) =>
                html`<${SubscriptionRow}
                  key=${s.id}
                  sub=${s}
                  organizations=${organizations}
                  agents=${agents}
                  onChanged=${replaced}
                  onDeleted=${(id) => setItems((all) => all.filter((x) => x.id !== id))}
                  onSent=${sent}
                />`,
            )}
          </tbody>
        </table>
      </div>`
    }
    <${Archive} organizationId=${organizationId} version=${archiveVersion} />
    ${
      creating &&
      html`<${SubscriptionDialog}
        organizations=${organizations}
        agents=${agents}
        organizationId=${organizationId}
        onClose=${() => setCreating(false)}
        onCreated=${(sub) => {
          setCreating(false);
          setItems((all) => [sub, ...all]);
        }}
      />`
    }
  </section>`;
}
