import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { ErrorBox } from '../components/error.js';
import { useData } from '../components/use-data.js';
import { FieldError, IntervalsEditor } from '../components/intervals.js';
import { DayDetails, YearGrid, YearLegend, YearTotals } from '../components/year-view.js';
import { DeadlinePreview } from '../components/deadline-preview.js';
import { errorsByField, formatDay, formatDuration, intervalMinutes, WEEK, weekSummary } from '../calendar-format.js';
import { isKnownZone, knownZones, todayIn, viewerZone } from '../zone.js';
import { canEditCalendars } from '../roles.js';

const presetName = (preset) => {
  const key = `cal.preset.${preset.key}`;
  const text = t(key);
  return text === key ? preset.name : text;
};

export function CalendarsPage({ me }) {
  const { data, error } = useData(
    () =>
      Promise.all([api.get('/calendars'), api.get('/calendars/presets'), api.get('/calendars/production')]).then(
        ([calendars, presets, production]) => ({
          calendars: calendars.items,
          presets: presets.items,
          production,
        }),
      ),
    [],
  );
  const [preset, setPreset] = useState('8x5-moscow-production');
  const canEdit = canEditCalendars(me);
  const create = (e) => {
    e.preventDefault();
    navigate(`/calendars/new${preset ? `?preset=${encodeURIComponent(preset)}` : ''}`);
  };
  const years = data?.production.years.map((y) => y.year).join(', ');
  return html` <section class="calendars-page">
    <div class="page-head"><h1>${t('cal.title')}</h1></div>
    <p class="muted lead">${t('cal.lead')}</p>
    <${ErrorBox} error=${error} />
    ${data?.production.warning && html`<div class="warning" role="note">${t('cal.productionMissing')}</div>`}
    ${
      data &&
      html`<div class="table-wrap">
        <table class="grid calendars-table">
          <thead>
            <tr>
              <th>${t('cal.name')}</th>
              <th>${t('cal.zone')}</th>
              <th>${t('cal.week')}</th>
              <th class="num">${t('cal.perWeek')}</th>
              <th>${t('cal.production')}</th>
            </tr>
          </thead>
          <tbody>
            ${data.calendars.map(
              (c) =>
                html`<tr>
                  <td><a href=${`/calendars/${c.id}`}>${c.name}</a></td>
                  <td class="nowrap">${c.timezone}</td>
                  <td class="muted">${weekSummary(c.week)}</td>
                  <td class="num">${formatDuration(WEEK.reduce((s, d) => s + intervalMinutes(c.week[d] ?? []), 0))}</td>
                  <td>
                    ${c.production === 'RU' ? html`<span class="chip prod-chip">${t('cal.productionShort')}</span>` : html`<span class="muted">—</span>`}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
        ${data.calendars.length === 0 && html`<p class="empty">${t('cal.none')}</p>`}
      </div>`
    }
    ${
      canEdit &&
      data &&
      html`<form class="inline-form new-calendar" onSubmit=${create}>
        <label for="preset">${t('cal.newFrom')}</label>
        <select id="preset" name="preset" value=${preset} onChange=${(e) => setPreset(e.target.value)}>
          ${data.presets.map((p) => html`<option value=${p.key}>${presetName(p)}</option>`)}
          <option value="">${t('cal.preset.blank')}</option>
        </select>
        <button type="submit" class="primary">${t('cal.create')}</button>
      </form>`
    }
    ${years && html`<p class="muted">${t('cal.productionYears', { years })}</p>`}
  </section>`;
}

function useDebounced(value, ms) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

const blankCalendar = () => {
  const nine = [['09:00', '18:00']];
  return {
    name: '',
    timezone: isKnownZone(viewerZone()) ? viewerZone() : 'Europe/Moscow',
    week: { mon: nine, tue: nine, wed: nine, thu: nine, fri: nine, sat: [], sun: [] },
  };
};

function formOf(calendar) {
  return {
    name: calendar.name ?? '',
    timezone: calendar.timezone,
    production: calendar.production === 'RU',
    week: Object.fromEntries(WEEK.map((d) => [d, calendar.week?.[d] ?? []])),
    holidays: [...(calendar.holidays ?? [])].sort(),
    days: calendar.days ?? {},
  };
}

/** The calendar document the API takes (with the name): what is saved, previewed and compared for changes. */
function toDocument(form) {
  return {
    name: form.name.trim(),
    timezone: form.timezone.trim(),
    week: form.week,
    holidays: form.holidays,
    days: Object.fromEntries(Object.entries(form.days).sort(([a], [b]) => a.localeCompare(b))),
    production: form.production ? 'RU' : null,
  };
}

export function CalendarEditorPage({ id, search, me }) {
  const presetKey = id ? null : new URLSearchParams(search).get('preset');
  const request = `${id}:${presetKey}`;
  const { data, error } = useData(async () => {
    if (id) return { request, calendar: await api.get(`/calendars/${id}`) };
    const { items } = await api.get('/calendars/presets');
    const preset = items.find((p) => p.key === presetKey);
    return { request, calendar: preset ? { name: presetName(preset), ...preset.document } : blankCalendar() };
  }, [request]);
  if (error)
    return html`<section>
      <a class="back" href="/calendars">← ${t('cal.title')}</a><${ErrorBox} error=${error} />
    </section>`;
  // useData still holds the previous page's calendar for one render after the address changes.
  if (data?.request !== request) return html`<p class="muted">${t('common.loading')}</p>`;
  const { calendar } = data;
  return html`<${CalendarEditor}
    key=${request}
    id=${calendar.id ?? null}
    initial=${calendar}
    canEdit=${canEditCalendars(me)}
  />`;
}

// A notice that outlives the navigation from /calendars/new to the created calendar's page.
let flash = '';

function CalendarEditor({ id, initial, canEdit }) {
  const [form, setForm] = useState(() => formOf(initial));
  const [savedJson, setSavedJson] = useState(() => (id ? JSON.stringify(toDocument(formOf(initial))) : null));
  const [saveErrors, setSaveErrors] = useState({});
  const [liveErrors, setLiveErrors] = useState({});
  const [saveError, setSaveError] = useState(null);
  const [notice, setNotice] = useState(() => {
    const text = flash;
    flash = '';
    return text;
  });
  const [busy, setBusy] = useState(false);
  const [newHoliday, setNewHoliday] = useState('');
  const [newDay, setNewDay] = useState('');
  const [selected, setSelected] = useState(null);
  const [year, setYear] = useState(() => Number(todayIn(initial.timezone).slice(0, 4)));
  const [yearState, setYearState] = useState({ view: null, error: null });
  const focusAfter = useRef(null);
  const zones = useMemo(() => knownZones(), []);

  const doc = toDocument(form);
  const json = JSON.stringify(doc);
  const dirty = json !== savedJson;
  const debounced = useDebounced(json, 300);
  const previewDoc = useMemo(() => JSON.parse(debounced), [debounced]);
  const errors = { ...liveErrors, ...saveErrors };
  const disabled = !canEdit;

  const update = (patch) => {
    setForm((f) => ({ ...f, ...patch }));
    setSaveErrors({});
    setSaveError(null);
    setNotice('');
  };
  const setWeekday = (day) => (intervals) => update({ week: { ...form.week, [day]: intervals } });
  const setDay = (date) => (intervals) => update({ days: { ...form.days, [date]: intervals } });
  const removeDay = (date) =>
    update({ days: Object.fromEntries(Object.entries(form.days).filter(([d]) => d !== date)) });
  const addHoliday = (date) =>
    date && !form.holidays.includes(date) && update({ holidays: [...form.holidays, date].sort() });
  const toggleHoliday = (date) =>
    form.holidays.includes(date) ? update({ holidays: form.holidays.filter((d) => d !== date) }) : addHoliday(date);
  const addExplicitDay = (date, hours) => {
    if (!date) return;
    if (!form.days[date]) {
      const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
      const fallback = form.week[WEEK[weekday]].length
        ? form.week[WEEK[weekday]]
        : form.week.mon.length
          ? form.week.mon
          : [['09:00', '18:00']];
      setDay(date)(hours?.length ? hours : fallback);
    }
    focusAfter.current = `days.${date}.0.0`;
  };

  useEffect(() => {
    if (!focusAfter.current) return;
    document.querySelector(`[name="${focusAfter.current}"]`)?.focus();
    focusAfter.current = null;
  });

  // The year view shows the saved calendar, or a preview of the edits when there are any (so errors show live).
  useEffect(() => {
    let live = true;
    const fromSaved = id && debounced === savedJson;
    const request = fromSaved
      ? api.get(`/calendars/${id}/year/${year}`)
      : api.post('/calendars/preview/year', { document: JSON.parse(debounced), year });
    request.then(
      (view) => {
        if (!live) return;
        setYearState({ view, error: null });
        setLiveErrors({});
      },
      (err) => {
        if (!live) return;
        setYearState((s) => ({ view: s.view, error: err }));
        setLiveErrors(errorsByField(err.problem));
      },
    );
    return () => {
      live = false;
    };
  }, [debounced, year, id, savedJson]);

  const save = async (e) => {
    e.preventDefault();
    if (!canEdit) return;
    setBusy(true);
    setSaveError(null);
    try {
      if (id) {
        const saved = await api.put(`/calendars/${id}`, doc);
        const next = formOf(saved);
        setForm(next);
        setSavedJson(JSON.stringify(toDocument(next)));
        setNotice(t('cal.saved'));
      } else {
        const created = await api.post('/calendars', doc);
        flash = t('cal.created');
        navigate(`/calendars/${created.id}`, { replace: true });
      }
    } catch (err) {
      setSaveError(err);
      setSaveErrors(errorsByField(err.problem));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!confirm(t('cal.deleteConfirm', { name: form.name || t('cal.untitled') }))) return;
    try {
      await api.del(`/calendars/${id}`);
      navigate('/calendars');
    } catch (err) {
      setSaveError(err);
    }
  };

  const onDateKey = (add) => (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    add();
  };
  const weekMinutes = WEEK.reduce((s, d) => s + intervalMinutes(form.week[d]), 0);
  const view = yearState.view?.year === year ? yearState.view : null;
  const selectedDay = view?.days.find((d) => d.date === selected) ?? null;
  const dayEntries = Object.entries(form.days).sort(([a], [b]) => a.localeCompare(b));
  const fieldCount = Object.keys(saveErrors).length;

  return html` <section class="calendar-editor">
    <div class="page-head editor-head">
      <div>
        <a class="back" href="/calendars">← ${t('cal.title')}</a>
        <h1>${form.name.trim() || (id ? t('cal.untitled') : t('cal.new'))}</h1>
      </div>
      <div class="head-actions">
        ${dirty && canEdit && html`<span class="badge unsaved">${id ? t('cal.unsaved') : t('cal.notCreated')}</span>`}
        ${notice && html`<span class="saved-note" role="status">${notice}</span>`}
        ${!canEdit && html`<span class="muted">${t('cal.readOnly')}</span>`}
        ${canEdit && id && html`<button type="button" class="danger" onClick=${remove}>${t('cal.delete')}</button>`}
        ${canEdit && html`<button type="submit" form="calendar-form" class="primary" disabled=${busy || (id && !dirty)}>${id ? t('common.save') : t('cal.create')}</button>`}
      </div>
    </div>
    ${saveError && html`<div class="error" role="alert">${fieldCount ? t('cal.notSavedFields') : saveError.message}</div>`}

    <div class="editor-columns">
      <form id="calendar-form" class="editor-main" onSubmit=${save}>
        <section class="card" aria-labelledby="general-title">
          <h2 id="general-title">${t('cal.general')}</h2>
          <div class="form-grid">
            <label
              >${t('cal.name')}
              <input
                name="name"
                required
                maxlength="200"
                value=${form.name}
                disabled=${disabled}
                onInput=${(e) => update({ name: e.target.value })}
                aria-invalid=${errors.name ? 'true' : undefined}
                aria-describedby=${errors.name ? 'name-error' : undefined} />
              <${FieldError} id="name-error" error=${errors.name}
            /></label>
            <label
              >${t('cal.zone')}
              <input
                name="timezone"
                list="zone-list"
                required
                maxlength="64"
                autocomplete="off"
                spellcheck="false"
                value=${form.timezone}
                disabled=${disabled}
                onInput=${(e) => update({ timezone: e.target.value })}
                aria-invalid=${errors.timezone ? 'true' : undefined}
                aria-describedby=${errors.timezone ? 'timezone-error' : 'timezone-hint'}
              />
              <datalist id="zone-list">${zones.map((z) => html`<option value=${z}></option>`)}</datalist>
              ${errors.timezone ? html`<${FieldError} id="timezone-error" error=${errors.timezone} />` : html`<span class="hint" id="timezone-hint">${t('cal.zoneHint')}</span>`}</label
            >
            <label class="wide checkbox">
              <input
                type="checkbox"
                name="production"
                checked=${form.production}
                disabled=${disabled}
                onChange=${(e) => update({ production: e.target.checked })}
              />
              <span>${t('cal.useProduction')}<span class="hint block">${t('cal.useProductionHint')}</span></span></label
            >
          </div>
        </section>

        <section class="card" aria-labelledby="week-title">
          <h2 id="week-title">${t('cal.week')}</h2>
          <table class="week-grid">
            <thead>
              <tr>
                <th scope="col">${t('cal.dayCol')}</th>
                <th scope="col">${t('cal.hoursCol')}</th>
                <th scope="col" class="num">${t('cal.totalCol')}</th>
              </tr>
            </thead>
            <tbody>
              ${WEEK.map(
                (day) =>
                  html`<tr class=${errors[`week.${day}`] ? 'has-error' : ''}>
                    <th scope="row">${t(`cal.dayLong.${day}`)}</th>
                    <td>
                      <${IntervalsEditor}
                        name=${`week.${day}`}
                        label=${t(`cal.dayLong.${day}`)}
                        intervals=${form.week[day]}
                        onChange=${setWeekday(day)}
                        disabled=${disabled}
                        error=${errors[`week.${day}`]}
                      />
                    </td>
                    <td class="num muted">
                      ${intervalMinutes(form.week[day]) ? formatDuration(intervalMinutes(form.week[day])) : '—'}
                    </td>
                  </tr>`,
              )}
            </tbody>
            <tfoot>
              <tr>
                <td colspan="2">
                  ${canEdit && html`<button type="button" class="link" onClick=${() => update({ week: { ...form.week, tue: form.week.mon, wed: form.week.mon, thu: form.week.mon, fri: form.week.mon } })}>${t('cal.copyMonday')}</button>`}
                </td>
                <td class="num"><b>${formatDuration(weekMinutes)}</b> ${t('cal.perWeekShort')}</td>
              </tr>
            </tfoot>
          </table>
        </section>

        <section class="card" aria-labelledby="holidays-title">
          <h2 id="holidays-title">${t('cal.holidays')}</h2>
          <p class="hint">${t('cal.holidaysHint')}</p>
          ${form.holidays.length === 0 && html`<p class="muted">${t('cal.noHolidays')}</p>`}
          <ul class="date-chips">
            ${form.holidays.map(
              (date, i) =>
                html`<li class=${`date-chip${errors.holidays ? ' bad' : ''}`}>
                  ${formatDay(date)}
                  ${
                    canEdit &&
                    html`<button
                      type="button"
                      class="icon-button"
                      aria-label=${t('cal.removeHoliday', { date: formatDay(date) })}
                      title=${t('cal.removeHoliday', { date: formatDay(date) })}
                      onClick=${() => update({ holidays: form.holidays.filter((_, k) => k !== i) })}
                    >
                      ×
                    </button>`
                  }
                </li>`,
            )}
          </ul>
          <${FieldError} id="holidays-error" error=${errors.holidays} />
          ${
            canEdit &&
            html`<div class="inline-form">
              <input
                type="date"
                name="new-holiday"
                aria-label=${t('cal.holidayDate')}
                value=${newHoliday}
                onInput=${(e) => setNewHoliday(e.target.value)}
                onKeyDown=${onDateKey(() => {
                  addHoliday(newHoliday);
                  setNewHoliday('');
                })}
              />
              <button
                type="button"
                disabled=${!newHoliday}
                onClick=${() => {
                  addHoliday(newHoliday);
                  setNewHoliday('');
                }}
              >
                ${t('cal.addHoliday')}
              </button>
            </div>`
          }
        </section>

        <section class="card" aria-labelledby="days-title">
          <h2 id="days-title">${t('cal.days')}</h2>
          <p class="hint">${t('cal.daysHint')}</p>
          ${dayEntries.length === 0 && html`<p class="muted">${t('cal.noDays')}</p>`}
          ${
            dayEntries.length > 0 &&
            html`<table class="week-grid">
              <tbody>
                ${dayEntries.map(
                  ([date, intervals]) =>
                    html`<tr class=${errors[`days.${date}`] ? 'has-error' : ''}>
                      <th scope="row" class="nowrap">${formatDay(date)}</th>
                      <td>
                        <${IntervalsEditor}
                          name=${`days.${date}`}
                          label=${formatDay(date)}
                          intervals=${intervals}
                          onChange=${setDay(date)}
                          disabled=${disabled}
                          error=${errors[`days.${date}`]}
                        />
                      </td>
                      <td class="num">
                        ${canEdit && html`<button type="button" class="icon-button" aria-label=${t('cal.removeDay', { date: formatDay(date) })} title=${t('cal.removeDay', { date: formatDay(date) })} onClick=${() => removeDay(date)}>×</button>`}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          }
          ${
            canEdit &&
            html`<div class="inline-form">
              <input
                type="date"
                name="new-day"
                aria-label=${t('cal.dayDate')}
                value=${newDay}
                onInput=${(e) => setNewDay(e.target.value)}
                onKeyDown=${onDateKey(() => {
                  addExplicitDay(newDay);
                  setNewDay('');
                })}
              />
              <button
                type="button"
                disabled=${!newDay}
                onClick=${() => {
                  addExplicitDay(newDay);
                  setNewDay('');
                }}
              >
                ${t('cal.addDay')}
              </button>
            </div>`
          }
        </section>
      </form>

      <aside class="editor-side"><${DeadlinePreview} calendar=${previewDoc} /></aside>
    </div>

    <section class="card year-card" aria-labelledby="year-title">
      <div class="year-head">
        <h2 id="year-title">${t('cal.yearTitle')}</h2>
        <div class="year-switch">
          <button
            type="button"
            class="icon-button"
            aria-label=${t('cal.prevYear')}
            title=${t('cal.prevYear')}
            disabled=${year <= 1970}
            onClick=${() => setYear(year - 1)}
          >
            ‹
          </button>
          <span class="year-number" data-year=${year} aria-live="polite">${year}</span>
          <button
            type="button"
            class="icon-button"
            aria-label=${t('cal.nextYear')}
            title=${t('cal.nextYear')}
            disabled=${year >= 2200}
            onClick=${() => setYear(year + 1)}
          >
            ›
          </button>
        </div>
        ${view && html`<${YearTotals} view=${view} />`}
        ${dirty && view && html`<span class="badge unsaved">${t('cal.yearPreview')}</span>`}
      </div>
      ${view?.missingProduction && html`<div class="warning" role="note">${t('cal.yearMissing', { year })}</div>`}
      ${yearState.error && html`<div class="error" role="alert">${Object.keys(liveErrors).length ? t('cal.yearInvalid') : yearState.error.message}</div>`}
      <${YearLegend} totals=${view?.totals} />
      ${
        view
          ? html`<${YearGrid}
              view=${view}
              selected=${selected}
              onSelect=${setSelected}
              today=${todayIn(view.timezone)}
              stale=${Boolean(yearState.error)}
            />`
          : !yearState.error && html`<p class="muted">${t('common.loading')}</p>`
      }
      <p class="hint">${t('cal.keyboardHint')}</p>
      <${DayDetails}
        day=${selectedDay}
        isHoliday=${Boolean(selectedDay && form.holidays.includes(selectedDay.date))}
        canEdit=${canEdit}
        onToggleHoliday=${toggleHoliday}
        onExplicit=${addExplicitDay}
        onClearExplicit=${removeDay}
      />
    </section>
  </section>`;
}
