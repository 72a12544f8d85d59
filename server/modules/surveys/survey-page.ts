import { createHash } from 'node:crypto';
import { COMMENT_MAX, type Score } from './survey-rules.js';
import { scoreLabel, type SurveyLanguage } from './survey-mail.js';

/**
 * The survey's own pages: plain server-rendered HTML a contact opens from the mail, with no login, no script and
 * nothing from another host. One inline stylesheet, allowed by its hash; forms post only here.
 */
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa}
main{max-width:34rem;margin:0 auto;padding:2rem 1rem}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1.5rem}
h1{font-size:1.4rem;margin:0 0 .75rem}
p{margin:.5rem 0}
.score{font-size:1.1rem;font-weight:600}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
textarea{width:100%;min-height:8rem;font:inherit;padding:.5rem;border:1px solid #8c959f;border-radius:6px}
textarea:focus,button:focus{outline:3px solid #0969da;outline-offset:2px}
button{margin-top:.75rem;font:inherit;font-weight:600;color:#fff;background:#1f6feb;border:0;border-radius:6px;padding:.6rem 1.2rem;min-height:44px}
.hint{color:#57606a;font-size:.9rem}
.error{color:#b42318;font-weight:600}
`.trim();

/** The page's Content-Security-Policy: nothing but its own style, forms to this origin, never framed. */
export const surveyPagePolicy = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const text = {
  ru: {
    thanks: 'Спасибо за оценку!',
    yourScore: 'Ваша оценка',
    ticket: 'Заявка',
    commentLabel: 'Комментарий (необязательно)',
    commentHint: `Что нам сделать лучше? До ${COMMENT_MAX} символов.`,
    send: 'Отправить комментарий',
    saved: 'Спасибо, комментарий сохранён.',
    change: 'Передумали — нажмите другую оценку в письме, она заменит эту.',
    tooLong: `Комментарий длиннее ${COMMENT_MAX} символов — сократите его, пожалуйста.`,
    expiredTitle: 'Срок действия ссылки истёк',
    expired: 'Опрос по этой заявке закрыт. Если есть вопрос — просто ответьте на любое письмо по заявке.',
    unknownTitle: 'Ссылка не найдена',
    unknown: 'Проверьте, что ссылка скопирована из письма полностью.',
  },
  en: {
    thanks: 'Thank you for your rating!',
    yourScore: 'Your score',
    ticket: 'Ticket',
    commentLabel: 'Comment (optional)',
    commentHint: `What could we do better? Up to ${COMMENT_MAX} characters.`,
    send: 'Send comment',
    saved: 'Thank you, your comment is saved.',
    change: 'Changed your mind? Click another score in the e-mail: it replaces this one.',
    tooLong: `The comment is longer than ${COMMENT_MAX} characters; please shorten it.`,
    expiredTitle: 'This link has expired',
    expired: 'The survey for this ticket is closed. If you have a question, reply to any e-mail about the ticket.',
    unknownTitle: 'Link not found',
    unknown: 'Please check that the whole link was copied from the e-mail.',
  },
} as const;

function page(language: SurveyLanguage, title: string, content: string): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main><div class="card">
${content}
</div></main></body>
</html>`;
}

export interface AnsweredView {
  language: SurveyLanguage;
  token: string;
  score: Score | null;
  comment: string | null;
  ticketNumber: number;
  ticketSubject: string;
  /** What the page says above the form: just scored, or the comment was saved. */
  state: 'scored' | 'comment_saved' | 'comment_too_long';
  /** The text to put back in the form when it was refused. */
  draft?: string;
}

/** The thank-you page after a score or a comment, with the comment form (the token protects it). */
export function answeredPage(v: AnsweredView): string {
  const t = text[v.language];
  const title = v.state === 'comment_saved' ? t.saved : t.thanks;
  const score =
    v.score === null
      ? ''
      : `<p class="score">${t.yourScore}: ${v.score} — ${escapeHtml(scoreLabel(v.language, v.score))}</p>`;
  const error = v.state === 'comment_too_long' ? `<p class="error" role="alert">${t.tooLong}</p>` : '';
  const draft = v.draft ?? v.comment ?? '';
  return page(
    v.language,
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>${t.ticket} №${v.ticketNumber}: ${escapeHtml(v.ticketSubject)}</p>
${score}
<form method="post" action="/survey/${encodeURIComponent(v.token)}">
<label for="comment">${t.commentLabel}</label>
${error}
<textarea id="comment" name="comment" maxlength="${COMMENT_MAX}" aria-describedby="comment-hint">${escapeHtml(draft)}</textarea>
<p class="hint" id="comment-hint">${t.commentHint}</p>
<button type="submit">${t.send}</button>
</form>
<p class="hint">${t.change}</p>`,
  );
}

/** The page of a link past its 30 days (410) or of a token nobody issued (404). */
export function deadLinkPage(language: SurveyLanguage, kind: 'expired' | 'unknown'): string {
  const t = text[language];
  const [title, body] = kind === 'expired' ? [t.expiredTitle, t.expired] : [t.unknownTitle, t.unknown];
  return page(language, title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(body)}</p>`);
}

/** The language of a page without a survey behind it: the browser's first choice of ru or en. */
export function languageFromHeader(acceptLanguage: string | undefined): SurveyLanguage {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().toLowerCase();
    if (tag.startsWith('en')) return 'en';
    if (tag.startsWith('ru')) return 'ru';
  }
  return 'ru';
}
