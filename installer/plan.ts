import { join } from 'node:path';
import type { InstallAnswers } from './answers.js';
import type { InstallerSettings } from './config-writer.js';
import type { UserInfo } from './preflight.js';
import type { ReleaseInfo } from './release.js';
import { renderUnit, UNIT_NAME } from './systemd-unit.js';
import { SERVER_MALLOC_ENV, SERVER_NODE_FLAGS } from '../server/shared/node-flags.js';

/**
 * The install as data: `planInstall` turns answers and facts about the machine into the steps that bring it in
 * line with the answers. Pure — no I/O, no clock, no randomness — so what an install would do is tested without
 * a machine. Each step is idempotent when executed (see executors.ts): a write of equal content, a directory
 * that exists or a release already copied changes nothing, and steps that cannot be repeated harmlessly
 * (creating the user or the admin, applying a token, enabling the service) are planned only when the facts
 * say they are still needed.
 */
export type InstallStep =
  | { kind: 'create-user'; user: string; home: string }
  | { kind: 'data-dir'; path: string; owned: boolean }
  | { kind: 'config'; path: string; settings: InstallerSettings; owned: boolean }
  | { kind: 'release'; release: ReleaseInfo; target: string }
  | { kind: 'file'; what: 'launcher' | 'install record' | 'systemd unit'; path: string; content: string; mode: number }
  | { kind: 'remove-unit'; path: string; disable: boolean }
  | { kind: 'migrate'; dataDir: string }
  | { kind: 'apply-token'; what: 'license' | 'node token'; token: string }
  | { kind: 'create-admin'; email: string; name: string; password: string | null }
  | { kind: 'own-data'; dataDir: string; except: string[] }
  | { kind: 'service'; action: 'enable-and-start' | 'restart-if-changed' };

/** What the machine and the existing installation look like, gathered (read-only) before planning. */
export interface InstallFacts {
  isRoot: boolean;
  serviceUser: UserInfo | null;
  canCreateUsers: boolean;
  systemdPresent: boolean;
  unitFileExists: boolean;
  adminExists: boolean;
  licenseApplied: boolean;
  license: { token: string; apply: boolean } | null;
  node: { token: string; apply: boolean } | null;
  /** From --admin-password-file or the prompt; a new admin without one gets a generated password. */
  adminPassword?: string;
  release: ReleaseInfo;
  /** The Node.js the launcher runs the release with: the one running the installer. */
  nodePath: string;
  hostname: string;
}

export interface InstallLayout {
  root: string | null;
  installDir: string;
  dataDir: string;
  configFile: string;
  /** The release copied into the install dir; the launcher and the unit run this, never the installer's source. */
  appDir: string;
  launcher: string;
  manifest: string;
  unitFile: string;
}

export function layoutOf(a: Pick<InstallAnswers, 'root' | 'installDir' | 'dataDir'>): InstallLayout {
  return {
    root: a.root,
    installDir: a.installDir,
    dataDir: a.dataDir,
    configFile: join(a.dataDir, 'ondesk.json'),
    appDir: join(a.installDir, 'app'),
    launcher: join(a.installDir, 'bin', 'ondesk'),
    manifest: join(a.installDir, 'install.json'),
    unitFile: join(a.root ?? '/', 'etc', 'systemd', 'system', UNIT_NAME),
  };
}

