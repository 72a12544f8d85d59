/** The notice admins get when an endpoint is turned off, in Russian and English. */
export function endpointDisabledMail(
  language: string,
  v: { name: string; url: string; why: DisableReason; link: string | null },
): { subject: string; body: string } {
  const reason = reasonText(language === 'en' ? 'en' : 'ru', v.why);
  if (language === 'en') {
    return {
      subject: `Webhook turned off: ${v.url}`,
      body: [
        `Hello, ${v.name}.`,
        '',
        `The desk stopped sending events to ${v.url}.`,
        `Why: ${reason}.`,
        '',
        'Events that happen meanwhile are not queued for it. Once the receiver works again, turn the webhook back on',
        'in Settings → Webhooks; messages still waiting in its log go out in order.',
        ...(v.link ? ['', v.link] : []),
      ].join('\n'),
    };
  }
  return {
    subject: `Вебхук отключён: ${v.url}`,
    body: [
      `Здравствуйте, ${v.name}.`,
      '',
      `Сервис перестал отправлять события на ${v.url}.`,
      `Причина: ${reason}.`,
      '',
      'События, которые произойдут за это время, для него не ставятся в очередь. Когда получатель снова заработает,',
      'включите вебхук в разделе «Настройки → Вебхуки»: сообщения, ждущие в его журнале, уйдут по порядку.',
      ...(v.link ? ['', v.link] : []),
    ].join('\n'),
  };
}

export type DisableReason = { kind: 'gone'; status: number } | { kind: 'failing'; since: string };

/** Why an endpoint was turned off; the API and the log keep the English words. */
export function reasonText(language: 'ru' | 'en', why: DisableReason): string {
  if (why.kind === 'gone')
    return language === 'en'
      ? `the receiver answered ${why.status} Gone, which means "stop sending"`
      : `получатель ответил ${why.status} Gone — это просьба больше не отправлять`;
  return language === 'en'
    ? `every delivery has failed since ${why.since} (three days)`
    : `все отправки с ${why.since} (три дня) завершились ошибкой`;
}
