/**
 * The systemd unit of an installation. Pure: the same options always give the same text, so a re-run can
 * compare bytes and leave an unchanged unit (and the running service) alone.
 */
export interface UnitOptions {
  description?: string;
  user: string;
  group: string;
  dataDir: string;
  /** Program and arguments, e.g. the launcher in the install dir and `serve --data-dir …`. */
  execStart: string[];
  environment?: Record<string, string>;
}

export const UNIT_NAME = 'ondesk.service';

/** systemd's own quoting for ExecStart words; `%` starts a specifier and is doubled. */
export function quoteUnitWord(word: string): string {
  const escaped = word.replace(/%/g, '%%');
  return /[\s"'\\;]/.test(escaped) ? `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : escaped;
}

export function renderUnit(o: UnitOptions): string {
  const env = Object.entries(o.environment ?? {}).map(([k, v]) => `Environment=${quoteUnitWord(`${k}=${v}`)}`);
  return [
    '# Written by `ondesk install`; a re-run rewrites it. Local changes belong in a drop-in:',
    '#   systemctl edit ondesk',
    '[Unit]',
    `Description=${o.description ?? 'Ondesk service desk'}`,
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `User=${o.user}`,
    `Group=${o.group}`,
    `WorkingDirectory=${o.dataDir}`,
    ...env,
    `ExecStart=${o.execStart.map(quoteUnitWord).join(' ')}`,
    // Crashes restart; a clean stop (systemctl stop, SIGTERM finishing requests) does not.
    'Restart=on-failure',
    'RestartSec=5',
    // serve drains requests for up to 15 s on SIGTERM before it exits by itself.
    'TimeoutStopSec=20',
    // Files the desk creates (database, attachments, logs) are not readable by other users.
    'UMask=0027',
    // Hardening: the process can gain no privileges, sees the OS read-only and writes only its data dir.
    'NoNewPrivileges=yes',
    'ProtectSystem=strict',
    `ReadWritePaths=${o.dataDir}`,
    'PrivateTmp=yes',
    'ProtectHome=yes',
    'PrivateDevices=yes',
    'ProtectKernelTunables=yes',
    'ProtectKernelModules=yes',
    'ProtectControlGroups=yes',
    'RestrictSUIDSGID=yes',
    'LockPersonality=yes',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}
