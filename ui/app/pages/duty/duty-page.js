import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api, query } from '../../api.js';
import { language, loadMessages, t, tn } from '../../i18n.js';
import { formatDay, formatShortIn } from '../../format.js';
import { ErrorBox } from '../../components/error.js';
import { ListHead } from '../../components/list-head.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { DateInput } from '../../components/date-input.js';
import { loadStyles } from '../../components/lazy.js';
import { may } from '../../session.js';
import { knownZones, localInputToIso, todayIn, utcToLocalInput } from '../../zone-input.js';

await loadMessages('duty');

export const ready = loadStyles('/app/styles/duty.css');

const DAY = 86_400_000;

/** Restriction presets a manager picks from; a schedule made through the API keeps its own windows ("custom"). */
const PRESETS = {
  always: [],
  // Every evening to the next morning, and the whole weekend: Sunday night runs into Monday 10:00.
  nights: [
    { days: [1, 2, 3, 4, 5, 6, 7], from: '19:00', to: '10:00' },
    { days: [6, 7], from: '00:00', to: '00:00' },
  ],
  business: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }],
  weekends: [{ days: [6, 7], from: '00:00', to: '00:00' }],
};
const presetOf = (restrictions) =>
  Object.keys(PRESETS).find((k) => JSON.stringify(PRESETS[k]) === JSON.stringify(restrictions)) ?? 'custom';

const SHIFT_KINDS = { daily: 1440, weekly: 10080 };
const shiftKindOf = (minutes) => Object.keys(SHIFT_KINDS).find((k) => SHIFT_KINDS[k] === minutes) ?? 'custom';

const blankLayer = (zone) => ({
  members: [],
  shiftMinutes: 10080,
  handoff: '10:00',
  startsOn: todayIn(zone),
  restrictions: PRESETS.nights,
  skipHolidays: false,
});

/**
 * A time of day typed as the desk's language writes it: Chromium draws a native time input in the browser's own
 * locale (AM/PM in an English browser), so in Russian this is a text input masked "чч:мм"; English keeps the
 * native one. `value` and `onChange` speak 'HH:MM'.
 */
function ClockInput({ name, value, onChange, required = false }) {
  const [text, setText] = useState(value);
  if (language() !== 'ru')
    return html`<input
      type="time"
      name=${name}
      value=${value}
      required=${required}
      onInput=${(e) => onChange(e.target.value)}
    />`;
  const mask = (raw) => {
    const digits = raw.replace(/\D/g, '').slice(0, 4);
    return digits.length > 2 ? `${digits.slice(0, 2)}:${digits.slice(2)}` : digits;
  };
  return html`<input
    type="text"
    inputmode="numeric"
    name=${name}
    value=${text}
    placeholder="чч:мм"
    maxlength="5"
    required=${required}
    pattern="([01]\\d|2[0-3]):[0-5]\\d"
    onInput=${(e) => {
      const next = mask(e.target.value);
      setText(next);
      e.target.value = next;
      if (/^([01]\d|2[0-3]):[0-5]\d$/.test(next)) onChange(next);
    }}
  />`;
}

/** A moment in the schedule's zone as a day and a time ('YYYY-MM-DDTHH:MM' in and out, like datetime-local). */
function MomentInput({ name, value, onChange }) {
  const [day, time] = [value.slice(0, 10), value.slice(11, 16)];
  return html`<span class="moment-input">
    <${DateInput} name=${`${name}-day`} value=${day} onChange=${(d) => onChange(`${d}T${time}`)} />
    <${ClockInput} name=${`${name}-time`} value=${time} onChange=${(h) => onChange(`${day}T${h}`)} />
  </span>`;
}

/** Which weekdays and hours a layer covers, in words. */
function restrictionText(restrictions) {
  if (restrictions.length === 0) return t('duty.always');
  const preset = presetOf(restrictions);
  if (preset !== 'custom') return t(`duty.preset.${preset}`);
  return restrictions
    .map(
      (r) =>
        `${r.days.map((d) => t(`duty.wd.${d}`)).join(', ')} ${r.from === r.to ? t('duty.allDay') : `${r.from}–${r.to}`}`,
    )
    .join('; ');
}

