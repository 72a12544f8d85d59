/** Поле ответа в заявке: копия, шаблоны ответов, упоминания и файлы (загружается с первой открытой заявкой). */
export default {
  'composer.macro': 'Шаблон ответа',
  'composer.macroApplied': 'Шаблон также изменил поля заявки.',
  'composer.cc': 'Копия',
  'composer.ccPlaceholder': 'Адреса через запятую',
  'composer.notePlaceholder': 'Видно только сотрудникам; наберите @, чтобы упомянуть коллегу…',
  'composer.mention': 'Упомянуть коллегу',
  'composer.removeFile': 'Убрать {name}',
  'composer.hint': 'Перетащите или вставьте файлы сюда · Ctrl+Enter — отправить',
  'composer.saveMacro': 'Сохранить как шаблон',
  'composer.macroName': 'Название шаблона',
  'composer.macroShared': 'Для всех сотрудников',
  'composer.macroSaved': 'Сохранено: выберите шаблон в списке или нажмите m.',
};
