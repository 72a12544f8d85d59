import t from 'tap';
import {
  defaultTemplates,
  languages,
  templateEvents,
  unknownVariables,
} from '../../server/modules/notifications/templates.js';

/**
 * The server's catalogue of e-mail templates says the same in every language: each event has a template in
 * each language, and the Russian and English ones fill in the same {{variables}}, all of them known to the
 * event (an unknown name would be left blank in the mail).
 */

const variables = (text: string) =>
  [...new Set([...text.matchAll(/\{\{\s*([a-z.]+)\s*\}\}/gi)].map((m) => m[1]))].sort();

t.test('every mail template exists in ru and en with the same variables', async (t) => {
  t.same(Object.keys(defaultTemplates).sort(), [...templateEvents].sort(), 'a template for every event, no other');
  for (const event of templateEvents) {
    const byLanguage = defaultTemplates[event];
    t.same(Object.keys(byLanguage).sort(), [...languages].sort(), `${event}: every language`);
    for (const part of ['subject', 'body'] as const) {
      const [first, ...others] = languages.map((lang) => variables(byLanguage[lang][part]));
      for (const other of others) t.same(other, first, `${event}: the same variables in the ${part} of each language`);
      for (const lang of languages)
        t.same(unknownVariables(byLanguage[lang][part], event), [], `${event} (${lang}): only the event's variables`);
    }
  }
});
