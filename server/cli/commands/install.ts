import type { Command } from 'commander';
import { input } from '@inquirer/prompts';
import { basename, resolve } from 'node:path';
import {
  AnswersError,
  answersFromEnv,
  answersFromFile,
  resolveAnswers,
  underRoot,
  type RawAnswers,
} from '../../../installer/answers.js';
import { install, InstallRefused, uninstall } from '../../../installer/install.js';
import { askInstallAnswers, confirmInstall } from '../../../installer/prompts.js';
import { action, CliError } from '../command-kit.js';
import { redactedUrl } from '../../db/postgres.js';

interface InstallFlags {
  yes?: boolean;
  root?: string;
  answers?: string;
  installDir?: string;
  dataDir?: string;
  host?: string;
  port?: string;
  publicUrl?: string;
  adminEmail?: string;
  adminName?: string;
  adminPasswordFile?: string;
  smtpUrl?: string;
  mailFrom?: string;
  licenseFile?: string;
  nodeTokenFile?: string;
  nodeId?: string;
  database?: string;
  databaseUrl?: string;
  join?: string;
  filesDir?: string;
  systemd?: boolean;
  serviceUser?: string;
}

const asCliError = (err: unknown): never => {
  if (err instanceof AnswersError || err instanceof InstallRefused) throw new CliError(err.message, 2);
  throw err;
};

