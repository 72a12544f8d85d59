/** The ticket's composer: CC, canned replies, mentions and files (loaded with the first ticket opened). */
export default {
  'composer.macro': 'Canned reply',
  'composer.macroApplied': 'The canned reply also changed the ticket’s fields.',
  'composer.cc': 'CC',
  'composer.ccPlaceholder': 'Addresses, comma-separated',
  'composer.notePlaceholder': 'Visible to agents only; type @ to mention a colleague…',
  'composer.mention': 'Mention a colleague',
  'composer.removeFile': 'Remove {name}',
  'composer.hint': 'Drop or paste files here · Ctrl+Enter sends',
};
