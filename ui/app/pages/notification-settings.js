import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { loadMessages, language, t } from '../i18n.js';
import { ErrorBox } from '../components/error.js';
import { loadStyles } from '../components/lazy.js';
import { FieldError } from '../components/intervals.js';
import { useData } from '../components/use-data.js';
import { navigate } from '../router.js';

await loadMessages('mail-admin');
// The mail pages' own styles, shared by the three of them and kept out of the desk's first load.
export const ready = loadStyles('/app/styles/mail-admin.css');

/** A translated word for a server key, or the key itself when this UI does not know it yet. */
const label = (key, raw) => {
  const text = t(key);
  return text === key ? raw : text;
};
const eventLabel = (e) => label(`mail.event.${e}`, e);
const recipientLabel = (r) => label(`mail.recipient.${r}`, r);
const channelLabel = (c) => label(`mail.channel.${c}`, c);

const TABS = ['rules', 'templates'];
/** Recipients chosen one by one (with an agentId) rather than by their part in a ticket. */
const NAMED = 'agent';
/** Mail that answers a ticket's sender and has a template but no rules: its sending is a per-client setting. */
const TEMPLATE_ONLY_EVENTS = ['ticket.acknowledgement'];

const ruleKey = (r) => `${r.event}|${r.channel}|${r.recipient}${r.recipient === NAMED ? `|${r.agentId}` : ''}`;
const asBody = (r) => ({
  event: r.event,
  channel: r.channel,
  recipient: r.recipient,
  ...(r.recipient === NAMED && { agentId: r.agentId }),
  enabled: r.enabled,
});
const signature = (rules) =>
  JSON.stringify(
    rules
      .map(asBody)
      .map((r) => JSON.stringify(r))
      .sort(),
  );

/** Events grouped by what they come from (ticket.*, sla.*, agreement.*, …), in the server's order. */
function groupsOf(events) {
  const groups = new Map();
  for (const e of events) {
    const prefix = e.includes('.') ? e.slice(0, e.indexOf('.')) : 'other';
    if (!groups.has(prefix)) groups.set(prefix, []);
    groups.get(prefix).push(e);
  }
  return [...groups].map(([prefix, list]) => ({
    prefix,
    title: label(`mail.group.${prefix}`, t('mail.group.other')),
    events: list,
  }));
}

/** The server's messages about a rule, in the viewer's language where this UI knows them. */
const ruleMessage = (message) => label(`mail.srv.${message}`, message);

/**
 * The rule matrix: events down, recipients × channels across, and the agents named one by one per event and
 * channel. The whole set is saved at once (the server replaces it), so nothing half-saved is ever in force.
 */
