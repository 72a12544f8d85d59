import t from 'tap';
import { makeContact, makeOrganization } from '../helpers/factories.js';
import { portalDesk, signIn } from '../portal/helpers.js';

t.test('a client is created with all its requisites and edited field by field', async (t) => {
  const desk = await portalDesk(t);
  const created = await desk.admin.post('/api/v1/organizations', {
    name: 'Сотбит',
    legalName: 'ООО «Сотбит»',
    taxId: '7701234567',
    kpp: '770101001',
    tags: ['web', 'vip'],
    notes: 'Ключи от серверной у охраны',
  });
  t.equal(created.statusCode, 201);
  t.match(created.json(), {
    name: 'Сотбит',
    legalName: 'ООО «Сотбит»',
    taxId: '7701234567',
    kpp: '770101001',
    tags: ['web', 'vip'],
    notes: 'Ключи от серверной у охраны',
  });
  const id = created.json().id;

  const changed = await desk.admin.patch(`/api/v1/organizations/${id}`, { kpp: '7701AB001', tags: ['web'] });
  t.equal(changed.statusCode, 200);
  t.match(changed.json(), { kpp: '7701AB001', tags: ['web'], legalName: 'ООО «Сотбит»' }, 'other fields stay');
  const badKpp = await desk.admin.patch(`/api/v1/organizations/${id}`, { kpp: '12345' });
  t.equal(badKpp.statusCode, 400);
  t.match(badKpp.json().detail, /kpp/);
  t.equal((await desk.admin.get(`/api/v1/organizations/${id}`)).json().kpp, '7701AB001', 'nothing stored is lost');
  t.equal((await desk.admin.patch(`/api/v1/organizations/${id}`, { kpp: null })).json().kpp, null);
});

t.test('an address is edited in place and keeps its map link in step', async (t) => {
  const desk = await portalDesk(t);
  const org = await makeOrganization(desk.admin, { name: 'Волга' });
  const addr = (
    await desk.admin.post(`/api/v1/organizations/${org.id}/addresses`, { label: 'Офис', address: 'Москва, Тверская 1' })
  ).json();
  t.equal(
    addr.mapLinks.openStreetMap,
    'https://www.openstreetmap.org/search?query=%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0%2C%20%D0%A2%D0%B2%D0%B5%D1%80%D1%81%D0%BA%D0%B0%D1%8F%201',
  );

  const moved = await desk.admin.patch(`/api/v1/organizations/${org.id}/addresses/${addr.id}`, {
    address: ' Нижний Новгород, Рождественская 2 ',
    latitude: 56.3287,
    longitude: 44.0131,
  });
  t.equal(moved.statusCode, 200);
  t.match(moved.json(), { id: addr.id, label: 'Офис', address: 'Нижний Новгород, Рождественская 2' });
  t.equal(
    moved.json().mapLinks.openStreetMap,
    'https://www.openstreetmap.org/?mlat=56.328700&mlon=44.013100#map=17/56.328700/44.013100',
  );
  t.equal((await desk.admin.patch(`/api/v1/organizations/${org.id}/addresses/${addr.id}`, {})).statusCode, 400);
  const other = await makeOrganization(desk.admin, { name: 'Другой' });
  const wrongOrg = await desk.admin.patch(`/api/v1/organizations/${other.id}/addresses/${addr.id}`, { label: 'x' });
  t.equal(wrongOrg.statusCode, 404, 'an address is changed only through its own client');
  t.match(wrongOrg.json().detail, new RegExp(`Address ${addr.id} of organization ${other.id}`));
});

t.test('a deactivated contact cannot sign in to the portal, loses open sessions, and is not invited', async (t) => {
  const desk = await portalDesk(t);
  const org = await makeOrganization(desk.admin, { name: 'Ромашка' });
  const contact = await makeContact(desk.admin, org.id, { name: 'Анна', email: 'anna@romashka.example' });
  t.equal((await desk.admin.get(`/api/v1/contacts/${contact.id}`)).json().active, true, 'contacts start active');
  const portal = await signIn(desk.app, 'anna@romashka.example');
  t.equal((await portal.get('/api/v1/portal/me')).statusCode, 200);

  const edited = await desk.admin.patch(`/api/v1/organizations/${org.id}/contacts/${contact.id}`, {
    name: 'Анна Петрова',
    phone: '+7 900 000-00-00',
    active: false,
  });
  t.equal(edited.statusCode, 200);
  t.match(edited.json(), { name: 'Анна Петрова', phone: '+7 900 000-00-00', active: false });
  t.equal((await portal.get('/api/v1/portal/me')).statusCode, 401, 'the open session ends');
  const asked = await desk.app.inject({
    method: 'POST',
    url: '/api/v1/portal/login-link',
    payload: { email: 'anna@romashka.example' },
  });
  t.equal(asked.statusCode, 202, 'the same answer as for any address');
  const opened = await desk.app.inject({ method: 'GET', url: new URL(asked.json().link).pathname });
  t.not(opened.statusCode, 303, 'but the link does not sign a deactivated contact in');
  t.notOk(opened.headers['set-cookie'], 'no portal cookie');
  const invite = await desk.admin.post(`/api/v1/organizations/${org.id}/contacts/${contact.id}/portal-invite`, {});
  t.equal(invite.statusCode, 422);
  t.equal(invite.json().code, 'contact_inactive');

  const listed = (await desk.admin.get(`/api/v1/organizations/${org.id}/contacts`)).json().items;
  t.same(
    listed.map((c: { name: string; active: boolean }) => [c.name, c.active]),
    [['Анна Петрова', false]],
    'the contact and their history stay',
  );
  await desk.admin.patch(`/api/v1/contacts/${contact.id}`, { active: true });
  t.equal((await (await signIn(desk.app, 'anna@romashka.example')).get('/api/v1/portal/me')).statusCode, 200);
});