/** "weekly · handoff at 10:00 · nights 19:00–10:00 and weekends". */
const layerSummary = (l) =>
  [
    shiftText(l.shiftMinutes),
    t('duty.handoffAt', { time: l.handoff }),
    restrictionText(l.restrictions),
    ...(l.skipHolidays ? [t('duty.skipsHolidays')] : []),
  ].join(' · ');

function shiftText(minutes) {
  const kind = shiftKindOf(minutes);
  if (kind !== 'custom') return t(`duty.shift.${kind}`);
  return minutes % 60 === 0 ? tn('duty.hours', minutes / 60) : t('duty.minutes', { n: minutes });
}

/** One layer's fields: members in rotation order, shift length, handoff, first day, when it covers. */
function LayerFields({ layer, index, agents, zone, set, remove }) {
  const [kind, setKind] = useState(shiftKindOf(layer.shiftMinutes));
  const preset = presetOf(layer.restrictions);
  const name = (id) => agents.find((a) => a.id === id)?.name ?? `#${id}`;
  const toggle = (id, on) => set({ members: on ? [...layer.members, id] : layer.members.filter((m) => m !== id) });
  return html`<fieldset class="duty-layer" data-layer=${index}>
    <legend>${t('duty.layerN', { n: index + 1 })}</legend>
    <div class="duty-members">
      <span class="label">${t('duty.members')}</span>
      ${agents
        .filter((a) => a.active || layer.members.includes(a.id))
        .map(
          (a) =>
            html`<label class="checkbox">
              <input
                type="checkbox"
                name=${`layer-${index}-member`}
                value=${a.id}
                checked=${layer.members.includes(a.id)}
                onChange=${(e) => toggle(a.id, e.target.checked)}
              />${a.name}</label
            >`,
        )}
      <p class="muted order">
        ${
          layer.members.length
            ? t('duty.order', { names: layer.members.map((id, i) => `${i + 1}. ${name(id)}`).join(', ') })
            : t('duty.pickMembers')
        }
      </p>
    </div>
    <label
      >${t('duty.shiftLength')}
      <select
        name=${`layer-${index}-shift`}
        value=${kind}
        onChange=${(e) => {
          setKind(e.target.value);
          if (e.target.value !== 'custom') set({ shiftMinutes: SHIFT_KINDS[e.target.value] });
        }}
      >
        <option value="daily">${t('duty.shift.daily')}</option>
        <option value="weekly">${t('duty.shift.weekly')}</option>
        <option value="custom">${t('duty.shift.custom')}</option>
      </select></label
    >
    ${
      kind === 'custom' &&
      html`<label
        >${t('duty.shiftHours')}
        <input
          type="number"
          min="1"
          max="672"
          name=${`layer-${index}-hours`}
          value=${Math.round(layer.shiftMinutes / 60)}
          onInput=${(e) => set({ shiftMinutes: Math.max(1, Number(e.target.value) || 1) * 60 })}
      /></label>`
    }
    <label
      >${t('duty.handoff')}
      <${ClockInput}
        name=${`layer-${index}-handoff`}
        value=${layer.handoff}
        required
        onChange=${(v) => set({ handoff: v })}
    /></label>
    <label
      >${t('duty.startsOn')}
      <${DateInput}
        name=${`layer-${index}-starts`}
        value=${layer.startsOn}
        onChange=${(v) => set({ startsOn: v })}
        required
      />
    </label>
    <label
      >${t('duty.covers')}
      <select
        name=${`layer-${index}-preset`}
        value=${preset}
        onChange=${(e) => e.target.value !== 'custom' && set({ restrictions: PRESETS[e.target.value] })}
      >
        ${Object.keys(PRESETS).map((k) => html`<option value=${k}>${t(`duty.preset.${k}`)}</option>`)}
        ${preset === 'custom' && html`<option value="custom">${restrictionText(layer.restrictions)}</option>`}
      </select></label
    >
    <label class="checkbox"
      ><input
        type="checkbox"
        name=${`layer-${index}-holidays`}
        checked=${layer.skipHolidays}
        onChange=${(e) => set({ skipHolidays: e.target.checked })}
      />${t('duty.skipHolidays')}</label
    >
    ${remove && html`<button type="button" class="link danger-link" onClick=${remove}>${t('duty.removeLayer')}</button>`}
    <p class="muted hint">${t('duty.zoneHint', { zone })}</p>
  </fieldset>`;
}