/** The record uninstall and later runs read: what this install put where. */
export interface InstallManifest {
  product: 'ondesk';
  version: string;
  appRoot: string;
  dataDir: string;
  launcher: string;
  unitFile: string | null;
  serviceUser: string;
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The launcher runs the installed release and, unless told otherwise, on the installed data dir: `ondesk doctor`
 * typed by an admin in any directory means this installation, not a new ./data beside them.
 */
export function launcherText(nodePath: string, appDir: string, dataDir: string): string {
  return [
    '#!/bin/sh',
    "# Written by `ondesk install`: runs this installation's Ondesk release on its data dir",
    '# (--data-dir or ONDESK_DATA_DIR still choose another).',
    `: "\${ONDESK_DATA_DIR:=${dataDir}}"`,
    'export ONDESK_DATA_DIR',
    '# How malloc gives memory back (server/shared/node-flags.ts); a value set before wins.',
    ...Object.entries(SERVER_MALLOC_ENV).flatMap(([name, value]) => [`: "\${${name}:=${value}}"`, `export ${name}`]),
    `exec ${shq(nodePath)} ${SERVER_NODE_FLAGS.join(' ')} ${shq(join(appDir, 'bin', 'ondesk.js'))} "$@"`,
    '',
  ].join('\n');
}

export interface InstallPlan {
  layout: InstallLayout;
  steps: InstallStep[];
  url: string;
  nextSteps: string[];
}

export function planInstall(answers: InstallAnswers, facts: InstallFacts): InstallPlan {
  const layout = layoutOf(answers);
  const underRoot = answers.root !== null;
  const steps: InstallStep[] = [];
  const createsUser = !facts.serviceUser && !underRoot && facts.canCreateUsers;
  if (createsUser) steps.push({ kind: 'create-user', user: answers.serviceUser, home: layout.dataDir });
  // Ownership is set only by root, and only to a user that exists (or is made above).
  const owned = facts.isRoot && (facts.serviceUser !== null || createsUser);
  steps.push({ kind: 'data-dir', path: layout.dataDir, owned });
  steps.push({
    kind: 'config',
    path: layout.configFile,
    owned,
    settings: {
      host: answers.host,
      port: answers.port,
      publicUrl: answers.publicUrl,
      smtpUrl: answers.smtpUrl,
      mailFrom: answers.mailFrom,
      nodeId: answers.nodeId,
      database: answers.database === 'postgres' ? 'postgres' : undefined,
      databaseUrl: answers.databaseUrl,
      filesDir: answers.filesDir,
    },
  });
  steps.push({ kind: 'release', release: facts.release, target: layout.appDir });
  steps.push({
    kind: 'file',
    what: 'launcher',
    path: layout.launcher,
    content: launcherText(facts.nodePath, layout.appDir, layout.dataDir),
    mode: 0o755,
  });
  const manifest: InstallManifest = {
    product: 'ondesk',
    version: facts.release.version,
    appRoot: layout.appDir,
    dataDir: layout.dataDir,
    launcher: layout.launcher,
    unitFile: answers.systemd ? layout.unitFile : null,
    serviceUser: answers.serviceUser,
  };
  steps.push({
    kind: 'file',
    what: 'install record',
    path: layout.manifest,
    content: `${JSON.stringify(manifest, null, 2)}\n`,
    mode: 0o644,
  });
  const manageService = !underRoot && facts.systemdPresent;
  if (answers.systemd) {
    const unit = renderUnit({
      user: answers.serviceUser,
      group: facts.serviceUser?.group ?? answers.serviceUser,
      dataDir: layout.dataDir,
      execStart: [layout.launcher, 'serve', '--data-dir', layout.dataDir],
      environment: { NODE_ENV: 'production' },
    });
    steps.push({ kind: 'file', what: 'systemd unit', path: layout.unitFile, content: unit, mode: 0o644 });
  } else if (facts.unitFileExists) {
    steps.push({ kind: 'remove-unit', path: layout.unitFile, disable: manageService });
  }
  steps.push({ kind: 'migrate', dataDir: layout.dataDir });
  if (facts.license?.apply) steps.push({ kind: 'apply-token', what: 'license', token: facts.license.token });
  if (facts.node?.apply) steps.push({ kind: 'apply-token', what: 'node token', token: facts.node.token });
  // A joining node (no admin answered) shares the first node's agents.
  if (!facts.adminExists && answers.adminEmail !== '')
    steps.push({
      kind: 'create-admin',
      email: answers.adminEmail,
      name: answers.adminName,
      password: facts.adminPassword ?? null,
    });
  if (owned) steps.push({ kind: 'own-data', dataDir: layout.dataDir, except: [layout.configFile] });
  if (answers.systemd && manageService)
    steps.push({ kind: 'service', action: facts.unitFileExists ? 'restart-if-changed' : 'enable-and-start' });

  const shownHost = answers.host === '0.0.0.0' || answers.host === '::' ? facts.hostname : answers.host;
  const url = answers.publicUrl ?? `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${answers.port}`;
  return { layout, steps, url, nextSteps: nextStepsOf(answers, facts, layout) };
}

function nextStepsOf(answers: InstallAnswers, facts: InstallFacts, layout: InstallLayout): string[] {
  const steps: string[] = [];
  if (!answers.systemd)
    steps.push(`start it with your supervisor as user ${answers.serviceUser}: ${layout.launcher} serve`);
  else if (answers.root !== null || !facts.systemdPresent)
    steps.push(`on the target system: systemctl daemon-reload && systemctl enable --now ${UNIT_NAME}`);
  else steps.push(`check it: systemctl status ${UNIT_NAME}; logs: journalctl -u ${UNIT_NAME}`);
  if (!answers.licenseFile && !facts.licenseApplied)
    steps.push(
      `no license applied: the desk runs in free mode; apply one with \`${layout.launcher} license apply --token-file FILE\``,
    );
  if (answers.licenseFile && !answers.nodeTokenFile)
    steps.push(`send the vendor this node's id (\`${layout.launcher} node id\`) for a node token`);
  if (answers.database === 'postgres')
    steps.push(
      `several nodes: every node mounts the same files directory (${answers.filesDir ?? layout.dataDir}; filesDir) — \`${layout.launcher} doctor\` checks that every live node sees it`,
    );
  else
    steps.push(
      `back up nightly (built in; see \`${layout.launcher} doctor\`) and before upgrades: \`${layout.launcher} backup\``,
    );
  return steps;
}