export function registerInstall(program: Command) {
  program
    .command('install')
    .description(
      'install Ondesk on this server (or bring an installation in line with new answers); asks for what flags do not give',
    )
    .option('-y, --yes', 'non-interactive: take flags, ONDESK_* variables and --answers, ask nothing')
    .option(
      '--root <dir>',
      'place every system path (unit, install dir, default data dir) under this prefix; systemctl is never called',
    )
    .option(
      '--answers <file>',
      'JSON file of answers (keys: installDir, dataDir, host, port, publicUrl, adminEmail, adminName, adminPasswordFile, smtpUrl, mailFrom, licenseFile, nodeTokenFile, nodeId, database, databaseUrl, joinUrl, filesDir, systemd, serviceUser)',
    )
    .option('--install-dir <dir>', 'where the launcher and the install record go (default /opt/ondesk)')
    .option('--data-dir <dir>', 'database, attachments, logs and config (default /var/lib/ondesk)')
    .option('--host <h>', 'address to bind (default 127.0.0.1)')
    .option('--port <n>', 'port (default 8080)')
    .option('--public-url <url>', 'URL users open (links in e-mails)')
    .option('--admin-email <e>', "first admin's e-mail")
    .option('--admin-name <n>', "first admin's name (default Administrator)")
    .option(
      '--admin-password-file <f>',
      "file holding the first admin's password; without it one is generated and shown once",
    )
    .option('--smtp-url <url>', 'outgoing mail, smtp://user:password@host:587')
    .option('--mail-from <addr>', 'sender address of outgoing mail')
    .option('--license-file <f>', 'license token from the vendor (free mode without)')
    .option('--node-token-file <f>', 'node token from the vendor for this node')
    .option('--node-id <id>', "fix this node's id (the id a node token was issued for; containers)")
    .option('--database <kind>', 'sqlite (default: a file in the data dir, one node) or postgres (several nodes)')
    .option('--database-url <url>', 'with --database postgres: postgres://user:password@host:5432/ondesk')
    .option(
      '--join <url>',
      'a second node: the URL of a running node, asked for the shared database with --node-token-file',
    )
    .option('--files-dir <dir>', 'stored files (attachments, mail, documents): a directory every node mounts')
    .option('--no-systemd', 'write no systemd unit (run `ondesk serve` under your own supervisor)')
    .option('--service-user <name>', 'user the service runs as (default ondesk when root, else you)')
    .action(
      action(async (opts: InstallFlags) => {
        const isRoot = process.getuid?.() === 0;
        const flags: RawAnswers = {
          root: opts.root,
          installDir: opts.installDir,
          dataDir: opts.dataDir,
          host: opts.host,
          port: opts.port,
          publicUrl: opts.publicUrl,
          adminEmail: opts.adminEmail,
          adminName: opts.adminName,
          adminPasswordFile: opts.adminPasswordFile,
          smtpUrl: opts.smtpUrl,
          mailFrom: opts.mailFrom,
          licenseFile: opts.licenseFile,
          nodeTokenFile: opts.nodeTokenFile,
          nodeId: opts.nodeId,
          database: opts.database,
          databaseUrl: opts.databaseUrl,
          joinUrl: opts.join,
          filesDir: opts.filesDir,
          // commander sets systemd=true by default for --no-systemd; only its absence of "false" is not an answer.
          systemd: opts.systemd === false ? false : undefined,
          serviceUser: opts.serviceUser,
        };
        const layers: RawAnswers[] = [];
        try {
          if (opts.answers) layers.push(answersFromFile(opts.answers));
          layers.push(answersFromEnv(process.env), flags);
        } catch (err) {
          asCliError(err);
        }
        let given: RawAnswers = Object.assign(
          {},
          ...layers.map((l) => Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined))),
        );
        const interactive = !opts.yes;
        if (interactive) {
          if (!process.stdin.isTTY)
            throw new CliError('no terminal to ask on: pass --yes with flags, ONDESK_* variables or --answers FILE');
          given = await askInstallAnswers({ given, isRoot });
        }
        const answers = (() => {
          try {
            return resolveAnswers([given], { isRoot });
          } catch (err) {
            return asCliError(err);
          }
        })();
        if (interactive) {
          const summary = [
            `  install dir ${answers.installDir}`,
            `  data dir    ${answers.dataDir}`,
            `  listen      ${answers.host}:${answers.port}`,
            answers.joinUrl
              ? `  joins       ${answers.joinUrl} (PostgreSQL of the running node)`
              : `  database    ${answers.database === 'postgres' ? redactedUrl(answers.databaseUrl ?? '') : 'SQLite in the data dir'}`,
            ...(answers.adminEmail ? [`  admin       ${answers.adminEmail}`] : []),
            `  systemd     ${answers.systemd ? `yes, as ${answers.serviceUser}` : 'no'}`,
          ].join('\n');
          if (!(await confirmInstall(summary))) throw new CliError('cancelled; nothing was changed', 1);
        }
        const result = await install(answers, { out: (line) => process.stdout.write(`${line}\n`) }).catch(asCliError);
        const out = process.stdout;
        out.write(
          result.changes.length
            ? `\nOndesk is installed: ${result.url}\n`
            : `\nNothing changed. Ondesk: ${result.url}\n`,
        );
        if (result.generatedPassword)
          out.write(`Admin ${answers.adminEmail} password (shown once, store it now): ${result.generatedPassword}\n`);
        out.write(`Next steps:\n${result.nextSteps.map((s) => `  - ${s}`).join('\n')}\n`);
      }),
    );

  program
    .command('uninstall')
    .description('remove the systemd unit and the launcher; the data stays unless --purge')
    .option('--root <dir>', 'the prefix given to install')
    .option('--install-dir <dir>', 'the install dir given to install (default /opt/ondesk)')
    .option('--purge', 'also delete the data dir (asks for its name to be typed)')
    .option('--yes-really', 'with --purge: delete without asking')
    .action(
      action(async (opts: { root?: string; installDir?: string; purge?: boolean; yesReally?: boolean }) => {
        const root = opts.root ? resolve(opts.root) : null;
        const installDir = underRoot(root, opts.installDir ?? process.env.ONDESK_INSTALL_DIR ?? '/opt/ondesk');
        await uninstall(
          {
            root,
            installDir,
            purge: opts.purge === true,
            yesReally: opts.yesReally === true,
            ...(process.stdin.isTTY && {
              confirmPurge: async (dataDir: string) =>
                (await input({
                  message: `This deletes ${dataDir} and every ticket in it. Type "${basename(dataDir)}" to confirm`,
                })) === basename(dataDir),
            }),
          },
          { out: (line) => process.stdout.write(`${line}\n`) },
        ).catch(asCliError);
      }),
    );
}
