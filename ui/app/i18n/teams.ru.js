// Слова страницы команд (загружаются с ней); очередь и заявка регистрируют свои несколько слов сами.
export default {
  'team.title': 'Команды', 'team.lead': 'Группы сотрудников, на которые направляются заявки: первая линия, выездные инженеры, DBA…',
  'team.name': 'Название', 'team.description': 'Описание', 'team.members': 'Участники', 'team.noMembers': 'Нет участников',
  'team.new': 'Новая команда', 'team.add': 'Создать команду', 'team.created': 'Команда «{name}» создана', 'team.empty': 'Команд пока нет.',
  'team.edit': 'Изменить', 'team.editOf': 'Изменить команду {name}', 'team.deactivate': 'Отключить', 'team.activate': 'Включить',
  'team.deactivateOf': 'Отключить команду {name}', 'team.activateOf': 'Включить команду {name}', 'team.delete': 'Удалить', 'team.deleteOf': 'Удалить команду {name}',
  'team.deleteConfirm': 'Удалить команду «{name}»? Её заявки останутся без команды.', 'team.inactive': 'отключена',
  'team.err.required': 'Укажите название', 'team.err.taken': 'Команда с таким названием уже есть', 'team.err.agent': 'Некоторых выбранных сотрудников больше нет',
};