function RulesTab({ data, agents, onSaved }) {
  const [saved, setSaved] = useState(data.items);
  const [rules, setRules] = useState(() => data.items.map((r) => ({ ...r })));
  const savedSig = signature(saved);
  const [problems, setProblems] = useState({ byKey: {}, list: [], error: null });
  const [busy, setBusy] = useState(false);
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
    setProblems({ byKey: {}, list: [], error: null });
  };
  const save = async () => {
    const sent = rules.map(asBody);
    const keys = rules.map(ruleKey);
    setBusy(true);
    try {
      const view = await api.put('/notification-rules', { rules: sent });
      setRules(view.items.map((r) => ({ ...r })));
      setSaved(view.items);
      setProblems({ byKey: {}, list: [], error: null });
      setNotice(t('mail.rules.saved'));
      onSaved(view);
    } catch (err) {
      const found = { byKey: {}, list: [], error: null };
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
      if (!found.list.length) found.error = err;
      setProblems(found);
    } finally {
      setBusy(false);
    }
  };

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
    <${ErrorBox} error=${problems.error} />
    <div class="save-bar">
      <span class="muted">${t('mail.rules.count', { n: rules.filter((r) => r.enabled).length })}</span>
      ${dirty && html`<span class="badge unsaved">${t('mail.unsaved')}</span>`}
      ${notice && !dirty && html`<span class="saved-note" role="status">${notice}</span>`}
      <button type="button" disabled=${!dirty || busy} onClick=${revert}>${t('mail.revert')}</button>
      <button type="button" class="primary" data-action="save-rules" disabled=${!dirty || busy} onClick=${save}>
        ${t('mail.save')}
      </button>
    </div>
  </div>`;
}

/** Where a server message about a template belongs, in the viewer's language. */
function templateErrors(problem, form) {
  const out = {};
  const add = (field, text) => (out[field] = out[field] ? `${out[field]}; ${text}` : text);
  for (const e of problem?.errors ?? []) {
    const unknown = /^\{\{(.+)\}\} is not a variable$/.exec(e.message);
    if (unknown) {
      const name = unknown[1];
      const used = new RegExp(`\\{\\{\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\}\\}`);
      add(
        used.test(form.subject) && !used.test(form.body) ? 'subject' : 'body',
        t('mail.tpl.err.unknownVar', { name: `{{${name}}}` }),
      );
    } else if (/subject$/.test(e.path))
      add('subject', /line breaks/.test(e.message) ? t('mail.tpl.err.oneLine') : e.message);
    else add('body', e.message);
  }
  return out;
}

/** One template of one language: subject and text, the variables to insert, save and reset to the built-in one. */
function TemplateEditor({ view, onChange, onDirty }) {
  const [form, setForm] = useState({ subject: view.subject, body: view.body });
  const [errors, setErrors] = useState(/** @type {Record<string, string>} */ ({}));
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const subjectRef = useRef(null);
  const bodyRef = useRef(null);
  const lastField = useRef('body');
  const dirty = form.subject !== view.subject || form.body !== view.body;
  useEffect(() => {
    onDirty(dirty);
  }, [dirty]);
  useEffect(
    () => () => {
      onDirty(false);
    },
    [],
  );
  const eventName = eventLabel(view.event);
  const path = `/notification-templates/${encodeURIComponent(view.event)}/${view.language}`;

  const set = (field) => (e) => {
    setForm((f) => ({ ...f, [field]: e.target.value }));
    setNotice('');
  };
  /** Puts `{{name}}` where the cursor was in the subject or the text (the text when neither had it). */
  const insert = (name) => {
    const field = lastField.current;
    const el = (field === 'subject' ? subjectRef : bodyRef).current;
    const token = `{{${name}}}`;
    const value = form[field];
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    setForm((f) => ({ ...f, [field]: value.slice(0, start) + token + value.slice(end) }));
    setNotice('');
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };
  const act = async (work, done) => {
    setBusy(true);
    try {
      const next = await work();
      setForm({ subject: next.subject, body: next.body });
      setErrors({});
      setError(null);
      setNotice(done);
      onChange(next);
    } catch (err) {
      const fields = templateErrors(err.problem, form);
      setErrors(fields);
      setError(Object.keys(fields).length ? new Error(t('mail.tpl.refused')) : err);
      setNotice('');
    } finally {
      setBusy(false);
    }
  };
  const save = (e) => {
    e.preventDefault();
    act(() => api.put(path, form), t('mail.tpl.saved'));
  };
  const reset = () => {
    if (!confirm(t('mail.tpl.resetConfirm', { event: eventName, language: t(`mail.lang.${view.language}`) }))) return;
    act(() => api.del(path), t('mail.tpl.resetDone'));
  };
  const field = (name) => ({
    ref: name === 'subject' ? subjectRef : bodyRef,
    name: `template-${name}`,
    value: form[name],
    onInput: set(name),
    onFocus: () => (lastField.current = name),
    'aria-invalid': errors[name] ? 'true' : undefined,
    'aria-describedby': errors[name] ? `template-${name}-error` : undefined,
  });

  return html`<form
    class="template-editor"
    data-template=${`${view.event}|${view.language}`}
    onSubmit=${save}
    novalidate
  >
    <div class="template-state">
      <h2>${eventName} <span class="muted">· ${t(`mail.lang.${view.language}`)}</span></h2>
      <span
        class=${`chip ${view.overridden ? 'tpl-overridden' : 'tpl-default'}`}
        data-overridden=${String(view.overridden)}
        >${t(view.overridden ? 'mail.tpl.overridden' : 'mail.tpl.builtIn')}</span
      >
      <span class="muted">${t(view.overridden ? 'mail.tpl.overriddenNote' : 'mail.tpl.builtInNote')}</span>
    </div>
    <label class="template-field"
      >${t('mail.tpl.subject')}
      <input type="text" maxlength="500" ...${field('subject')} />
      <${FieldError} id="template-subject-error" error=${errors.subject}
    /></label>
    <label class="template-field"
      >${t('mail.tpl.body')}
      <textarea rows="10" maxlength="20000" ...${field('body')}></textarea>
      <${FieldError} id="template-body-error" error=${errors.body}
    /></label>
    <div class="variables" role="group" aria-label=${t('mail.tpl.variables')}>
      <span class="muted">${t('mail.tpl.variables')}: </span>
      ${view.variables.map(
        (v) =>
          html`<button
            type="button"
            class="var-chip"
            data-var=${v}
            title=${label(`mail.var.${v}`, v)}
            aria-label=${t('mail.tpl.insert', { name: `{{${v}}}` })}
            onMouseDown=${(e) => e.preventDefault()}
            onClick=${() => insert(v)}
          >
            {{${v}}}
          </button>`,
      )}
      <div class="hint">${t('mail.tpl.variablesHint')}</div>
    </div>
    <details class="template-default">
      <summary>${t('mail.tpl.showDefault')}</summary>
      <div class="mail-subject">${view.default.subject}</div>
      <pre class="mail-text">${view.default.body}</pre>
    </details>
    <${ErrorBox} error=${error} />
    <div class="save-bar">
      ${dirty && html`<span class="badge unsaved">${t('mail.unsaved')}</span>`}
      ${notice && !dirty && html`<span class="saved-note" role="status">${notice}</span>`}
      <button type="button" data-action="reset-template" disabled=${busy || !view.overridden} onClick=${reset}>
        ${t('mail.tpl.reset')}
      </button>
      <button
        type="button"
        disabled=${busy || !dirty}
        onClick=${() => {
          setForm({ subject: view.subject, body: view.body });
          setErrors({});
          setError(null);
        }}
      >
        ${t('mail.revert')}
      </button>
      <button type="submit" class="primary" data-action="save-template" disabled=${busy || !dirty}>
        ${t('mail.tpl.save')}
      </button>
    </div>
  </form>`;
}

/**
 * The mail templates: the events of the rules plus the receipt to a new ticket's sender; an event the server
 * has no template for (a GET that answers 404) is not offered.
 */
function TemplatesTab({ events }) {
  const all = [...new Set([...events, ...TEMPLATE_ONLY_EVENTS])];
  const [lang, setLang] = useState(language() === 'ru' ? 'ru' : 'en');
  const [views, setViews] = useState(null);
  const [error, setError] = useState(null);
  const [selected, setSelected] = useState(null);
  const dirty = useRef(false);
  useEffect(() => {
    let live = true;
    Promise.all(
      all.map((e) =>
        api.get(`/notification-templates/${encodeURIComponent(e)}/${lang}`).then(
          (v) => [e, v],
          (err) => (err.status === 404 ? [e, null] : Promise.reject(err)),
        ),
      ),
    ).then(
      (pairs) => {
        if (!live) return;
        const found = Object.fromEntries(pairs.filter(([, v]) => v));
        setViews(found);
        setSelected((s) => (s && found[s] ? s : (all.find((e) => found[e]) ?? null)));
      },
      (err) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [lang, all.join()]);
  const leave = () => !dirty.current || confirm(t('mail.tpl.discard'));
  const choose = (e) => e !== selected && leave() && setSelected(e);
  const chooseLang = (l) => l !== lang && leave() && setLang(l);
  const available = views ? all.filter((e) => views[e]) : [];
  const view = views && selected ? views[selected] : null;

  return html`<div class="templates-tab">
    <p class="muted lead">${t('mail.tpl.lead')}</p>
    <${ErrorBox} error=${error} />
    <div class="template-layout">
      <nav class="template-events" aria-label=${t('mail.tpl.events')}>
        <div class="lang-switch" role="group" aria-label=${t('mail.tpl.language')}>
          ${['ru', 'en'].map((l) => html`<button type="button" data-lang=${l} aria-pressed=${l === lang ? 'true' : 'false'} class=${l === lang ? 'active' : ''} onClick=${() => chooseLang(l)}>${t(`mail.lang.${l}`)}</button>`)}
        </div>
        ${available.map(
          (e) =>
            html`<button
              type="button"
              class=${`template-event${e === selected ? ' active' : ''}`}
              data-template-event=${e}
              aria-current=${e === selected ? 'true' : undefined}
              onClick=${() => choose(e)}
            >
              <span>${eventLabel(e)}</span
              >${views[e].overridden && html` <span class="chip tpl-overridden">${t('mail.tpl.overridden')}</span>`}
            </button>`,
        )}
        ${views && !available.length && html`<p class="muted">${t('mail.tpl.none')}</p>`}
      </nav>
      <div class="template-main">
        ${!views && !error && html`<p class="muted">${t('common.loading')}</p>`}
        ${
          view &&
          html`<${TemplateEditor}
            key=${`${selected}|${lang}`}
            view=${view}
            onDirty=${(d) => (dirty.current = d)}
            onChange=${(next) => setViews((v) => ({ ...v, [next.event]: next }))}
          />`
        }
      </div>
    </div>
  </div>`;
}

/** Notification settings for admins: who hears what (rules) and what the mail says (templates). */
export function NotificationSettingsPage({ search, agents = [] }) {
  const wanted = new URLSearchParams(search).get('tab');
  const tab = TABS.includes(wanted) ? wanted : 'rules';
  const { data, error } = useData(() => api.get('/notification-rules'), []);
  const [rulesView, setRulesView] = useState(null);
  // Both tabs stay mounted once opened, so unsaved ticks survive a look at the templates.
  const [opened, setOpened] = useState({ [tab]: true });
  useEffect(() => setOpened((o) => (o[tab] ? o : { ...o, [tab]: true })), [tab]);
  const current = rulesView ?? data;
  return html`<section class="mail-admin notification-settings-page">
    <div class="page-head"><h1>${t('mail.notif.title')}</h1></div>
    <div class="tabs mail-tabs" role="tablist">
      ${TABS.map(
        (x) =>
          html`<button
            type="button"
            role="tab"
            data-tab=${x}
            aria-selected=${x === tab ? 'true' : 'false'}
            class=${x === tab ? 'active' : ''}
            onClick=${() => navigate(x === 'rules' ? '/notifications' : `/notifications?tab=${x}`)}
          >
            ${t(`mail.notif.tab.${x}`)}
          </button>`,
      )}
    </div>
    <${ErrorBox} error=${error} />
    ${!current && !error && html`<p class="muted">${t('common.loading')}</p>`}
    ${current && opened.rules && html`<div hidden=${tab !== 'rules'} role="tabpanel"><${RulesTab} data=${data} agents=${agents} onSaved=${setRulesView} /></div>`}
    ${current && opened.templates && html`<div hidden=${tab !== 'templates'} role="tabpanel"><${TemplatesTab} events=${current.events} /></div>`}
  </section>`;
}
