import type { PortalRole } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';

/**
 * What a contact's portal role lets them see beyond tickets — pure, so the rule is read in one place. Billing
 * contacts see the documents issued to their organization and its balance; supervisors and billing contacts
 * see the reports mailed about it (SLA and work reports are about the whole organization, not one person's
 * requests); requesters see neither.
 */
export const mayReadDocuments = (role: PortalRole) => role === 'billing';
export const mayReadReports = (role: PortalRole) => role === 'billing' || role === 'supervisor';

export function assertMay(allowed: boolean, what: 'documents' | 'reports', language: 'ru' | 'en') {
  if (allowed) return;
  const detail =
    what === 'documents'
      ? language === 'ru'
        ? 'Документы и взаиморасчёты видят контакты с ролью «Бухгалтерия». Попросите вашего менеджера назначить её.'
        : 'Documents and balances are shown to billing contacts. Ask your account manager for the billing role.'
      : language === 'ru'
        ? 'Отчёты видят руководители и бухгалтерия клиента. Попросите вашего менеджера назначить роль.'
        : "Reports are shown to the client's supervisors and billing contacts. Ask your account manager for the role.";
  throw new AppError(403, 'portal_role', detail);
}
