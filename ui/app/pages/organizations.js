import { lazyPage } from '../components/lazy.js';

// The clients' pages load with their own strings and styles when first opened (organizations/*.js), so the
// first load of the desk carries none of their editing dialogs.
export const OrganizationsPage = lazyPage(() => import('./organizations/clients-list.js'), 'ClientsList');
export const OrganizationPage = lazyPage(() => import('./organizations/client-page.js'), 'ClientPage');
