import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { formatMinutes } from '../format.js';
import { PRIORITIES, TYPES, joinMinutes, splitMinutes, tierLabel } from '../agreement-format.js';

let nextKey = 1;
const row = (priority, type, reaction, resolution) => ({
  key: `r${nextKey++}`,
  priority,
  type,
  reaction: splitMinutes(reaction),
  resolution: splitMinutes(resolution),
});

/** Editor rows of a target list: P1–P4 for all types always (empty when absent), then the per-type rows. */
export function rowsFromTargets(targets) {
  const base = PRIORITIES.map((p) => {
    const target = targets.find((x) => x.priority === p && !x.type);
    return row(p, null, target?.reactionMinutes ?? null, target?.resolutionMinutes ?? null);
  });
  const typed = targets
    .filter((x) => x.type)
    .sort(
      (a, b) =>
        PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) ||
        TYPES.indexOf(a.type) - TYPES.indexOf(b.type),
    )
    .map((x) => row(x.priority, x.type, x.reactionMinutes, x.resolutionMinutes));
  return [...base, ...typed];
}

/**
 * The target list the API takes, with the row each target came from (so the server's errors land on the right
 * row) and the mistakes found before asking: minutes over 59, a resolution without a reaction.
 */
export function targetsFromRows(rows) {
  const targets = [];
  const keys = [];
  const errors = {};
  for (const r of rows) {
    const reaction = joinMinutes(r.reaction);
    const resolution = joinMinutes(r.resolution);
    if (Number.isNaN(reaction)) errors[`${r.key}.reaction`] = t('matrix.err.time');
    if (Number.isNaN(resolution)) errors[`${r.key}.resolution`] = t('matrix.err.time');
    if (Number.isNaN(reaction) || Number.isNaN(resolution)) continue;
    if (reaction === null || reaction === 0) {
      if (resolution !== null || r.type) errors[`${r.key}.reaction`] = t('matrix.err.reactionRequired');
      continue;
    }
    if (resolution !== null && resolution < reaction) errors[`${r.key}.resolution`] = t('agr.err.resolutionShort');
    targets.push({
      priority: r.priority,
      type: r.type,
      reactionMinutes: reaction,
      resolutionMinutes: resolution === 0 ? null : resolution,
    });
    keys.push(r.key);
  }
  return { targets, keys, errors };
}

/** Server errors ("targets.3.resolutionMinutes") → the editor's row keys. */
export function rowErrors(fields, keys) {
  const out = {};
  for (const [path, message] of Object.entries(fields)) {
    const m = /^targets\.(\d+)(?:\.(reactionMinutes|resolutionMinutes))?$/.exec(path);
    if (!m || !keys[Number(m[1])]) continue;
    out[`${keys[Number(m[1])]}.${m[2] === 'resolutionMinutes' ? 'resolution' : 'reaction'}`] = message;
  }
  return out;
}

function Duration({ value, onChange, label, disabled, error, id, optional }) {
  const set = (part) => (e) => onChange({ ...value, [part]: e.target.value });
  const describedBy = error ? `${id}-error` : undefined;
  return html`<div class=${`duration${error ? ' has-error' : ''}`} role="group" aria-label=${label}>
    <input
      type="number"
      min="0"
      step="1"
      inputmode="numeric"
      name=${`${id}.h`}
      value=${value.h}
      disabled=${disabled}
      placeholder=${optional ? '—' : '0'}
      aria-label=${t('matrix.hoursOf', { what: label })}
      aria-invalid=${error ? 'true' : undefined}
      aria-describedby=${describedBy}
      onInput=${set('h')}
    />
    <span class="unit" aria-hidden="true">${t('cal.unit.h')}</span>
    <input
      type="number"
      min="0"
      max="59"
      step="1"
      inputmode="numeric"
      name=${`${id}.m`}
      value=${value.m}
      disabled=${disabled}
      placeholder=${optional ? '—' : '0'}
      aria-label=${t('matrix.minutesOf', { what: label })}
      aria-invalid=${error ? 'true' : undefined}
      aria-describedby=${describedBy}
      onInput=${set('m')}
    />
    <span class="unit" aria-hidden="true">${t('cal.unit.min')}</span>
    ${error && html`<div class="field-error" id=${`${id}-error`} role="alert">${error}</div>`}
  </div>`;
}

/**
 * The SLA matrix: reaction and resolution per priority (P1–P4) in business hours and minutes of the
 * agreement's calendar, optional rows for one ticket type, and the tier presets to start from.
 */
