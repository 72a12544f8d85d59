import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { DayDetails, YearGrid, YearLegend, YearTotals } from '../../components/year-view.js';
import { errorsByField } from '../../calendar-format.js';
import { todayIn } from '../../zone-input.js';

/**
 * The year view of the saved calendar, or a preview of the edits when there are any, so errors show live:
 * `liveErrors` are the preview's complaints by field, for the form to show beside the fields.
 * @param {{ id: number | null, documentJson: string, savedJson: string | null, year: number }} args
 */
export function useYearView({ id, documentJson, savedJson, year }) {
  const [state, setState] = useState({ view: /** @type {any} */ (null), error: /** @type {any} */ (null) });
  const [liveErrors, setLiveErrors] = useState(/** @type {Record<string, string>} */ ({}));
  useEffect(() => {
    let live = true;
    const fromSaved = id && documentJson === savedJson;
    const request = fromSaved
      ? api.get(`/calendars/${id}/year/${year}`)
      : api.post('/calendars/preview/year', { document: JSON.parse(documentJson), year });
    request.then(
      (view) => {
        if (!live) return;
        setState({ view, error: null });
        setLiveErrors({});
      },
      (err) => {
        if (!live) return;
        setState((s) => ({ view: s.view, error: err }));
        setLiveErrors(errorsByField(err.problem));
      },
    );
    return () => {
      live = false;
    };
  }, [documentJson, year, id, savedJson]);
  return { ...state, liveErrors };
}

/**
 * A year of the calendar day by day, with its totals, and the details of the selected day (where an editor
 * makes it a holiday or gives it hours of its own).
 * @param {{ year: number, onYear: (year: number) => void, yearView: ReturnType<typeof useYearView>,
 *   dirty: boolean, holidays: string[], canEdit: boolean, onToggleHoliday: (date: string) => void,
 *   onExplicit: (date: string, hours?: string[][]) => void, onClearExplicit: (date: string) => void }} props
 */
export function YearCard({
  year,
  onYear,
  yearView,
  dirty,
  holidays,
  canEdit,
  onToggleHoliday,
  onExplicit,
  onClearExplicit,
}) {
  const [selected, setSelected] = useState(/** @type {string | null} */ (null));
  const view = yearView.view?.year === year ? yearView.view : null;
  const selectedDay = view?.days.find((/** @type {{ date: string }} */ d) => d.date === selected) ?? null;
  return html`<section class="card year-card" aria-labelledby="year-title">
    <div class="year-head">
      <h2 id="year-title">${t('cal.yearTitle')}</h2>
      <div class="year-switch">
        <button
          type="button"
          class="icon-button"
          aria-label=${t('cal.prevYear')}
          title=${t('cal.prevYear')}
          disabled=${year <= 1970}
          onClick=${() => onYear(year - 1)}
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
          onClick=${() => onYear(year + 1)}
        >
          ›
        </button>
      </div>
      ${view && html`<${YearTotals} view=${view} />`}
      ${dirty && view && html`<span class="badge unsaved">${t('cal.yearPreview')}</span>`}
    </div>
    ${view?.missingProduction && html`<div class="warning" role="note">${t('cal.yearMissing', { year })}</div>`}
    ${yearView.error && html`<div class="error" role="alert">${Object.keys(yearView.liveErrors).length ? t('cal.yearInvalid') : yearView.error.message}</div>`}
    <${YearLegend} totals=${view?.totals} />
    ${
      view
        ? html`<${YearGrid}
            view=${view}
            selected=${selected}
            onSelect=${setSelected}
            today=${todayIn(view.timezone)}
            stale=${Boolean(yearView.error)}
          />`
        : !yearView.error && html`<p class="muted">${t('common.loading')}</p>`
    }
    <p class="hint">${t('cal.keyboardHint')}</p>
    <${DayDetails}
      day=${selectedDay}
      isHoliday=${Boolean(selectedDay && holidays.includes(selectedDay.date))}
      canEdit=${canEdit}
      onToggleHoliday=${onToggleHoliday}
      onExplicit=${onExplicit}
      onClearExplicit=${onClearExplicit}
    />
  </section>`;
}
