import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import {
  engineWarning,
  enginePhrase,
  errorsByField,
  formatDayShort,
  formatDuration,
  formatInstant,
} from '../calendar-format.js';
import { isKnownZone, localInputToIso, utcToLocalInput, viewerZone } from '../zone-input.js';
import { FieldError } from './intervals.js';
import { ErrorBox } from './error.js';
import { useSubmit } from './use-submit.js';

/** A translated sentence with elements in its {placeholders}. */
function sentence(key, parts) {
  return t(key)
    .split(/(\{\w+\})/)
    .map((piece) => (/^\{\w+\}$/.test(piece) ? parts[piece.slice(1, -1)] : piece));
}

const hhmmOf = (localIso) => localIso.slice(11, 16);

/** The explanation of a deadline: counted intervals in the calendar's local time, skipped days, pauses, warnings. */
function Explanation({ result }) {
  const total = (result.intervals ?? []).reduce((s, i) => s + i.minutes, 0);
  return html`<div class="explanation">
    ${result.warnings?.length > 0 && html`<div class="warning" role="note">${result.warnings.map((w) => html`<div>${engineWarning(w)}</div>`)}</div>`}
    <h3>${t('cal.preview.counted')}</h3>
    ${
      result.intervals?.length
        ? html`<table class="grid compact">
            <thead>
              <tr>
                <th>${t('cal.preview.date')}</th>
                <th>${t('cal.preview.time')}</th>
                <th class="num">${t('cal.preview.minutes')}</th>
                <th>${t('cal.preview.note')}</th>
              </tr>
            </thead>
            <tbody>
              ${result.intervals.map(
                (i) =>
                  html`<tr>
                    <td class="nowrap">${formatDayShort(i.date)}</td>
                    <td class="nowrap">
                      ${hhmmOf(i.from)}–${hhmmOf(i.to)}${i.to.slice(0, 10) !== i.date ? html` <span class="muted">(${formatDayShort(i.to.slice(0, 10))})</span>` : ''}
                    </td>
                    <td class="num">${formatDuration(i.minutes)}</td>
                    <td class="muted">${enginePhrase(i.note)}</td>
                  </tr>`,
              )}
            </tbody>
            <tfoot>
              <tr>
                <td colspan="2">${t('cal.preview.total')}</td>
                <td class="num">${formatDuration(total)}</td>
                <td></td>
              </tr>
            </tfoot>
          </table>`
        : html`<p class="muted">${t('cal.preview.nothingCounted')}</p>`
    }
    ${
      result.skipped?.length > 0 &&
      html`<h3>${t('cal.preview.skipped')}</h3>
        <ul class="plain-list">
          ${result.skipped.map((s) => html`<li>${formatDayShort(s.date)} — <span class="muted">${enginePhrase(s.reason)}</span></li>`)}
        </ul>`
    }
    ${
      result.paused?.length > 0 &&
      html`<h3>${t('cal.preview.paused')}</h3>
        <ul class="plain-list">
          ${result.paused.map((p) => html`<li>${formatDayShort(p.from.slice(0, 10))} ${hhmmOf(p.from)} — ${formatDayShort(p.to.slice(0, 10))} ${hhmmOf(p.to)}${' '}<span class="muted">${t('cal.preview.pauseStopped', { time: formatDuration(p.minutes) })}</span></li>`)}
        </ul>`
    }
  </div>`;
}

/**
 * "A ticket at <time> with a target of <N h> is due at <time>", for the document being edited (saved or not).
 * Times are entered and shown in the calendar's zone; the request carries UTC instants.
 */
