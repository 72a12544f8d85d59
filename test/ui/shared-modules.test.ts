import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testDesk } from '../helpers/app.js';
import { sharedModules } from '../../server/http/ui.js';
import { productRoot } from '../../server/shared/paths.js';

/**
 * The UI runs some server modules as they are (zone.ts for wall-clock time in a calendar's zone): the desk
 * serves their compiled files (npm run build) at the URLs of the UI's import map, and nothing else of dist/.
 */
t.test('the compiled server modules the UI imports are served at the URLs of its import map', async (t) => {
  const desk = await testDesk(t);
  const importMap = readFileSync(join(productRoot, 'ui', 'index.html'), 'utf8');
  for (const [url, file] of Object.entries(sharedModules)) {
    t.match(importMap, `"${url}"`, `${url} is in the import map of index.html`);
    const res = await desk.app.inject({ method: 'GET', url });
    t.equal(res.statusCode, 200, `${url} is served`);
    t.match(res.headers['content-type'], /javascript/, 'as a script');
    t.equal(res.headers['x-content-type-options'], 'nosniff');
    t.equal(res.body, readFileSync(join(productRoot, 'dist', file), 'utf8'), `the compiled ${file}`);
    t.notMatch(res.body, /^import\b/m, 'a module the browser runs alone: it imports nothing');
  }
  for (const url of ['/shared/calendars/zone.js.map', '/shared/../dist/server/app.js', '/dist/server/app.js']) {
    const res = await desk.app.inject({ method: 'GET', url });
    t.equal(res.statusCode, 404, `${url} is not served`);
  }
});