function LayersEditor({ layers, setLayers, agents, zone }) {
  const set = (i, patch) => setLayers(layers.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return html`${layers.map(
      (layer, i) =>
        html`<${LayerFields}
          key=${i}
          layer=${layer}
          index=${i}
          agents=${agents}
          zone=${zone}
          set=${(p) => set(i, p)}
          remove=${layers.length > 1 ? () => setLayers(layers.filter((_, j) => j !== i)) : null}
        />`,
    )}
    <p class="muted">${t('duty.layersOnTop')}</p>
    <button type="button" onClick=${() => setLayers([...layers, blankLayer(zone)])}>${t('duty.addLayer')}</button>`;
}

const layerBody = (l) => ({
  members: l.members,
  shiftMinutes: l.shiftMinutes,
  handoff: l.handoff,
  startsOn: l.startsOn,
  restrictions: l.restrictions,
  skipHolidays: l.skipHolidays,
});

function NewSchedule({ teams, agents, onCreated }) {
  const [teamId, setTeamId] = useState(teams[0]?.id ?? '');
  const [zone, setZone] = useState('Europe/Moscow');
  const [name, setName] = useState('');
  const [layers, setLayers] = useState([blankLayer('Europe/Moscow')]);
  const save = useSubmit(async () => {
    if (layers.some((l) => l.members.length === 0)) throw new Error(t('duty.err.members'));
    const created = await api.post('/duty-schedules', {
      teamId: Number(teamId),
      timezone: zone,
      ...(name.trim() && { name: name.trim() }),
      layers: layers.map(layerBody),
    });
    // Cleared for the next team's schedule.
    setName('');
    setLayers([blankLayer(zone)]);
    onCreated(created);
  });
  return html`<form class="card duty-new form-grid" aria-labelledby="duty-new-title" onSubmit=${save.onSubmit}>
    <h2 id="duty-new-title" class="wide">${t('duty.new')}</h2>
    <label
      >${t('duty.team')}
      <select name="team" value=${teamId} onChange=${(e) => setTeamId(e.target.value)} required>
        ${teams.map((tm) => html`<option value=${tm.id}>${tm.name}</option>`)}
      </select></label
    >
    <label
      >${t('duty.name')}<input
        name="name"
        value=${name}
        maxlength="100"
        placeholder=${t('duty.namePlaceholder')}
        onInput=${(e) => setName(e.target.value)}
    /></label>
    <label
      >${t('duty.zone')}
      <select name="timezone" value=${zone} onChange=${(e) => setZone(e.target.value)}>
        ${knownZones().map((z) => html`<option value=${z}>${z}</option>`)}
      </select></label
    >
    <div class="wide"><${LayersEditor} layers=${layers} setLayers=${setLayers} agents=${agents} zone=${zone} /></div>
    <div class="wide"><${ErrorBox} error=${save.error} /></div>
    <div class="wide actions">
      <button type="submit" class="primary" disabled=${save.busy}>${t('duty.create')}</button>
    </div>
  </form>`;
}

const sourceChip = (source) =>
  source === 'rotation' ? null : html` <span class=${`chip duty-${source}`}>${t(`duty.source.${source}`)}</span>`;

/** The next 14 days of duty, a row per shift, in the schedule's zone. */
function ShiftList({ schedule, agentName }) {
  const from = new Date();
  const to = new Date(from.getTime() + 14 * DAY);
  const { data, error } = useData(
    () => api.get(`/duty-schedules/${schedule.id}/shifts?${query({ from: from.toISOString(), to: to.toISOString() })}`),
    // The page hands a new schedule object after every change (an override, a decided swap): fetch again then.
    [schedule],
  );
  const items = data?.items ?? [];
  return html`<section class="duty-shifts" aria-label=${t('duty.next14')}>
    <h3>${t('duty.next14')}</h3>
    <${ErrorBox} error=${error} />
    ${data && items.length === 0 && html`<p class="empty">${t('duty.noShifts')}</p>`}
    ${
      items.length > 0 &&
      html`<ol class="shift-list">
        ${items.map(
          (s) =>
            html`<li class="shift" data-agent=${s.agentId}>
              <span class="when"
                >${formatShortIn(s.from, schedule.timezone)} – ${formatShortIn(s.to, schedule.timezone)}</span
              >
              <b class="who">${agentName(s.agentId)}</b>${sourceChip(s.source)}
            </li>`,
        )}
      </ol>`
    }
  </section>`;
}

function OverrideForm({ schedule, agents, onSaved }) {
  const zone = schedule.timezone;
  const start = Date.now() + 60 * 60_000;
  const [f, setF] = useState({
    agentId: '',
    replaces: '',
    from: utcToLocalInput(start - (start % 3_600_000), zone),
    to: utcToLocalInput(start - (start % 3_600_000) + 12 * 3_600_000, zone),
    reason: '',
  });
  const set = (p) => setF((x) => ({ ...x, ...p }));
  const save = useSubmit(async () => {
    if (!f.agentId) throw new Error(t('duty.err.agent'));
    await api.post(`/duty-schedules/${schedule.id}/overrides`, {
      agentId: Number(f.agentId),
      from: localInputToIso(f.from, zone),
      to: localInputToIso(f.to, zone),
      ...(f.replaces && { replaces: Number(f.replaces) }),
      ...(f.reason.trim() && { reason: f.reason.trim() }),
    });
    onSaved();
  });
  const active = agents.filter((a) => a.active);
  return html`<form class="duty-inline-form" onSubmit=${save.onSubmit} aria-label=${t('duty.addOverride')}>
    <label
      >${t('duty.onDuty')}
      <select name="override-agent" value=${f.agentId} onChange=${(e) => set({ agentId: e.target.value })}>
        <option value="">—</option>
        ${active.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
      </select></label
    >
    <label
      >${t('duty.instead')}
      <select name="override-replaces" value=${f.replaces} onChange=${(e) => set({ replaces: e.target.value })}>
        <option value="">${t('duty.insteadAll')}</option>
        ${agents.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
      </select></label
    >
    <label
      >${t('duty.from')}<${MomentInput} name="override-from" value=${f.from} onChange=${(v) => set({ from: v })}
    /></label>
    <label>${t('duty.to')}<${MomentInput} name="override-to" value=${f.to} onChange=${(v) => set({ to: v })} /></label>
    <label
      >${t('duty.reason')}<input
        name="override-reason"
        value=${f.reason}
        maxlength="500"
        onInput=${(e) => set({ reason: e.target.value })}
    /></label>
    <button type="submit" disabled=${save.busy}>${t('duty.addOverride')}</button>
    <${ErrorBox} error=${save.error} />
  </form>`;
}

function SwapForm({ schedule, me, agents, onSaved }) {
  const zone = schedule.timezone;
  const start = Date.now() + DAY;
  const [f, setF] = useState({
    withAgentId: '',
    from: utcToLocalInput(start - (start % 3_600_000), zone),
    to: utcToLocalInput(start - (start % 3_600_000) + 12 * 3_600_000, zone),
  });
  const set = (p) => setF((x) => ({ ...x, ...p }));
  const save = useSubmit(async () => {
    if (!f.withAgentId) throw new Error(t('duty.err.agent'));
    await api.post(`/duty-schedules/${schedule.id}/swaps`, {
      withAgentId: Number(f.withAgentId),
      from: localInputToIso(f.from, zone),
      to: localInputToIso(f.to, zone),
    });
    onSaved();
  });
  return html`<form class="duty-inline-form" onSubmit=${save.onSubmit} aria-label=${t('duty.askSwap')}>
    <label
      >${t('duty.swapWith')}
      <select name="swap-with" value=${f.withAgentId} onChange=${(e) => set({ withAgentId: e.target.value })}>
        <option value="">—</option>
        ${agents.filter((a) => a.active && a.id !== me.id).map((a) => html`<option value=${a.id}>${a.name}</option>`)}
      </select></label
    >
    <label
      >${t('duty.from')}<${MomentInput} name="swap-from" value=${f.from} onChange=${(v) => set({ from: v })}
    /></label>
    <label>${t('duty.to')}<${MomentInput} name="swap-to" value=${f.to} onChange=${(v) => set({ to: v })} /></label>
    <button type="submit" disabled=${save.busy}>${t('duty.askSwap')}</button>
    <${ErrorBox} error=${save.error} />
  </form>`;
}

function ScheduleCard({ schedule, me, agents, calendars, teams, onChanged }) {
  const manage = may(me, 'duty.manage');
  const [editing, setEditing] = useState(false);
  const [layers, setLayers] = useState(schedule.layers);
  const agentName = (id) => agents.find((a) => a.id === id)?.name ?? `#${id}`;
  const zone = schedule.timezone;
  const when = (iso) => formatShortIn(iso, zone);
  const now = useData(() => api.get(`/duty-schedules/${schedule.id}/on-call`), [schedule]);
  const act = useSubmit(async (/** @type {() => Promise<unknown>} */ work) => {
    await work();
    onChanged();
  });
  const saveLayers = useSubmit(async () => {
    if (layers.some((l) => l.members.length === 0)) throw new Error(t('duty.err.members'));
    await api.patch(`/duty-schedules/${schedule.id}`, { layers: layers.map(layerBody) });
    setEditing(false);
    onChanged();
  });
  const team = teams.find((tm) => tm.id === schedule.teamId);
  const pending = schedule.swaps.filter((s) => s.status === 'requested');
  const upcoming = schedule.overrides.filter((o) => Date.parse(o.to) > Date.now());
  return html`<article class="card duty-schedule" data-id=${schedule.id} aria-labelledby=${`duty-${schedule.id}-title`}>
    <header class="duty-head">
      <h2 id=${`duty-${schedule.id}-title`}>${schedule.name}</h2>
      <span class="muted">${t('duty.teamZone', { team: schedule.teamName, zone })}</span>
      <p class="duty-now" role="status">
        ${
          now.data &&
          (now.data.agentId
            ? html`${t('duty.nowOnCall')} <b>${agentName(now.data.agentId)}</b>${sourceChip(now.data.source)}`
            : html`<span class="muted">${t('duty.nowNobody')}</span>`)
        }
      </p>
    </header>
    ${
      team &&
      html`<label class="duty-calendar"
        >${t('duty.businessHours')}
        <select
          name="team-calendar"
          disabled=${!may(me, 'team.manage') || act.busy}
          value=${team.calendarId ?? ''}
          onChange=${(e) => act.run(() => api.patch(`/teams/${team.id}`, { calendarId: e.target.value ? Number(e.target.value) : null }))}
        >
          <option value="">${t('duty.defaultCalendar')}</option>
          ${calendars.map((c) => html`<option value=${c.id}>${c.name}</option>`)}
        </select></label
      >`
    }
    ${
      schedule.gaps.length > 0 &&
      html`<section class="duty-alert gaps" aria-label=${t('duty.gaps')}>
        <h3>${t('duty.gaps')}</h3>
        <p class="muted">${t('duty.gapsHint')}</p>
        <ul>
          ${schedule.gaps.map((g) => html`<li>${when(g.from)} – ${when(g.to)}</li>`)}
        </ul>
      </section>`
    }
    ${
      schedule.warnings.length > 0 &&
      html`<section class="duty-alert leave" aria-label=${t('duty.leaveConflicts')}>
        <h3>${t('duty.leaveConflicts')}</h3>
        <ul>
          ${schedule.warnings.map(
            (w) =>
              html`<li>${t('duty.onLeave', { name: agentName(w.agentId), from: when(w.from), to: when(w.to) })}</li>`,
          )}
        </ul>
      </section>`
    }

    <section class="duty-layers" aria-label=${t('duty.layers')}>
      <h3>${t('duty.layers')}</h3>
      ${
        editing
          ? html`<form onSubmit=${saveLayers.onSubmit} class="form-grid">
              <div class="wide">
                <${LayersEditor} layers=${layers} setLayers=${setLayers} agents=${agents} zone=${zone} />
              </div>
              <div class="wide"><${ErrorBox} error=${saveLayers.error} /></div>
              <div class="wide actions gap">
                <button type="button" onClick=${() => (setLayers(schedule.layers), setEditing(false))}>
                  ${t('common.cancel')}
                </button>
                <button type="submit" class="primary" disabled=${saveLayers.busy}>${t('common.save')}</button>
              </div>
            </form>`
          : html`<ol class="layer-list">
                ${[...schedule.layers].reverse().map(
                  (l) =>
                    html`<li class="layer" data-layer=${l.id}>
                      <b>${l.members.map(agentName).join(' → ')}</b>
                      <span class="muted">${layerSummary(l)}</span>
                    </li>`,
                )}
              </ol>
              ${manage && html`<button type="button" class="link" onClick=${() => setEditing(true)}>${t('duty.editLayers')}</button>`}`
      }
    </section>

    <${ShiftList} schedule=${schedule} agentName=${agentName} />

    <section class="duty-overrides" aria-label=${t('duty.overrides')}>
      <h3>${t('duty.overrides')}</h3>
      ${upcoming.length === 0 && html`<p class="muted">${t('duty.noOverrides')}</p>`}
      <ul>
        ${upcoming.map(
          (o) =>
            html`<li data-override=${o.id}>
              ${when(o.from)} – ${when(o.to)}: <b>${agentName(o.agentId)}</b>
              ${o.replaces ? ` ${t('duty.insteadOf', { name: agentName(o.replaces) })}` : ` ${t('duty.insteadEveryone')}`}
              ${o.reason && html` <span class="muted">(${o.reason})</span>`}
              ${
                manage &&
                html` <button
                  type="button"
                  class="link danger-link"
                  disabled=${act.busy}
                  onClick=${() => act.run(() => api.del(`/duty-schedules/${schedule.id}/overrides/${o.id}`))}
                >
                  ${t('duty.delete')}
                </button>`
              }
            </li>`,
        )}
      </ul>
      ${manage && html`<${OverrideForm} schedule=${schedule} agents=${agents} onSaved=${onChanged} />`}
    </section>

    <section class="duty-swaps" aria-label=${t('duty.swaps')}>
      <h3>${t('duty.swaps')}</h3>
      ${schedule.swaps.length === 0 && html`<p class="muted">${t('duty.noSwaps')}</p>`}
      <ul>
        ${schedule.swaps.map(
          (s) =>
            html`<li data-swap=${s.id} class=${`swap-${s.status}`}>
              ${t('duty.swapLine', { who: agentName(s.requesterId), with: agentName(s.withAgentId), from: when(s.from), to: when(s.to) })}
              <span class=${`chip swap-${s.status}`}>${t(`duty.swap.${s.status}`)}</span>
              ${
                manage &&
                s.status === 'requested' &&
                html` <button
                    type="button"
                    class="link"
                    disabled=${act.busy}
                    onClick=${() => act.run(() => api.post(`/duty-schedules/${schedule.id}/swaps/${s.id}/approve`))}
                  >
                    ${t('duty.approve')}
                  </button>
                  <button
                    type="button"
                    class="link danger-link"
                    disabled=${act.busy}
                    onClick=${() => act.run(() => api.post(`/duty-schedules/${schedule.id}/swaps/${s.id}/reject`))}
                  >
                    ${t('duty.reject')}
                  </button>`
              }
            </li>`,
        )}
      </ul>
      ${pending.length > 0 && manage && html`<p class="muted">${tn('duty.pendingSwaps', pending.length)}</p>`}
      ${may(me, 'duty.request') && html`<${SwapForm} schedule=${schedule} me=${me} agents=${agents} onSaved=${onChanged} />`}
    </section>
    <${ErrorBox} error=${act.error} />
    ${
      manage &&
      html`<p class="duty-delete">
        <button
          type="button"
          class="link danger-link"
          onClick=${() => confirm(t('duty.deleteConfirm', { name: schedule.name })) && act.run(() => api.del(`/duty-schedules/${schedule.id}`))}
        >
          ${t('duty.deleteSchedule')}
        </button>
      </p>`
    }
  </article>`;
}

/** The signed-in agent's own leave and their duty calendar to subscribe to. */
function MyLeave({ me }) {
  const [version, setVersion] = useState(0);
  const { data, error } = useData(() => api.get(`/agents/${me.id}/leaves`), [version]);
  const [f, setF] = useState({ fromDate: '', toDate: '', note: '' });
  const save = useSubmit(async () => {
    if (!f.fromDate || !f.toDate) throw new Error(t('duty.err.dates'));
    await api.post(`/agents/${me.id}/leaves`, {
      fromDate: f.fromDate,
      toDate: f.toDate,
      ...(f.note.trim() && { note: f.note.trim() }),
    });
    setF({ fromDate: '', toDate: '', note: '' });
    setVersion((v) => v + 1);
  });
  const del = useSubmit(async (id) => {
    await api.del(`/agents/${me.id}/leaves/${id}`);
    setVersion((v) => v + 1);
  });
  const items = data?.items ?? [];
  // A leave day is a calendar date: noon UTC is that date in every zone a desk is used in.
  const day = (d) => formatDay(`${d}T12:00:00Z`);
  return html`<section class="card duty-me" aria-labelledby="duty-me-title">
    <h2 id="duty-me-title">${t('duty.myLeave')}</h2>
    <p class="muted">${t('duty.myLeaveLead')}</p>
    <${ErrorBox} error=${error} />
    ${data && items.length === 0 && html`<p class="muted empty-leave">${t('duty.noLeave')}</p>`}
    <ul>
      ${items.map(
        (l) =>
          html`<li data-leave=${l.id}>
            ${day(l.fromDate)} – ${day(l.toDate)}${l.note && html` <span class="muted">(${l.note})</span>`}
            <button type="button" class="link danger-link" disabled=${del.busy} onClick=${() => del.run(l.id)}>
              ${t('duty.delete')}
            </button>
          </li>`,
      )}
    </ul>
    <form class="duty-inline-form" onSubmit=${save.onSubmit} aria-label=${t('duty.addLeave')}>
      <label
        >${t('duty.leaveFrom')}<${DateInput}
          name="leave-from"
          value=${f.fromDate}
          onChange=${(v) => setF((x) => ({ ...x, fromDate: v }))}
      /></label>
      <label
        >${t('duty.leaveTo')}<${DateInput}
          name="leave-to"
          value=${f.toDate}
          onChange=${(v) => setF((x) => ({ ...x, toDate: v }))}
      /></label>
      <label
        >${t('duty.note')}<input
          name="leave-note"
          value=${f.note}
          maxlength="500"
          onInput=${(e) => setF((x) => ({ ...x, note: e.target.value }))}
      /></label>
      <button type="submit" disabled=${save.busy}>${t('duty.addLeave')}</button>
    </form>
    <${ErrorBox} error=${save.error || del.error} />
    <p><a href=${`/api/v1/agents/${me.id}/duty.ics`} download class="ics-link">${t('duty.ics')}</a></p>
  </section>`;
}

/** Duty: who is on call when, per team; managers build the rotations, override them and decide swaps. */
export function DutyPage({ me }) {
  const [version, setVersion] = useState(0);
  const { data, error } = useData(
    () =>
      Promise.all([
        api.get('/duty-schedules'),
        api.get('/agents'),
        api.get('/teams'),
        may(me, 'calendar.read') ? api.get('/calendars') : Promise.resolve({ items: [] }),
      ]).then(([schedules, agents, teams, calendars]) => ({
        schedules: schedules.items,
        agents: agents.items,
        teams: teams.items,
        calendars: calendars.items ?? calendars,
      })),
    [version],
  );
  const reload = () => setVersion((v) => v + 1);
  const manage = may(me, 'duty.manage');
  const schedules = data?.schedules ?? [];
  return html`<section class="duty-page">
    <${ListHead} title=${t('duty.title')} lead=${t('duty.lead')} />
    <${ErrorBox} error=${error} />
    ${
      data &&
      schedules.length === 0 &&
      html`<div class="empty duty-empty">
        <p><b>${t('duty.empty')}</b></p>
        <p>
          ${manage ? (data.teams.length ? t('duty.emptyManager') : t('duty.emptyNoTeams')) : t('duty.emptyEngineer')}
        </p>
        ${manage && data.teams.length === 0 && html`<p><a href="/teams">${t('duty.toTeams')}</a></p>`}
      </div>`
    }
    ${schedules.map(
      (s) =>
        html`<${ScheduleCard}
          key=${`${s.id}:${s.updatedAt}`}
          schedule=${s}
          me=${me}
          agents=${data.agents}
          calendars=${data.calendars}
          teams=${data.teams}
          onChanged=${reload}
        />`,
    )}
    ${data && manage && data.teams.length > 0 && html`<${NewSchedule} teams=${data.teams} agents=${data.agents} onCreated=${reload} />`}
    ${data && may(me, 'duty.request') && html`<${MyLeave} me=${me} />`}
  </section>`;
}
