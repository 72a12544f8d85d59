import type { PortalLanguage } from './agreement-reason.js';

/** The login-link and invitation mails, in the contact's language. The link is valid 15 minutes and once. */
export function loginLinkMail(
  kind: 'link' | 'invite',
  values: { name: string; link: string; organization: string },
  language: PortalLanguage,
): { subject: string; body: string } {
  if (language === 'en') {
    return kind === 'invite'
      ? {
          subject: `Your access to the ${values.organization} support portal`,
          body: `Hello, ${values.name}!\n\nYou are invited to the support portal: there you file requests, follow them and see your agreements.\n\nSign in with this link (valid for 15 minutes, once):\n${values.link}\n\nLater, ask for a new link on the sign-in page, or set a password in your profile.\n\n— Ondesk`,
        }
      : {
          subject: 'Your sign-in link to the support portal',
          body: `Hello, ${values.name}!\n\nSign in to the support portal with this link (valid for 15 minutes, once):\n${values.link}\n\nIf you did not ask for it, ignore this message: nobody can sign in without the link.\n\n— Ondesk`,
        };
  }
  return kind === 'invite'
    ? {
        subject: `Доступ к порталу поддержки: ${values.organization}`,
        body: `Здравствуйте, ${values.name}!\n\nВас пригласили в личный кабинет поддержки: там можно подавать заявки, следить за ними и смотреть договоры.\n\nВойдите по ссылке (действует 15 минут, один раз):\n${values.link}\n\nПозже новую ссылку можно запросить на странице входа или задать пароль в профиле.\n\n— Ondesk`,
      }
    : {
        subject: 'Ссылка для входа в портал поддержки',
        body: `Здравствуйте, ${values.name}!\n\nВойдите в личный кабинет поддержки по ссылке (действует 15 минут, один раз):\n${values.link}\n\nЕсли вы не запрашивали вход, просто проигнорируйте письмо: без ссылки войти нельзя.\n\n— Ondesk`,
      };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The page a used or expired login link answers with (410), in the browser's language. */
export function deadLinkPage(language: PortalLanguage): string {
  const t =
    language === 'en'
      ? {
          title: 'This link was already used or has expired',
          text: 'A sign-in link works once and for 15 minutes. Ask for a new one on the sign-in page.',
          action: 'Go to the sign-in page',
        }
      : {
          title: 'Ссылка уже использована или устарела',
          text: 'Ссылка для входа действует один раз и 15 минут. Запросите новую на странице входа.',
          action: 'Перейти на страницу входа',
        };
  return `<!doctype html>
<html lang="${language}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(t.title)}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/portal/portal.css">
</head>
<body>
  <main class="dead-link">
    <h1>${escapeHtml(t.title)}</h1>
    <p>${escapeHtml(t.text)}</p>
    <p><a href="/portal/login">${escapeHtml(t.action)}</a></p>
  </main>
</body>
</html>
`;
}

/** ru unless the browser prefers English over Russian (Accept-Language). */
export function languageFromHeader(header: string | undefined): PortalLanguage {
  if (!header) return 'ru';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag ?? '', q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((l) => l.tag.startsWith('ru') || l.tag.startsWith('en'))
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'ru';
}
