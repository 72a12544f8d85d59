import { connect } from 'node:tls';

/**
 * Reads the expiry of the certificate a host really serves: a TLS handshake with SNI, without trusting the
 * chain (an expired or self-signed certificate is exactly what we want to see), abandoned after a hard
 * timeout. Everything is asynchronous, so a slow host never blocks the event loop.
 */
export interface CertificateFacts {
  validTo: Date;
  subject: string | null;
  issuer: string | null;
}

export function parseHost(text: string): { host: string; port: number } | null {
  const value = text.trim();
  const m = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(value);
  if (!m) return null;
  const port = m[2] === undefined ? 443 : Number(m[2]);
  if (port < 1 || port > 65_535) return null;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

export function readCertificate(hostPort: string, timeoutMs = 10_000): Promise<CertificateFacts> {
  const target = parseHost(hostPort);
  if (!target) return Promise.reject(new Error(`"${hostPort}" is not a host name with an optional :port`));
  const isIp = /^[\d.]+$/.test(target.host) || target.host.includes(':');
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, facts?: CertificateFacts) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(facts!);
    };
    const socket = connect({
      host: target.host,
      port: target.port,
      // SNI takes names only; an IP address is connected to without it.
      ...(isIp ? {} : { servername: target.host }),
      rejectUnauthorized: false,
    });
    const timer = setTimeout(
      () => finish(new Error(`${hostPort} did not complete a TLS handshake within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      if (!cert || !cert.valid_to) {
        finish(new Error(`${hostPort} presented no certificate`));
        return;
      }
      const validTo = new Date(cert.valid_to);
      if (Number.isNaN(validTo.getTime())) {
        finish(new Error(`${hostPort} presented a certificate with an unreadable expiry "${cert.valid_to}"`));
        return;
      }
      const name = (o: unknown) => {
        const cn = (o as { CN?: string | string[] } | undefined)?.CN;
        return Array.isArray(cn) ? (cn[0] ?? null) : (cn ?? null);
      };
      finish(null, { validTo, subject: name(cert.subject), issuer: name(cert.issuer) });
    });
    socket.once('error', (err) => finish(new Error(`${hostPort}: ${err.message}`)));
  });
}

/** A certificate's last valid day as a date: `valid_to` is an instant, the item's expiry a calendar date (UTC). */
export const expiryDateOf = (validTo: Date) => validTo.toISOString().slice(0, 10);
