import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { loadMessages, language, t } from '../i18n.js';
import { formatMinutes } from '../format.js';
import { enginePhrase, engineWarning } from '../calendar-format.js';
import { localInputToIso, utcToLocalInput, viewerZone } from '../zone-input.js';
import { may } from '../session.js';
import { ErrorBox } from './error.js';
import { useSubmit } from './use-submit.js';
import { FieldError } from './intervals.js';
import { loadStyles } from './lazy.js';

export const ready = loadStyles('/app/styles/sla-panel.css');

await loadMessages('sla');

const REFRESH_MS = 60_000;
const DONE = new Set(['resolved', 'closed']);
const locale = () => (language() === 'ru' ? 'ru-RU' : 'en-GB');

/** "Wed, 25 Nov, 19:11" in a zone (the viewer's unless told). */
const when = (iso, zone) =>
  new Intl.DateTimeFormat(locale(), {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
const timeOnly = (iso, zone) =>
  new Intl.DateTimeFormat(locale(), { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
const sameLocalDay = (iso, a, b) => {
  const f = (zone) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(iso),
    );
  return f(a) === f(b);
};

/** An instant for the viewer, with the calendar's own wall-clock time beside it when the zones differ. */
function Instant({ iso, zone }) {
  const mine = viewerZone();
  const other = zone && zone !== mine && new Date(iso).getTime() !== 0;
  const there = other && (sameLocalDay(iso, mine, zone) ? timeOnly(iso, zone) : when(iso, zone));
  return html`<time datetime=${iso}>${when(iso, mine)}</time
    >${other && html` <span class="muted zone-time">(${t('slaPanel.inZone', { time: there, zone })})</span>`}`;
}

/** A local ISO time of the calendar ("2026-11-25T18:11:36+03:00") as it reads there: date and HH:MM. */
const localDate = (local) => local.slice(0, 10);
const localHhmm = (local) => local.slice(11, 16);
const dayLabel = (date) =>
  new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(
    new Date(`${date}T00:00:00Z`),
  );

/** How the pending deadline was counted: working intervals of the calendar, days skipped, pauses. */
function Why({ sla, ticket }) {
  const ex = sla.explanation;
  const [open, setOpen] = useState(false);
  let body;
  if (ex) {
    const total = ex.counted.reduce((s, i) => s + i.minutes, 0);
    body = html` ${ex.warnings?.length > 0 && html`<div class="warning" role="note">${ex.warnings.map((w) => html`<div>${engineWarning(w)}</div>`)}</div>`}
      <p class="muted why-lead">
        ${t(!ticket.firstResponseAt && sla.reactionDue ? 'slaPanel.whyReaction' : 'slaPanel.whyResolution', { zone: sla.timezone })}
      </p>
      <h4>${t('slaPanel.counted')}</h4>
      ${
        ex.counted.length
          ? html`<table class="grid compact why-table">
              <tbody>
                ${ex.counted.map((i) => {
                  // The date is read from the interval itself: the engine merges round-the-clock days into one interval.
                  const from = localDate(i.from);
                  const to = localDate(i.to);
                  return html`<tr>
                    <td>
                      ${dayLabel(from)} ${localHhmm(i.from)}–${to !== from ? `${dayLabel(to)} ` : ''}${localHhmm(i.to)}
                      <div class="muted why-note">${enginePhrase(i.note)}</div>
                    </td>
                    <td class="num">${formatMinutes(i.minutes)}</td>
                  </tr>`;
                })}
              </tbody>
              <tfoot>
                <tr>
                  <td>${t('slaPanel.total')}</td>
                  <td class="num">${formatMinutes(total)}</td>
                </tr>
              </tfoot>
            </table>`
          : html`<p class="muted">${t('slaPanel.nothingCounted')}</p>`
      }
      ${
        ex.skipped.length > 0 &&
        html`<h4>${t('slaPanel.skipped')}</h4>
          <ul class="plain-list">
            ${ex.skipped.map((s) => html`<li>${dayLabel(s.date)} — <span class="muted">${enginePhrase(s.reason)}</span></li>`)}
          </ul>`
      }
      ${
        ex.paused.length > 0 &&
        html`<h4>${t('slaPanel.pauses')}</h4>
          <ul class="plain-list">
            ${ex.paused.map(
              (p) =>
                html`<li>
                  ${dayLabel(localDate(p.from))} ${localHhmm(p.from)} — ${dayLabel(localDate(p.to))} ${localHhmm(p.to)}
                  <span class="muted">${t('slaPanel.pauseStopped', { time: formatMinutes(p.minutes) })}</span>
                </li>`,
            )}
          </ul>`
      }`;
  } else if (ticket.manualDeadline) body = html`<p class="muted">${t('slaPanel.whyManual')}</p>`;
  else body = html`<p class="muted">${t('slaPanel.whyNothing')}</p>`;
  return html`<details class="sla-why" open=${open} onToggle=${(e) => setOpen(e.currentTarget.open)}>
    <summary>${t('slaPanel.why')}</summary>
    <div class="sla-why-body">${body}</div>
  </details>`;
}

/** "Set deadline by hand": a resolution deadline with its reason, for any ticket type but incidents. */
function ManualDeadline({ ticket, sla, onChanged }) {
  const zone = viewerZone();
  const initial = () => (ticket.resolutionDue ? utcToLocalInput(Date.parse(ticket.resolutionDue), zone) : '');
  const [open, setOpen] = useState(false);
  const [due, setDue] = useState(initial);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState(/** @type {Record<string, string>} */ ({}));
  // A refusal of the deadline or the reason shows beside its field (the box then stays empty); any other in the box.
  const patch = useSubmit(
    async (/** @type {Record<string, unknown>} */ body) => {
      await api.patch(`/tickets/${ticket.id}`, body);
      setOpen(false);
      setErrors({});
      onChanged();
    },
    {
      onError: (err) => {
        const fields = {};
        for (const e of err.problem?.errors ?? []) {
          if (e.path.endsWith('resolutionDue')) fields.due = t('slaPanel.dueInvalid');
          if (e.path.endsWith('deadlineReason')) fields.reason = t('slaPanel.reasonRequired');
        }
        setErrors(fields);
      },
    },
  );
  const error = Object.keys(errors).length ? null : patch.error;
  if (ticket.type === 'incident') return html`<p class="muted hint sla-note">${t('slaPanel.incidentNote')}</p>`;
  const submit = (e) => {
    e.preventDefault();
    const iso = localInputToIso(due, zone);
    const fields = {};
    if (!iso) fields.due = t('slaPanel.dueRequired');
    if (!reason.trim()) fields.reason = t('slaPanel.reasonRequired');
    setErrors(fields);
    if (Object.keys(fields).length) return;
    patch.run({ resolutionDue: iso, deadlineReason: reason.trim() });
  };
  const remove = () => {
    if (confirm(t('slaPanel.removeConfirm'))) patch.run({ resolutionDue: null });
  };
  if (!open) {
    return html`<div class="sla-actions">
      <button
        type="button"
        onClick=${() => {
          setDue(initial());
          setReason('');
          setErrors({});
          setOpen(true);
        }}
      >
        ${t(ticket.manualDeadline ? 'slaPanel.changeManual' : 'slaPanel.setManual')}
      </button>
      ${ticket.manualDeadline && html`<button type="button" class="link" onClick=${remove} disabled=${patch.busy}>${t('slaPanel.removeManual')}</button>`}
      <${ErrorBox} error=${error} />
    </div>`;
  }
  return html`<form class="sla-manual" onSubmit=${submit} novalidate aria-labelledby="sla-manual-title">
    <h4 id="sla-manual-title">${t('slaPanel.setManual')}</h4>
    <label
      >${t('slaPanel.dueInput', { zone })}
      <input
        type="datetime-local"
        name="resolutionDue"
        value=${due}
        onInput=${(e) => setDue(e.target.value)}
        required
        aria-invalid=${errors.due ? 'true' : undefined}
        aria-describedby=${errors.due ? 'sla-due-error' : undefined} />
      <${FieldError} id="sla-due-error" error=${errors.due}
    /></label>
    <label
      >${t('slaPanel.reasonInput')}
      <textarea
        name="deadlineReason"
        rows="2"
        maxlength="1000"
        value=${reason}
        onInput=${(e) => setReason(e.target.value)}
        required
        placeholder=${t('slaPanel.reasonHint')}
        aria-invalid=${errors.reason ? 'true' : undefined}
        aria-describedby=${errors.reason ? 'sla-reason-error' : undefined}
      ></textarea>
      <${FieldError} id="sla-reason-error" error=${errors.reason}
    /></label>
    ${sla && html`<p class="hint">${t('slaPanel.manualHint', { zone: sla.timezone })}</p>`}
    <${ErrorBox} error=${error} />
    <div class="sla-form-actions">
      <button type="button" onClick=${() => setOpen(false)}>${t('common.cancel')}</button>
      <button type="submit" class="primary" disabled=${patch.busy}>${t('slaPanel.save')}</button>
    </div>
  </form>`;
}

/** The agreement the ticket's deadlines follow: one of its client's active agreements, or none. */
function AgreementPicker({ ticket, sla, onChanged }) {
  const [options, setOptions] = useState(null);
  const change = useSubmit(async (/** @type {number | null} */ agreementId) => {
    await api.patch(`/tickets/${ticket.id}`, { agreementId });
    onChanged();
  });
  useEffect(() => {
    let live = true;
    api.get(`/agreements?organizationId=${ticket.organizationId}&status=active&limit=100`).then(
      (r) => live && setOptions(r.items),
      // The picker then offers only the ticket's own agreement; why there is no other shows under it.
      (err) => {
        if (!live) return;
        setOptions([]);
        change.setError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [ticket.organizationId]);
  if (!options) return null;
  const choices = [...options];
  if (ticket.agreementId && !choices.some((a) => a.id === ticket.agreementId))
    choices.unshift({ id: ticket.agreementId, number: sla?.agreementNumber ?? `#${ticket.agreementId}`, title: '' });
  if (!ticket.agreementId && choices.length === 0)
    return html`<p class="muted hint sla-note">${t('slaPanel.noActiveAgreements')}</p>`;
  return html`<label class="sla-agreement-picker"
    >${t('slaPanel.changeAgreement')}
    <select
      name="agreementId"
      value=${ticket.agreementId ?? ''}
      disabled=${change.busy}
      onChange=${(e) => change.run(e.target.value ? Number(e.target.value) : null)}
    >
      <option value="">${t('slaPanel.noneOption')}</option>
      ${choices.map((a) => html`<option value=${a.id}>${a.number}${a.title ? ` — ${a.title}` : ''}</option>`)}
    </select>
    <${ErrorBox} error=${change.error}
  /></label>`;
}

/** The headline: the business-time countdown to the pending deadline, or why there is none. */
function Countdown({ sla, ticket }) {
  if (DONE.has(ticket.status))
    return html`<p class="sla-headline tone-${sla.state === 'breached' ? 'breached' : 'met'}">
      ${t(sla.state === 'breached' ? 'slaPanel.doneBreached' : 'slaPanel.doneMet', { status: t(`status.${ticket.status}`).toLowerCase() })}
    </p>`;
  if (sla.paused) {
    return html`<p class="sla-headline tone-paused">
      <b>${t('slaPanel.paused')}</b
      >${sla.remainingMinutes !== null && html`<span class="sub">${t('slaPanel.pausedLeft', { time: formatMinutes(sla.remainingMinutes) })}</span>`}
    </p>`;
  }
  if (sla.remainingMinutes === null) {
    if (sla.state === 'breached')
      return html`<p class="sla-headline tone-breached"><b>${t('slaPanel.allMissed')}</b></p>`;
    return html`<p class="sla-headline tone-none">${t('slaPanel.noTargets')}</p>`;
  }
  const target = t(sla.pending === 'reaction' ? 'slaPanel.toReaction' : 'slaPanel.toResolution');
  if (sla.remainingMinutes < 0)
    return html`<p class="sla-headline tone-breached">
      <b>${t('slaPanel.overdue', { time: formatMinutes(sla.remainingMinutes) })}</b><span class="sub">${target}</span>
    </p>`;
  return html`<p class=${`sla-headline tone-${sla.state}`}>
    <b class="sla-left">${t('slaPanel.left', { time: formatMinutes(sla.remainingMinutes) })}</b>
    <span class="sub">${target}, ${t('slaPanel.businessHours')}</span>
  </p>`;
}

/**
 * The ticket's SLA panel: agreement, state, the business-time countdown, both deadlines in the viewer's zone
 * (and the calendar's, when it differs), pauses, breaches, a manual deadline and why the deadline is what it is.
 */
export function SlaPanel({ ticket, me, onChanged }) {
  const [state, setState] = useState({ sla: undefined, error: null });
  const [tick, setTick] = useState(0);
  const key = `${ticket.id}:${ticket.updatedAt}:${ticket.agreementId}:${ticket.slaState}:${ticket.firstResponseAt}`;
  useEffect(() => {
    let live = true;
    if (!ticket.agreementId) {
      setState({ sla: null, error: null });
      return undefined;
    }
    api.get(`/tickets/${ticket.id}/sla?explain=true`).then(
      (sla) => live && setState({ sla, error: null }),
      (error) => live && setState({ sla: null, error }),
    );
    return () => {
      live = false;
    };
  }, [key, tick]);
  useEffect(() => {
    const timer = setInterval(() => document.visibilityState === 'visible' && setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const { sla, error } = state;
  const canEdit = may(me, 'ticket.update');
  if (sla === undefined && !error)
    return html`<section class="sla-panel" aria-busy="true">
      <h3>${t('slaPanel.title')}</h3>
      <p class="muted">${t('common.loading')}</p>
    </section>`;
  if (!sla) {
    return html`<section class="sla-panel tone-none" aria-labelledby="sla-title">
      <div class="sla-panel-head">
        <h3 id="sla-title">${t('slaPanel.title')}</h3>
        <span class="sla sla-none">${t('sla.state.none')}</span>
      </div>
      <${ErrorBox} error=${error} />
      <p class="muted">${t('slaPanel.noAgreement')}</p>
      ${canEdit && html`<${AgreementPicker} ticket=${ticket} sla=${null} onChanged=${onChanged} />`}
    </section>`;
  }
  const zone = sla.timezone;
  // Breaches are recorded by the minutely sweep; until it runs, a deadline already past is missed all the same.
  const past = (iso) => iso && Date.parse(iso) <= Date.now() && !DONE.has(ticket.status) && !sla.paused;
  const reactionMissed =
    ticket.reactionBreachedAt ?? (!ticket.firstResponseAt && past(sla.reactionDue) ? sla.reactionDue : null);
  const resolutionMissed = ticket.resolutionBreachedAt ?? (past(sla.resolutionDue) ? sla.resolutionDue : null);
  return html`<section class=${`sla-panel tone-${sla.state}`} aria-labelledby="sla-title">
    <div class="sla-panel-head">
      <h3 id="sla-title">${t('slaPanel.title')}</h3>
      <span class=${`sla sla-${sla.state}`} data-state=${sla.state}>${t(`sla.state.${sla.state}`)}</span>
    </div>
    <div class="sla-agreement">
      ${t('slaPanel.agreement')} <a href=${`/agreements/${sla.agreementId}`}>№ ${sla.agreementNumber}</a>
    </div>
    <${Countdown} sla=${sla} ticket=${ticket} />
    <dl class="sla-deadlines">
      <dt>${t('slaPanel.reaction')}</dt>
      <dd>
        ${sla.reactionDue ? html`<${Instant} iso=${sla.reactionDue} zone=${zone} />` : html`<span class="muted">${t('slaPanel.noTarget')}</span>`}
        ${ticket.firstResponseAt && html`<div class=${reactionMissed ? 'bad' : 'good'}>${t(reactionMissed ? 'slaPanel.answeredLate' : 'slaPanel.answered', { time: when(ticket.firstResponseAt) })}</div>`}
        ${reactionMissed && !ticket.firstResponseAt && html`<div class="bad">${t('slaPanel.missedAt', { time: when(reactionMissed) })}</div>`}
      </dd>
      <dt>${t('slaPanel.resolution')}</dt>
      <dd>
        ${sla.resolutionDue ? html`<${Instant} iso=${sla.resolutionDue} zone=${zone} />` : html`<span class="muted">${t('slaPanel.noTarget')}</span>`}
        ${
          ticket.manualDeadline &&
          html` <span class="badge manual">${t('slaPanel.manual')}</span>
            <div class="muted manual-reason">${t('slaPanel.reason', { reason: ticket.deadlineReason ?? '' })}</div>`
        }
        ${resolutionMissed && html`<div class="bad">${t('slaPanel.missedAt', { time: when(resolutionMissed) })}</div>`}
      </dd>
      ${
        (sla.pausedMinutes > 0 || sla.paused) &&
        html`<dt>${t('slaPanel.pausedTotal')}</dt>
          <dd>${t('slaPanel.pausedMinutes', { time: formatMinutes(sla.pausedMinutes) })}</dd>`
      }
      ${
        sla.warnAt &&
        sla.state === 'ok' &&
        !DONE.has(ticket.status) &&
        html`<dt>${t('slaPanel.warnAt')}</dt>
          <dd><${Instant} iso=${sla.warnAt} zone=${zone} /></dd>`
      }
    </dl>
    ${zone !== viewerZone() && html`<p class="hint">${t('slaPanel.zoneNote', { mine: viewerZone(), zone })}</p>`}
    <${Why} sla=${sla} ticket=${ticket} />
    ${canEdit && !DONE.has(ticket.status) && html`<${ManualDeadline} key=${key} ticket=${ticket} sla=${sla} onChanged=${onChanged} />`}
    ${canEdit && html`<${AgreementPicker} ticket=${ticket} sla=${sla} onChanged=${onChanged} />`}
  </section>`;
}
