import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { useSubmit } from '../../components/use-submit.js';
import {
  NAMED,
  asBody,
  channelLabel,
  eventLabel,
  groupsOf,
  recipientLabel,
  ruleKey,
  ruleMessage,
  signature,
} from './notification-words.js';

/**
 * The rule matrix: events down, recipients × channels across, and the agents named one by one per event and
 * channel. The whole set is saved at once (the server replaces it), so nothing half-saved is ever in force.
 */
export function RulesTab({ data, agents, onSaved }) {
  const [saved, setSaved] = useState(data.items);
  const [rules, setRules] = useState(() => data.items.map((r) => ({ ...r })));
  const savedSig = signature(saved);
  const [problems, setProblems] = useState(
    /** @type {{ byKey: Record<string, string>, list: { key: string, text: string }[] }} */ ({ byKey: {}, list: [] }),
  );
  const [notice, setNotice] = useState('');
  const dirty = signature(rules) !== savedSig;
  const byKey = new Map(rules.map((r) => [ruleKey(r), r]));
  const columns = data.recipients.filter((r) => r !== NAMED);
  const hasNamed = data.recipients.includes(NAMED);
  const agentName = (id) => agents.find((a) => a.id === id)?.name ?? t('mail.rules.unknownAgent', { id });
  const cellWords = (event, channel, recipient) => ({
    event: eventLabel(event),
    channel: channelLabel(channel),
    recipient: recipientLabel(recipient),
  });

  const change = (next) => {
    setRules(next);
    setNotice('');
  };
  /** A tick turns a rule on (a rule switched off stays one, now on); removing the tick removes the rule. */
  const toggle = (event, channel, recipient, agentId) => {
    const key = ruleKey({ event, channel, recipient, agentId });
    const current = byKey.get(key);
    if (current?.enabled) change(rules.filter((r) => r !== current));
    else if (current) change(rules.map((r) => (r === current ? { ...r, enabled: true } : r)));
    else change([...rules, { event, channel, recipient, agentId: agentId ?? null, enabled: true }]);
  };
  const revert = () => {
    change(saved.map((r) => ({ ...r })));
    setProblems({ byKey: {}, list: [] });
    save.setError(null);
  };
  const save = useSubmit(
    async () => {
      const view = await api.put('/notification-rules', { rules: rules.map(asBody) });
      setRules(view.items.map((r) => ({ ...r })));
      setSaved(view.items);
      setProblems({ byKey: {}, list: [] });
      setNotice(t('mail.rules.saved'));
      onSaved(view);
    },
    {
      // The server names the rules it refuses: each is marked in the grid and listed above the buttons.
      onError: (err) => {
        const sent = rules.map(asBody);
        const keys = rules.map(ruleKey);
        /** @type {{ byKey: Record<string, string>, list: { key: string, text: string }[] }} */
        const found = { byKey: {}, list: [] };
        for (const e of err.problem?.errors ?? []) {
          const m = /^(?:body\.)?rules\.(\d+)/.exec(e.path);
          const rule = m ? sent[Number(m[1])] : null;
          if (!rule) continue;
          const key = keys[Number(m[1])];
          const message = ruleMessage(e.message);
          found.byKey[key] = message;
          const who = rule.recipient === NAMED ? agentName(rule.agentId) : recipientLabel(rule.recipient);
          found.list.push({
            key,
            text: `${t('mail.rules.cell', { event: eventLabel(rule.event), channel: channelLabel(rule.channel), recipient: who })}: ${message}`,
          });
        }
        setProblems(found);
      },
    },
  );

  const checkbox = (event, channel, recipient) => {
    const key = ruleKey({ event, channel, recipient });
    const rule = byKey.get(key);
    const problem = problems.byKey[key];
    return html`<td class=${`rule-cell${problem ? ' has-error' : ''}`} title=${problem ?? ''}>
      <input
        type="checkbox"
        data-rule=${key}
        checked=${Boolean(rule?.enabled)}
        aria-label=${t('mail.rules.cell', cellWords(event, channel, recipient))}
        aria-invalid=${problem ? 'true' : undefined}
        onChange=${() => toggle(event, channel, recipient)}
      />
    </td>`;
  };
  const namedCell = (event, channel) => {
    const chosen = rules.filter(
      (r) => r.event === event && r.channel === channel && r.recipient === NAMED && r.enabled,
    );
    const free = agents.filter((a) => a.active !== false && !chosen.some((r) => r.agentId === a.id));
    const words = cellWords(event, channel, NAMED);
    return html`<td class="named-cell" data-named=${`${event}|${channel}`}>
      ${chosen.map((r) => {
        const key = ruleKey(r);
        const name = agentName(r.agentId);
        return html`<span
          class=${`agent-chip${problems.byKey[key] ? ' has-error' : ''}`}
          data-rule=${key}
          title=${problems.byKey[key] ?? ''}
          >${name}
          <button
            type="button"
            class="icon-button"
            aria-label=${t('mail.rules.removeAgent', { ...words, name })}
            onClick=${() => toggle(event, channel, NAMED, r.agentId)}
          >
            ×
          </button></span
        >`;
      })}
      ${
        free.length > 0 &&
        html`<select
          class="add-agent"
          aria-label=${t('mail.rules.addAgentTo', words)}
          value=""
          onChange=${(e) => {
            const id = Number(e.target.value);
            e.target.value = '';
            if (id) toggle(event, channel, NAMED, id);
          }}
        >
          <option value="">${t('mail.rules.addAgent')}</option>
          ${free.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
        </select>`
      }
    </td>`;
  };
  const width = 1 + columns.length * data.channels.length + (hasNamed ? data.channels.length : 0);

  return html`<div class="rules-tab">
    <p class="muted lead">${t('mail.rules.lead')}</p>
    <div class="table-wrap rules-wrap">
      <table class="grid rules-matrix">
        <thead>
          <tr>
            <th rowspan="2" class="event-col">${t('mail.rules.event')}</th>
            ${columns.map((r) => html`<th colspan=${data.channels.length} scope="colgroup" class="recipient-head" data-recipient=${r}>${recipientLabel(r)}</th>`)}
            ${hasNamed && html`<th colspan=${data.channels.length} scope="colgroup" class="recipient-head">${t('mail.rules.namedAgents')}</th>`}
          </tr>
          <tr>
            ${[...columns, ...(hasNamed ? [NAMED] : [])].flatMap((r) => data.channels.map((c, i) => html`<th scope="col" class=${`channel-head${i === 0 ? ' first' : ''}`}>${channelLabel(c)}</th>`))}
          </tr>
        </thead>
        ${groupsOf(data.events).map(
          (g) =>
            html`<tbody data-group=${g.prefix}>
              <tr class="group-row">
                <th colspan=${width} scope="rowgroup">${g.title}</th>
              </tr>
              ${g.events.map(
                (event) =>
                  html`<tr data-event=${event}>
                    <th scope="row" class="event-col">${eventLabel(event)}<code class="event-key">${event}</code></th>
                    ${columns.flatMap((r) => data.channels.map((c) => checkbox(event, c, r)))}
                    ${hasNamed && data.channels.map((c) => namedCell(event, c))}
                  </tr>`,
              )}
            </tbody>`,
        )}
      </table>
    </div>
    ${
      problems.list.length > 0 &&
      html`<div class="error" role="alert" data-rules-errors>
        <div>${t('mail.rules.refused')}</div>
        <ul class="plain-list">
          ${problems.list.map((p) => html`<li data-problem=${p.key}>${p.text}</li>`)}
        </ul>
      </div>`
    }
    <${ErrorBox} error=${problems.list.length ? null : save.error} />
    <div class="save-bar">
      <span class="muted">${t('mail.rules.count', { n: rules.filter((r) => r.enabled).length })}</span>
      ${dirty && html`<span class="badge unsaved">${t('mail.unsaved')}</span>`}
      ${notice && !dirty && html`<span class="saved-note" role="status">${notice}</span>`}
      <button type="button" disabled=${!dirty || save.busy} onClick=${revert}>${t('mail.revert')}</button>
      <button
        type="button"
        class="primary"
        data-action="save-rules"
        disabled=${!dirty || save.busy}
        onClick=${() => save.run()}
      >
        ${t('mail.save')}
      </button>
    </div>
  </div>`;
}
