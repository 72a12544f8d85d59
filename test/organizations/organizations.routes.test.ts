import t from 'tap';
import { testDesk } from '../helpers/app.js';
import { mapLinks } from '../../server/modules/organizations/organizations.presenter.js';

t.test('organizations with contacts and addresses with map links', async (t) => {
  const desk = await testDesk(t);
  const manager = await desk.agent('manager');
  const eng = await desk.agent('engineer');
  const created = await manager.post('/api/v1/organizations', {
    name: 'Гостиница «Волга»',
    legalName: 'ООО «Волга-Отель»',
    taxId: '5260001234',
    tags: ['hotel', 'hotel', ' vip '],
  });
  t.equal(created.statusCode, 201);
  const org = created.json();
  t.same(org.tags, ['hotel', 'vip']);
  t.equal((await eng.post('/api/v1/organizations', { name: 'X' })).statusCode, 403, 'engineers do not create clients');

  const contact = await eng.post(`/api/v1/organizations/${org.id}/contacts`, {
    name: 'Ольга',
    email: 'Olga@Volga.example',
    phone: '+7 (831) 000-00-00',
    position: 'Reception',
    language: 'ru',
  });
  t.equal(contact.statusCode, 201);
  t.equal(contact.json().email, 'olga@volga.example');
  t.equal(
    (await eng.post(`/api/v1/organizations/${org.id}/contacts`, { name: 'Bad', email: 'not-an-email' })).statusCode,
    400,
  );

  const addr = await manager.post(`/api/v1/organizations/${org.id}/addresses`, {
    label: 'Hotel',
    address: 'Нижний Новгород, Верхне-Волжская наб., 2',
    latitude: 56.3287,
    longitude: 44.0131,
  });
  t.equal(addr.statusCode, 201);
  t.equal(
    addr.json().mapLinks.openStreetMap,
    'https://www.openstreetmap.org/?mlat=56.328700&mlon=44.013100#map=17/56.328700/44.013100',
  );
  t.equal(addr.json().mapLinks.yandexMaps, 'https://yandex.ru/maps/?pt=44.013100,56.328700&z=17&l=map');
  await manager.post(`/api/v1/organizations/${org.id}/addresses`, { address: 'Москва, Тверская 1' });
  const list = (await eng.get(`/api/v1/organizations/${org.id}/addresses`)).json().items;
  t.equal(list.length, 2);
  t.match(list[1].mapLinks.yandexMaps, /^https:\/\/yandex\.ru\/maps\/\?text=%D0%9C/);
  t.equal(
    (await manager.post(`/api/v1/organizations/${org.id}/addresses`, { address: 'x', latitude: 91 })).statusCode,
    400,
  );

  t.equal((await eng.get('/api/v1/organizations/9999')).statusCode, 404);
  const found = (await eng.get(`/api/v1/organizations?q=${encodeURIComponent('Волга')}`)).json().items;
  t.equal(found.length, 1);
  t.equal((await eng.get('/api/v1/organizations?q=%25')).json().items.length, 0, '% is a literal, not a wildcard');
});

t.test('map links without coordinates search by the address text', async (t) => {
  t.same(mapLinks({ address: 'Berlin, Alexanderplatz 1', latitude: null, longitude: null }), {
    openStreetMap: 'https://www.openstreetmap.org/search?query=Berlin%2C%20Alexanderplatz%201',
    yandexMaps: 'https://yandex.ru/maps/?text=Berlin%2C%20Alexanderplatz%201',
  });
});
