import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { Installation } from '../../server/installation.js';
import { productRoot } from '../../server/shared/paths.js';
import {
  defaultInboundSettings,
  ingestRawMessage,
  type InboundSettings,
} from '../../server/modules/inbound-mail/inbound-mail.service.js';

// The shared originals beside this checkout when present, else their verbatim copy in test/fixtures (a clean clone).
export const sharedFixtures = join(productRoot, '..', 'shared', 'data', 'mail-fixtures') + '/';
export const copiedFixtures = join(productRoot, 'test', 'fixtures', 'mail') + '/';
export const fixtureRoot = existsSync(sharedFixtures) ? sharedFixtures : copiedFixtures;

export function listFiles(root: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(root).sort()) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

/** A raw RFC 5322 message built by nodemailer's composer, as a sending client would. */
export function compose(options: Mail.Options): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}

export const settings = (overrides: Partial<InboundSettings> = {}): InboundSettings => ({
  ...defaultInboundSettings,
  ownAddresses: ['support@desk.test'],
  ...overrides,
});

export function ingest(inst: Installation, raw: Buffer, overrides: Partial<InboundSettings> = {}) {
  return ingestRawMessage(inst.ctx(), raw, { kind: 'test' }, settings(overrides));
}
