/**
 * The fixed query set of the desk bench's search figure (issue 20), over the desk `seed-tickets.ts` loads:
 * common words, rarer words and names, Russian inflected forms, error codes, a ticket number and a phrase.
 * `run.ts` cycles through them (via `search-query-set.ts`). The rare word is the one the seeded history's old
 * ticket holds in another form ("термоголовки"): a million tickets later it must still be found.
 */
export const searchQueries: readonly string[] = [
  // common words (each in a sizeable share of the desk)
  'принтер',
  'не работает',
  'сервер медленно',
  'Outlook ошибка',
  'VPN',
  'backup',
  // rarer words and names
  'Kyocera',
  'Смирнова',
  'Synology',
  'термоголовка',
  // Russian inflected forms (stems find the other forms)
  'бухгалтерии',
  'принтеры',
  'кассы',
  // error codes, a ticket number, a phrase
  '0x80070005',
  'ERR_CONNECTION_RESET',
  '#4242',
  '"не видит сеть"',
];