export function SlaMatrix({ rows, onChange, errors = {}, disabled, presets, calendarName }) {
  const [newPriority, setNewPriority] = useState('P1');
  const [newType, setNewType] = useState('incident');
  const update = (key, patch) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const exists = rows.some((r) => r.priority === newPriority && r.type === newType);
  const addRow = () => {
    if (exists) return;
    const base = rows.find((r) => r.priority === newPriority && !r.type);
    const added = {
      ...row(newPriority, newType, null, null),
      reaction: { ...base.reaction },
      resolution: { ...base.resolution },
    };
    const sorted = [...rows, added].sort(
      (a, b) =>
        Number(Boolean(a.type)) - Number(Boolean(b.type)) ||
        PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) ||
        TYPES.indexOf(a.type) - TYPES.indexOf(b.type),
    );
    onChange(sorted);
  };
  const applyPreset = (preset) => onChange(rowsFromTargets(preset.targets));
  return html`<div class="sla-matrix-editor">
    ${
      !disabled &&
      presets?.length > 0 &&
      html`<div class="preset-bar">
        <span class="muted">${t('matrix.presets')}</span>
        ${presets.map((p) => html`<button type="button" class="preset" onClick=${() => applyPreset(p)} title=${p.targets.map((x) => `${x.priority}: ${formatMinutes(x.reactionMinutes)} / ${x.resolutionMinutes ? formatMinutes(x.resolutionMinutes) : '—'}`).join('; ')}>${tierLabel(p.tier)}</button>`)}
      </div>`
    }
    <table class="sla-matrix">
      <thead>
        <tr>
          <th scope="col">${t('field.priority')}</th>
          <th scope="col">${t('matrix.type')}</th>
          <th scope="col">${t('matrix.reaction')}</th>
          <th scope="col">${t('matrix.resolution')}</th>
          <th scope="col"><span class="visually-hidden">${t('matrix.actions')}</span></th>
        </tr>
      </thead>
      <tbody>
        ${rows.map((r) => {
          const name = `${r.priority}, ${r.type ? t(`type.${r.type}`) : t('matrix.allTypes')}`;
          return html`<tr class=${r.type ? 'typed' : 'base'} data-row=${`${r.priority}:${r.type ?? ''}`}>
            <th scope="row"><span class=${`prio prio-${r.priority}`}>${r.priority}</span></th>
            <td class=${r.type ? '' : 'muted'}>${r.type ? t(`type.${r.type}`) : t('matrix.allTypes')}</td>
            <td>
              <${Duration}
                id=${`${r.key}.reaction`}
                value=${r.reaction}
                label=${t('matrix.reactionOf', { row: name })}
                disabled=${disabled}
                error=${errors[`${r.key}.reaction`]}
                onChange=${(v) => update(r.key, { reaction: v })}
              />
            </td>
            <td>
              <${Duration}
                id=${`${r.key}.resolution`}
                value=${r.resolution}
                label=${t('matrix.resolutionOf', { row: name })}
                disabled=${disabled}
                optional
                error=${errors[`${r.key}.resolution`]}
                onChange=${(v) => update(r.key, { resolution: v })}
              />
            </td>
            <td class="num">
              ${
                r.type &&
                !disabled &&
                html`<button
                  type="button"
                  class="icon-button"
                  aria-label=${t('matrix.removeRow', { row: name })}
                  title=${t('matrix.removeRow', { row: name })}
                  onClick=${() => onChange(rows.filter((x) => x.key !== r.key))}
                >
                  ×
                </button>`
              }
            </td>
          </tr>`;
        })}
      </tbody>
    </table>
    <p class="hint">${t(calendarName ? 'matrix.hintCalendar' : 'matrix.hint', { calendar: calendarName })}</p>
    ${
      !disabled &&
      html`<div class="inline-form add-row">
        <label
          >${t('field.priority')}<select
            name="new-row-priority"
            value=${newPriority}
            onChange=${(e) => setNewPriority(e.target.value)}
          >
            ${PRIORITIES.map((p) => html`<option value=${p}>${p}</option>`)}
          </select></label
        >
        <label
          >${t('matrix.type')}<select
            name="new-row-type"
            value=${newType}
            onChange=${(e) => setNewType(e.target.value)}
          >
            ${TYPES.map((v) => html`<option value=${v}>${t(`type.${v}`)}</option>`)}
          </select></label
        >
        <button type="button" onClick=${addRow} disabled=${exists}>+ ${t('matrix.addRow')}</button>
        ${exists && html`<span class="hint">${t('matrix.rowExists')}</span>`}
      </div>`
    }
  </div>`;
}
