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
  'composer.saveMacro': 'Save as canned reply',
  'composer.macroName': 'Name of the canned reply',
  'composer.macroShared': 'For the whole desk',
  'composer.macroSaved': 'Saved: pick it from the list or press m.',
};
