import { existsSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { databaseFile } from '../server/installation.js';
import { passwordProblem } from '../server/modules/auth/index.js';
import { runningServer } from '../server/ops/pid-file.js';
import type { InstallAnswers } from './answers.js';
import { readJsonObject } from './config-writer.js';
import { StepExecutor, systemctl } from './executors.js';
import { readExisting } from './existing.js';
import { layoutOf, planInstall, type InstallManifest } from './plan.js';
import { evaluatePreflight, formatChecks, probePreflight, type CheckResult, type PreflightPlan } from './preflight.js';
import { appRoot } from './product.js';
import { readRelease } from './release.js';
import { UNIT_NAME } from './systemd-unit.js';
import { InstallRefused, judgeTokens, readAnswerFile } from './tokens.js';
import { fetchJoinInfo, postgresCheck, probePostgres, readExistingPostgres } from './postgres.js';
import { redactedUrl } from '../server/db/postgres.js';
import { deriveNodeId, readMachineId } from '../server/modules/licensing/index.js';

export { InstallRefused } from './tokens.js';
export { launcherText, layoutOf, planInstall, type InstallLayout, type InstallManifest } from './plan.js';

export interface InstallResult {
  changes: string[];
  checks: CheckResult[];
  url: string;
  /** Generated for a new admin; shown once, stored nowhere but as a hash. */
  generatedPassword?: string;
  nextSteps: string[];
}

/**
 * Installs — or brings an installation in line with — the answers. First everything is read and judged
 * (preflight, the release, the existing installation, tokens, the password), so a refusal leaves the machine as
 * it was; then `planInstall` decides the steps and the executor performs each, idempotently.
 */
export async function install(
  given: InstallAnswers,
  io: { out(line: string): void } = { out: () => {} },
): Promise<InstallResult> {
  const answers = given.joinUrl ? await joinAnswers(given, io) : given;
  const layout = layoutOf(answers);
  const underRoot = answers.root !== null;
  const running = runningServer(layout.dataDir);
  const preflightPlan: PreflightPlan = {
    host: answers.host,
    port: answers.port,
    dataDir: layout.dataDir,
    targets: [layout.dataDir, layout.installDir, ...(answers.systemd ? [dirname(layout.unitFile)] : [])],
    systemd: answers.systemd,
    underRoot,
    serviceUser: answers.serviceUser,
    portOwnedByThisInstallation: running !== null && running.port === answers.port,
  };
  const preflight = await probePreflight(preflightPlan);
  const checks = evaluatePreflight(preflight, preflightPlan);
  if (answers.database === 'postgres' && answers.databaseUrl)
    checks.push(postgresCheck(await probePostgres(answers.databaseUrl), answers.databaseUrl));
  io.out(`Preflight:\n${formatChecks(checks)}`);
  const failed = checks.filter((c) => c.status === 'fail');
  if (failed.length) throw new InstallRefused(`preflight failed; nothing was changed:\n${formatChecks(failed)}`);

  const release = readRelease(appRoot());
  if ('problem' in release) throw new InstallRefused(`${release.problem}; nothing was changed`);
  const existing =
    answers.database === 'postgres' && answers.databaseUrl
      ? await readExistingPostgres(answers.databaseUrl, answers.adminEmail)
      : readExisting(databaseFile(layout.dataDir), answers.adminEmail);
  const existingConfig = (() => {
    try {
      return readJsonObject(layout.configFile);
    } catch (err) {
      throw new InstallRefused(`the existing config cannot be read: ${(err as Error).message}`);
    }
  })();
  const configuredNodeId = typeof existingConfig.nodeId === 'string' ? existingConfig.nodeId : undefined;
  const tokens = await judgeTokens(answers, existing, configuredNodeId);
  let password: string | undefined = answers.adminPassword;
  if (answers.adminPasswordFile) password = readAnswerFile(answers.adminPasswordFile, 'admin password');
  if (password !== undefined) {
    const problem = passwordProblem(password);
    if (problem) throw new InstallRefused(`the admin password is not acceptable: ${problem}; nothing was changed`);
  }

  const plan = planInstall(answers, {
    isRoot: preflight.isRoot,
    serviceUser: preflight.user,
    canCreateUsers: preflight.canCreateUsers,
    systemdPresent: preflight.systemdPresent,
    unitFileExists: existsSync(layout.unitFile),
    adminExists: existing.adminExists,
    licenseApplied: existing.licenseJti !== undefined,
    license: tokens.license,
    node: tokens.node,
    ...(password !== undefined && { adminPassword: password }),
    release,
    nodePath: process.execPath,
    hostname: hostname(),
  });

  io.out('Changes:');
  const executor = new StepExecutor(answers.serviceUser, io.out);
  // The database, logs and attachments the install creates must not be readable by other users.
  const previousUmask = process.umask(0o027);
  try {
    for (const step of plan.steps) await executor.run(step);
  } finally {
    await executor.close();
    process.umask(previousUmask);
  }
  if (!executor.changes.length) io.out('  none: the installation already matches these answers');
  return {
    changes: executor.changes,
    checks,
    url: plan.url,
    ...(executor.generatedPassword && { generatedPassword: executor.generatedPassword }),
    nextSteps: plan.nextSteps,
  };
}

/**
 * A second node (--join URL): asks the running node for the shared database with this node's token, and checks the
 * token is this machine's — before anything is written. The database URL it gets holds a password: it goes to the
 * config file only, never to the output.
 */
async function joinAnswers(answers: InstallAnswers, io: { out(line: string): void }): Promise<InstallAnswers> {
  const token = readAnswerFile(answers.nodeTokenFile!, 'node token');
  const info = await fetchJoinInfo(answers.joinUrl!, token);
  const thisNode = answers.nodeId ?? deriveNodeId(info.installationId, readMachineId());
  if (info.nodeId !== thisNode)
    throw new InstallRefused(
      `the node token is for node ${info.nodeId}, but this machine is node ${thisNode}${answers.nodeId ? ' (--node-id)' : ' (from its machine id)'}: ` +
        `send the vendor this id for a token of its own, or pass --node-id ${info.nodeId} if this machine is to be that node (a container whose machine id changes); nothing was changed`,
    );
  io.out(`Joining installation ${info.installationId} as node ${thisNode} (database ${redactedUrl(info.databaseUrl)})`);
  return {
    ...answers,
    database: 'postgres',
    databaseUrl: info.databaseUrl,
    nodeId: thisNode,
    ...(answers.filesDir === undefined && info.filesDir !== undefined && { filesDir: info.filesDir }),
    ...(answers.publicUrl === undefined && info.publicUrl !== undefined && { publicUrl: info.publicUrl }),
  };
}

export interface UninstallOptions {
  root: string | null;
  installDir: string;
  purge: boolean;
  yesReally: boolean;
  /** Asks for the data dir's name to be typed; absent when there is no terminal. */
  confirmPurge?: (dataDir: string) => Promise<boolean>;
}

/** Removes the unit and the install dir; the data stays unless purged (after the data dir's name is typed). */
export async function uninstall(
  o: UninstallOptions,
  io: { out(line: string): void } = { out: () => {} },
): Promise<{ removed: string[]; dataDir: string; purged: boolean }> {
  const manifestFile = join(o.installDir, 'install.json');
  if (!existsSync(manifestFile))
    throw new InstallRefused(
      `no installation at ${o.installDir} (${manifestFile} is missing); pass --install-dir (and --root) as given to install`,
    );
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as InstallManifest;
  if (o.purge && !o.yesReally) {
    if (!o.confirmPurge)
      throw new InstallRefused(
        `--purge deletes ${manifest.dataDir} with every ticket in it: type its name at a terminal, or pass --yes-really; nothing was removed`,
      );
    if (!(await o.confirmPurge(manifest.dataDir)))
      throw new InstallRefused(`the name typed was not "${basename(manifest.dataDir)}"; nothing was removed`);
  }
  const systemdHere = o.root === null && existsSync('/run/systemd/system');
  const removed: string[] = [];
  if (manifest.unitFile && existsSync(manifest.unitFile)) {
    if (systemdHere) systemctl(['disable', '--now', UNIT_NAME]);
    rmSync(manifest.unitFile);
    if (systemdHere) systemctl(['daemon-reload']);
    removed.push(manifest.unitFile);
  }
  const live = runningServer(manifest.dataDir);
  if (o.purge && live)
    throw new InstallRefused(
      `the desk still runs (pid ${live.pid}); stop it before purging its data; the unit was removed, the data kept`,
    );
  rmSync(o.installDir, { recursive: true, force: true });
  removed.push(o.installDir);
  if (o.purge) {
    rmSync(manifest.dataDir, { recursive: true, force: true });
    removed.push(manifest.dataDir);
  }
  for (const r of removed) io.out(`removed ${r}`);
  if (!o.purge) io.out(`the data is kept in ${manifest.dataDir} (remove it with --purge)`);
  return { removed, dataDir: manifest.dataDir, purged: o.purge };
}
