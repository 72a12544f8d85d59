import { confirm, input, password, select } from '@inquirer/prompts';
import type { Context } from '@inquirer/type';
import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { passwordProblem } from '../server/modules/auth/index.js';
import { answerSources, defaultAnswers, type RawAnswers } from './answers.js';

export interface PromptFlowConfig {
  /** Answers already given by flags, environment or --answers: their questions are not asked. */
  given: RawAnswers;
  isRoot?: boolean;
}

const hint = (key: keyof typeof answerSources) => ` (${answerSources[key].flag})`;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * The interactive install: one question per answer not given yet, each naming the flag that answers it in a
 * script. Returns raw answers for `resolveAnswers`, which checks them all again. Written as an inquirer
 * prompt (config, context) so the whole flow runs on any input and output stream — a terminal or a test.
 */
/**
 * Each inquirer prompt ends its output stream when answered; a flow of several prompts on one given stream
 * hands each a pass-through that ends itself only. (process.stdout, the default, is never ended by Node.)
 */
function forPrompt(context?: Context): Context | undefined {
  const target = context?.output;
  if (!target) return context;
  const out = new Writable({ write: (chunk, encoding, done) => void target.write(chunk, encoding, done) });
  const size = target as unknown as { columns?: number; rows?: number };
  return { ...context, output: Object.assign(out, { columns: size.columns, rows: size.rows }) };
}

export async function askInstallAnswers(config: PromptFlowConfig, flowContext?: Context): Promise<RawAnswers> {
  const given = config.given;
  const d = defaultAnswers(config.isRoot);
  const out: RawAnswers = { ...given };
  const ctx = () => forPrompt(flowContext);
  const ask = async (
    key: 'installDir' | 'dataDir' | 'host' | 'adminName' | 'serviceUser',
    message: string,
    fallback: string,
  ) => {
    if (given[key] === undefined)
      out[key] = await input({ message: message + hint(key), default: fallback, required: true }, ctx());
  };

  await ask('installDir', 'Install directory', d.installDir);
  await ask('dataDir', 'Data directory (database, attachments, logs; a local disk, not NFS)', d.dataDir);
  await ask('host', 'Address to bind (0.0.0.0 for every interface; 127.0.0.1 behind a reverse proxy)', d.host);
  if (given.port === undefined) {
    out.port = await input(
      {
        message: `Port${hint('port')}`,
        default: String(d.port),
        validate: (v) =>
          /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? true : 'a port number from 1 to 65535',
      },
      ctx(),
    );
  }
  if (given.publicUrl === undefined) {
    const url = await input(
      {
        message: `Public URL users open, empty if not decided yet${hint('publicUrl')}`,
        validate: (v) => (v === '' || /^https?:\/\/\S+$/.test(v) ? true : 'an http:// or https:// URL, or empty'),
      },
      ctx(),
    );
    if (url) out.publicUrl = url;
  }
  const joining = given.joinUrl !== undefined;
  if (!joining && given.database === undefined && given.databaseUrl === undefined) {
    out.database = await select(
      {
        message: `Database${hint('database')}`,
        choices: [
          { name: 'SQLite: a file in the data dir, one node', value: 'sqlite' },
          { name: 'PostgreSQL: a database several nodes share', value: 'postgres' },
        ],
        default: 'sqlite',
      },
      ctx(),
    );
  }
  if (!joining && out.database === 'postgres' && given.databaseUrl === undefined) {
    // Typed like a password: the URL holds one, and a terminal's scrollback is a log too.
    out.databaseUrl = await password(
      {
        message: `PostgreSQL URL, postgres://user:password@host:5432/ondesk${hint('databaseUrl')}`,
        mask: '*',
        validate: (v) => (/^postgres(ql)?:\/\/\S+$/.test(v.trim()) ? true : 'postgres://user:password@host:5432/db'),
      },
      ctx(),
    );
  }
  // A joining node shares the first node's agents: no admin to create.
  if (!joining && given.adminEmail === undefined) {
    out.adminEmail = await input(
      {
        message: `First admin's e-mail${hint('adminEmail')}`,
        required: true,
        validate: (v) => (EMAIL.test(v.trim()) ? true : 'an e-mail address'),
      },
      ctx(),
    );
  }
  if (!joining) await ask('adminName', "First admin's name", d.adminName);
  if (!joining && given.adminPasswordFile === undefined && given.adminPassword === undefined) {
    const typed = await password(
      {
        message: `Admin password, empty to generate one${hint('adminPasswordFile')}`,
        mask: '*',
        validate: (v) => (v === '' ? true : (passwordProblem(v) ?? true)),
      },
      ctx(),
    );
    if (typed) out.adminPassword = typed;
  }
  if (
    given.smtpUrl === undefined &&
    (await confirm(
      { message: `Configure outgoing mail (SMTP) now? It can wait${hint('smtpUrl')}`, default: false },
      ctx(),
    ))
  ) {
    out.smtpUrl = await input(
      {
        message: 'SMTP URL, e.g. smtp://user:password@mail.example.com:587',
        required: true,
        validate: (v) => (/^smtps?:\/\/\S+$/.test(v) ? true : 'smtp://… or smtps://…'),
      },
      ctx(),
    );
    if (given.mailFrom === undefined)
      out.mailFrom = await input({ message: `Sender address${hint('mailFrom')}`, required: true }, ctx());
  }
  const fileOrEmpty = (v: string) => (v === '' || existsSync(v) ? true : `no file ${v}`);
  if (given.licenseFile === undefined) {
    const file = await input(
      { message: `License file from the vendor, empty for free mode${hint('licenseFile')}`, validate: fileOrEmpty },
      ctx(),
    );
    if (file) out.licenseFile = file;
  }
  if (out.licenseFile !== undefined && given.nodeTokenFile === undefined) {
    const file = await input(
      { message: `Node token file, empty to register this node later${hint('nodeTokenFile')}`, validate: fileOrEmpty },
      ctx(),
    );
    if (file) out.nodeTokenFile = file;
  }
  if (given.systemd === undefined)
    out.systemd = await confirm(
      { message: `Install and start a systemd service?${hint('systemd')}`, default: true },
      ctx(),
    );
  await ask('serviceUser', 'User the service runs as', d.serviceUser);
  return out;
}

/** The last question before anything is written (`--yes` answers it). */
export function confirmInstall(summary: string, context?: Context): Promise<boolean> {
  return confirm({ message: `${summary}\nInstall with these answers? (--yes)`, default: true }, context);
}
