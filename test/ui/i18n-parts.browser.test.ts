import t from 'tap';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';

t.test('two modules that ask for the same part of the catalogue at once both get its strings', async (t) => {
  const { url, agent } = await startUiDesk(t, {
    seed: async (inst) => ({ agent: await uiAgent(inst, 'admin', 'parts@lang.test', 'Olga Partova', 'ru') }),
  });
  const browser = await launchChromium(t);
  const errors: string[] = [];
  const { page } = await openPage(browser, {
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 1300, height: 900 },
    errors,
    label: 'parts of the catalogue',
  });
  await signIn(page, url, agent.email);
  await page.waitForSelector('.sidebar');
  // The webhooks part loads with its page only: nothing on the queue has asked for it yet. Two modules of one
  // page (the time report and the timer chip ask for "time" alike) import it at the same moment.
  const seen = await page.evaluate(async (path) => {
    const i18n = (await import(path)) as {
      t(key: string): string;
      loadMessages(part: string): Promise<void>;
    };
    const before = i18n.t('wh.title');
    const first = i18n.loadMessages('webhooks');
    await i18n.loadMessages('webhooks');
    const afterSecond = i18n.t('wh.title');
    await first;
    return { before, afterSecond, afterFirst: i18n.t('wh.title') };
  }, '/app/i18n.js'); // the desk's own module: the same instance its pages use
  t.equal(seen.before, 'wh.title', 'the part was not loaded before');
  t.equal(seen.afterSecond, 'Вебхуки', 'the second caller waits until the strings are in');
  t.equal(seen.afterFirst, 'Вебхуки', 'and so does the first');
  t.same(errors, [], 'no errors on the page');
});
