import t from 'tap';
import { makeContact, makeOrganization, makeTicket } from '../helpers/factories.js';
import { portalDesk, signIn } from '../portal/helpers.js';

t.test('a contact searches by word forms and codes within their own organization only', async (t) => {
  const desk = await portalDesk(t);
  const own = await makeOrganization(desk.admin, { name: 'ООО Ромашка' });
  const other = await makeOrganization(desk.admin, { name: 'ООО Лютик' });
  const contact = await makeContact(desk.admin, own.id, { email: 'anna@romashka.example' });
  const mine = await makeTicket(desk.admin, own.id, {
    contactId: contact.id,
    subject: 'Принтеры в бухгалтерии',
    description: 'Ошибка 0x80070005',
  });
  const theirs = await makeTicket(desk.admin, other.id, {
    subject: 'Принтеры в бухгалтерии',
    description: 'Ошибка 0x80070005',
  });
  const agentFound = (await desk.admin.get(`/api/v1/search?q=${encodeURIComponent('бухгалтерия')}&kind=ticket`)).json();
  t.same(
    agentFound.items.map((h: { id: number }) => h.id).sort(),
    [mine.id, theirs.id].sort(),
    'an agent finds both clients’ tickets',
  );
  const portal = await signIn(desk.app, 'anna@romashka.example');
  const list = async (q: string) =>
    (
      (await portal.get(`/api/v1/portal/tickets?status=all&q=${encodeURIComponent(q)}`)).json().items as {
        id: number;
      }[]
    ).map((i) => i.id);
  t.same(await list('бухгалтерия'), [mine.id], 'another word form, the own ticket only');
  t.same(await list('принтер'), [mine.id]);
  t.same(await list('0x80070005'), [mine.id], 'an error code, the own ticket only');
  t.same(await list('0x8007'), [mine.id], 'typed in part');
  t.same(await list('"принтеры в бухгалтерии"'), [mine.id], 'a phrase');
  t.same(await list(`#${theirs.number}`), [], 'another organization’s ticket is not found by its number');
  t.equal((await portal.get(`/api/v1/search?q=test`)).statusCode, 401, 'the desk’s search is not the portal’s');
});
