import nodemailer from 'nodemailer';

/** Adversarial messages of about 2 MB each: what once froze the desk for over a minute. */
function hostileMessages(): Buffer[] {
  const fill = (unit: string, bytes: number) => unit.repeat(Math.floor(bytes / unit.length));
  const room = 2 * 1024 * 1024;
  const message = (headers: Record<string, string>, body: string, n: number) =>
    Buffer.from(
      [
        `From: ${headers.from ?? 'Ivan <ivan@romashka.example>'}`,
        `To: ${headers.to ?? 'support@desk.test'}`,
        `Subject: ${headers.subject ?? 'hostile'}`,
        `Message-ID: <bench-hostile-${n}-${Date.now()}@romashka.example>`,
        'MIME-Version: 1.0',
        `Content-Type: ${headers.type ?? 'text/plain; charset=utf-8'}`,
        '',
        body,
      ].join('\r\n'),
    );
  return [
    message({}, `fresh\r\n${fill('>\r\n', room)}tail`, 1),
    message({}, `fresh\r\n${fill(`${'> '.repeat(40)}text\r\n`, room)}`, 2),
    message({ from: `x <${fill('a.', 500 * 1024)}>, ${fill('"a" <b@c>, ', 400 * 1024)}` }, 'hi', 3),
    message({}, fill('x', room), 4),
    message({ type: 'text/html; charset=utf-8' }, `<p>${fill(' ', room)}</p>`, 5),
  ];
}

/** Sends the hostile set to the desk's SMTP receiver, one after another; answers how many were accepted. */
export async function sendHostileMail(port: number): Promise<number> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  let sent = 0;
  try {
    for (const raw of hostileMessages()) {
      await transport
        .sendMail({ envelope: { from: 'ivan@romashka.example', to: 'support@desk.test' }, raw })
        .then(() => sent++)
        .catch(() => undefined);
    }
  } finally {
    transport.close();
  }
  return sent;
}
