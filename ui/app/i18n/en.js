import core from './core.en.js';

/**
 * The English catalogue of the desk, the one entry to all its strings: the core loads with the desk, each part
 * loads with the pages that use it (i18n.js loadMessages), so the first load carries only what every session
 * opens. test/ui/i18n-catalogue.test.ts checks that en.js and ru.js hold the same keys and placeholders.
 * @type {import('../i18n.js').Catalogue}
 */
export default {
  core,
  parts: {
    agreements: () => import('./agreements.en.js'),
    license: () => import('./license.en.js'),
    'mail-admin': () => import('./mail-admin.en.js'),
    'org-mail': () => import('./org-mail.en.js'),
    'portal-admin': () => import('./portal-admin.en.js'),
    people: () => import('./people.en.js'),
    rates: () => import('./rates.en.js'),
    sla: () => import('./sla.en.js'),
    teams: () => import('./teams.en.js'),
    time: () => import('./time.en.js'),
    recurring: () => import('./recurring.en.js'),
    documents: () => import('./documents.en.js'),
    reports: () => import('./reports.en.js'),
    dashboards: () => import('./dashboards.en.js'),
    money: () => import('./money.en.js'),
    'web-forms': () => import('./web-forms.en.js'),
    surveys: () => import('./surveys.en.js'),
    clients: () => import('./clients.en.js'),
    queue: () => import('./queue.en.js'),
    conversation: () => import('./conversation.en.js'),
    'support-lines': () => import('./support-lines.en.js'),
    escalation: () => import('./escalation.en.js'),
    webhooks: () => import('./webhooks.en.js'),
    tokens: () => import('./tokens.en.js'),
    duty: () => import('./duty.en.js'),
  },
};