export function DeadlinePreview({ calendar }) {
  const zone = calendar.timezone;
  const [start, setStart] = useState(() =>
    isKnownZone(zone) ? utcToLocalInput(Math.floor(Date.now() / 3600000) * 3600000, zone) : '',
  );
  const [hours, setHours] = useState('8');
  const [minutes, setMinutes] = useState('0');
  const [pauses, setPauses] = useState([]);
  const [state, setState] = useState({ result: null, asked: null, errors: {} });
  // The calendar document (as JSON) the shown result was asked for.
  const lastRun = useRef(null);
  const calendarJson = JSON.stringify(calendar);

  const preview = useSubmit(
    async () => {
      const doc = calendar;
      const target = Math.round((Number(hours) || 0) * 60 + (Number(minutes) || 0));
      const startIso = localInputToIso(start, doc.timezone);
      if (!startIso) {
        setState({
          result: null,
          asked: null,
          errors: { start: t(isKnownZone(doc.timezone) ? 'cal.err.startMissing' : 'cal.err.zone') },
        });
        return;
      }
      const body = {
        document: doc,
        start: startIso,
        minutes: target,
        pauses: pauses
          .map((p) => ({ from: localInputToIso(p.from, doc.timezone), to: localInputToIso(p.to, doc.timezone) }))
          .filter((p) => p.from && p.to),
        explain: true,
      };
      lastRun.current = JSON.stringify(doc);
      const result = await api.post('/calendars/preview', body);
      setState({ result, asked: { start: startIso, minutes: target, zone: doc.timezone }, errors: {} });
    },
    { onError: (err) => setState({ result: null, asked: null, errors: errorsByField(err.problem) }) },
  );

  // A shown result follows the calendar as it is edited, so it never describes an older version; an edit made
  // while a preview is on its way is asked for once that one is back.
  useEffect(() => {
    if (!preview.busy && state.result && lastRun.current !== calendarJson) preview.run();
  }, [calendarJson, preview.busy]);

  const { result, asked, errors } = state;
  // A refusal of this form's own fields shows beside them; one of the calendar's asks to fix the calendar first.
  const own = ['start', 'minutes', 'pauses'].some((f) => errors[f]);
  const error = own ? null : Object.keys(errors).length && preview.error ? t('cal.preview.fixCalendar') : preview.error;
  const setPause = (i, key) => (e) => setPauses(pauses.map((p, k) => (k === i ? { ...p, [key]: e.target.value } : p)));
  const showsOtherZone = asked && viewerZone() !== asked.zone;
  return html`<section class="card preview" aria-labelledby="preview-title">
    <h2 id="preview-title">${t('cal.preview.title')}</h2>
    <form class="preview-form" onSubmit=${preview.onSubmit}>
      <label class="wide"
        >${t('cal.preview.start', { zone })}
        <input
          type="datetime-local"
          name="start"
          value=${start}
          required
          onInput=${(e) => setStart(e.target.value)}
          aria-invalid=${errors.start ? 'true' : undefined}
          aria-describedby=${errors.start ? 'start-error' : undefined} />
        <${FieldError} id="start-error" error=${errors.start}
      /></label>
      <fieldset class="target">
        <legend>${t('cal.preview.target')}</legend>
        <label
          ><input
            type="number"
            name="hours"
            min="0"
            step="1"
            value=${hours}
            onInput=${(e) => setHours(e.target.value)}
            aria-label=${t('cal.preview.targetHours')}
          />
          <span aria-hidden="true">${t('cal.unit.h')}</span></label
        >
        <label
          ><input
            type="number"
            name="minutes"
            min="0"
            max="59"
            step="1"
            value=${minutes}
            onInput=${(e) => setMinutes(e.target.value)}
            aria-label=${t('cal.preview.targetMinutes')}
            aria-invalid=${errors.minutes ? 'true' : undefined}
            aria-describedby=${errors.minutes ? 'minutes-error' : undefined}
          />
          <span aria-hidden="true">${t('cal.unit.min')}</span></label
        >
        <${FieldError} id="minutes-error" error=${errors.minutes} />
      </fieldset>
      <fieldset class="pauses">
        <legend>${t('cal.preview.pauses')}</legend>
        ${pauses.length === 0 && html`<p class="muted hint">${t('cal.preview.pausesHint')}</p>`}
        ${pauses.map(
          (p, i) =>
            html`<div class="pause-row">
              <span class="pause-label" aria-hidden="true">${t('cal.preview.from')}</span>
              <input
                type="datetime-local"
                name=${`pause-${i}-from`}
                aria-label=${t('cal.preview.pauseFrom', { n: i + 1 })}
                value=${p.from}
                onInput=${setPause(i, 'from')}
              />
              <span class="pause-label" aria-hidden="true">${t('cal.preview.to')}</span>
              <input
                type="datetime-local"
                name=${`pause-${i}-to`}
                aria-label=${t('cal.preview.pauseTo', { n: i + 1 })}
                value=${p.to}
                onInput=${setPause(i, 'to')}
              />
              <button
                type="button"
                class="icon-button"
                aria-label=${t('cal.preview.removePause', { n: i + 1 })}
                title=${t('cal.preview.removePause', { n: i + 1 })}
                onClick=${() => setPauses(pauses.filter((_, k) => k !== i))}
              >
                ×
              </button>
            </div>`,
        )}
        <button type="button" class="link" onClick=${() => setPauses([...pauses, { from: start, to: start }])}>
          + ${t('cal.preview.addPause')}
        </button>
        <${FieldError} id="pauses-error" error=${errors.pauses} />
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" disabled=${preview.busy}>${t('cal.preview.run')}</button>
      </div>
    </form>
    <${ErrorBox} error=${error} />
    ${
      result &&
      html`<div class="preview-result" aria-live="polite">
        <p class="sentence">
          ${sentence('cal.preview.sentence', {
            start: html`<time datetime=${asked.start}>${formatInstant(asked.start, asked.zone)}</time>`,
            target: html`<b>${formatDuration(asked.minutes)}</b>`,
            due: html`<time class="due" datetime=${result.due}>${formatInstant(result.due, asked.zone)}</time>`,
          })}
        </p>
        <p class="muted zone-note">
          ${t('cal.preview.inZone', { zone: asked.zone })}${showsOtherZone ? html` · ${t('cal.preview.yourZone', { zone: viewerZone(), time: formatInstant(result.due, viewerZone()) })}` : ''}
        </p>
        <${Explanation} result=${result} />
      </div>`
    }
  </section>`;
}
