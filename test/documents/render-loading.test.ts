/**
 * The documents module's public face re-exports the renderer; a desk that never prints a document must not
 * carry pdfkit, fontkit and the QR encoder (tens of MB). They load with the first PDF. Checked in a fresh
 * process, where nothing else has loaded them yet.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { productRoot } from '../../server/shared/paths.js';

const script = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const heavy = () => Object.keys(require.cache).filter((k) => /node_modules[\\\\/](pdfkit|fontkit|qrcode)[\\\\/]/.test(k)).length;
const render = await import('./server/modules/documents/render/index.ts');
render.paymentQrPayload((await import('./test/documents/render-fixtures.ts')).invoice());
render.validateTemplate(render.defaultTemplate('contract', 'ru'));
const before = heavy();
await render.renderDocumentPdf((await import('./test/documents/render-fixtures.ts')).act(), { stamp: false, image: async () => null });
console.log(JSON.stringify({ before, after: heavy() }));
`;

t.test('pdfkit, fontkit and the QR encoder load with the first PDF, not with the module', async (t) => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    cwd: productRoot,
  });
  const { before, after } = JSON.parse(out.trim().split('\n').at(-1)!) as { before: number; after: number };
  t.equal(before, 0, 'the QR payload and the templates need none of them');
  t.ok(after > 0, `the first PDF loads them (${after} files)`);
});
