import core from './core.ru.js';

/**
 * The Russian catalogue of the desk, the one entry to all its strings: the core loads with the desk, each part
 * loads with the pages that use it (i18n.js loadMessages), so the first load carries only what every session
 * opens. test/ui/i18n-catalogue.test.ts checks that en.js and ru.js hold the same keys and placeholders.
 * @type {import('../i18n.js').Catalogue}
 */
export default {
  core,
  parts: {
    agreements: () => import('./agreements.ru.js'),
    license: () => import('./license.ru.js'),
    'mail-admin': () => import('./mail-admin.ru.js'),
    'org-mail': () => import('./org-mail.ru.js'),
    'portal-admin': () => import('./portal-admin.ru.js'),
    people: () => import('./people.ru.js'),
    rates: () => import('./rates.ru.js'),
    sla: () => import('./sla.ru.js'),
    teams: () => import('./teams.ru.js'),
    time: () => import('./time.ru.js'),
    recurring: () => import('./recurring.ru.js'),
    documents: () => import('./documents.ru.js'),
    reports: () => import('./reports.ru.js'),
    dashboards: () => import('./dashboards.ru.js'),
    money: () => import('./money.ru.js'),
    'web-forms': () => import('./web-forms.ru.js'),
    surveys: () => import('./surveys.ru.js'),
    clients: () => import('./clients.ru.js'),
    queue: () => import('./queue.ru.js'),
    conversation: () => import('./conversation.ru.js'),
    'support-lines': () => import('./support-lines.ru.js'),
    escalation: () => import('./escalation.ru.js'),
    webhooks: () => import('./webhooks.ru.js'),
    tokens: () => import('./tokens.ru.js'),
    duty: () => import('./duty.ru.js'),
  },
};
