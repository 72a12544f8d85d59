import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { navigate } from '../../router.js';
import { ErrorBox } from '../../components/error.js';
import { useSubmit } from '../../components/use-submit.js';
import { FieldError } from '../../components/intervals.js';
import { DeadlinePreview } from '../../components/deadline-preview.js';
import { errorsByField, WEEK } from '../../calendar-format.js';
import { knownZones, todayIn } from '../../zone-input.js';
import { formOf, toDocument } from './calendar-document.js';
import { WeekHours } from './week-hours.js';
import { ExplicitDays, Holidays } from './calendar-dates.js';
import { YearCard, useYearView } from './calendar-year.js';

/**
 * @template T
 * @param {T} value
 * @param {number} ms
 */
function useDebounced(value, ms) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

// A notice that outlives the navigation from /calendars/new to the created calendar's page.
let flash = '';

/**
 * The calendar editor: name, zone, week, holidays and explicit days, with a live deadline preview and the
 * year view; saves the calendar (or creates it and moves to its page).
 * @param {{ id: number | null, initial: any, canEdit: boolean }} props
 */
export function CalendarEditor({ id, initial, canEdit }) {
  const [form, setForm] = useState(() => formOf(initial));
  const [savedJson, setSavedJson] = useState(() => (id ? JSON.stringify(toDocument(formOf(initial))) : null));
  const [saveErrors, setSaveErrors] = useState(/** @type {Record<string, string>} */ ({}));
  const [notice, setNotice] = useState(() => {
    const text = flash;
    flash = '';
    return text;
  });
  const [year, setYear] = useState(() => Number(todayIn(initial.timezone).slice(0, 4)));
  const focusAfter = useRef(/** @type {string | null} */ (null));
  const zones = useMemo(() => knownZones(), []);

  const doc = toDocument(form);
  const json = JSON.stringify(doc);
  const dirty = json !== savedJson;
  const debounced = useDebounced(json, 300);
  const previewDoc = useMemo(() => JSON.parse(debounced), [debounced]);
  const yearView = useYearView({ id, documentJson: debounced, savedJson, year });
  const errors = { ...yearView.liveErrors, ...saveErrors };
  const disabled = !canEdit;

  const save = useSubmit(
    async () => {
      if (!canEdit) return;
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
    },
    { onError: (err) => setSaveErrors(errorsByField(err.problem)) },
  );
  const remove = useSubmit(async () => {
    if (!confirm(t('cal.deleteConfirm', { name: form.name || t('cal.untitled') }))) return;
    await api.del(`/calendars/${id}`);
    navigate('/calendars');
  });

  /** @param {Partial<typeof form>} patch */
  const update = (patch) => {
    setForm((f) => ({ ...f, ...patch }));
    setSaveErrors({});
    save.setError(null);
    setNotice('');
  };
  /** @param {string} date @param {string[][]} intervals */
  const setDay = (date, intervals) => update({ days: { ...form.days, [date]: intervals } });
  /** @param {string} date */
  const removeDay = (date) =>
    update({ days: Object.fromEntries(Object.entries(form.days).filter(([d]) => d !== date)) });
  /** @param {string} date */
  const addHoliday = (date) =>
    date && !form.holidays.includes(date) && update({ holidays: [...form.holidays, date].sort() });
  /** @param {string} date */
  const toggleHoliday = (date) =>
    form.holidays.includes(date) ? update({ holidays: form.holidays.filter((d) => d !== date) }) : addHoliday(date);
  /** @param {string} date @param {string[][]} [hours] */
  const addExplicitDay = (date, hours) => {
    if (!date) return;
    if (!form.days[date]) {
      const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
      const fallback = form.week[WEEK[weekday]].length
        ? form.week[WEEK[weekday]]
        : form.week.mon.length
          ? form.week.mon
          : [['09:00', '18:00']];
      setDay(date, hours?.length ? hours : fallback);
    }
    focusAfter.current = `days.${date}.0.0`;
  };

  useEffect(() => {
    if (!focusAfter.current) return;
    /** @type {HTMLElement | null} */ (document.querySelector(`[name="${focusAfter.current}"]`))?.focus();
    focusAfter.current = null;
  });

  const fieldCount = Object.keys(saveErrors).length;
  const saveError = /** @type {any} */ (save.error);

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
        ${canEdit && id && html`<button type="button" class="danger" disabled=${remove.busy} onClick=${() => remove.run()}>${t('cal.delete')}</button>`}
        ${canEdit && html`<button type="submit" form="calendar-form" class="primary" disabled=${save.busy || (id && !dirty)}>${id ? t('common.save') : t('cal.create')}</button>`}
      </div>
    </div>
    ${saveError && html`<div class="error" role="alert">${fieldCount ? t('cal.notSavedFields') : saveError.message}</div>`}
    <${ErrorBox} error=${remove.error} />

    <div class="editor-columns">
      <form id="calendar-form" class="editor-main" onSubmit=${save.onSubmit}>
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
        <${WeekHours} week=${form.week} errors=${errors} canEdit=${canEdit} onChange=${(week) => update({ week })} />
        <${Holidays}
          holidays=${form.holidays}
          error=${errors.holidays}
          canEdit=${canEdit}
          onAdd=${addHoliday}
          onChange=${(holidays) => update({ holidays })}
        />
        <${ExplicitDays}
          days=${form.days}
          errors=${errors}
          canEdit=${canEdit}
          onAdd=${addExplicitDay}
          onChange=${setDay}
          onRemove=${removeDay}
        />
      </form>

      <aside class="editor-side"><${DeadlinePreview} calendar=${previewDoc} /></aside>
    </div>

    <${YearCard}
      year=${year}
      onYear=${setYear}
      yearView=${yearView}
      dirty=${dirty}
      holidays=${form.holidays}
      canEdit=${canEdit}
      onToggleHoliday=${toggleHoliday}
      onExplicit=${addExplicitDay}
      onClearExplicit=${removeDay}
    />
  </section>`;
}
