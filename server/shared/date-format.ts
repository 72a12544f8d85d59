/**
 * Intl formatters, made once per locale and options. Each `Intl.DateTimeFormat` holds an ICU formatter in
 * native memory that V8 does not count, so one made per line of a report (a deadline per breach) grows the
 * process by hundreds of megabytes before a collection notices — a 5,000-ticket SLA report took 290 MB that way.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    // Locales × zones × option sets are few; a runaway set of zones (bad data) must not grow this forever.
    if (formatters.size >= 500) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}
