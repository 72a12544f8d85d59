// Words of the teams page (loaded with it); the queue and ticket pages register the few team words they show (first load).
export default {
  'team.title': 'Teams', 'team.lead': 'Groups of agents that tickets are routed to: first line, field engineers, DBA…',
  'team.name': 'Name', 'team.description': 'Description', 'team.members': 'Members', 'team.noMembers': 'No members',
  'team.new': 'New team', 'team.add': 'Create team', 'team.created': 'Team "{name}" created', 'team.empty': 'No teams yet.',
  'team.edit': 'Edit', 'team.editOf': 'Edit team {name}', 'team.deactivate': 'Deactivate', 'team.activate': 'Activate',
  'team.deactivateOf': 'Deactivate team {name}', 'team.activateOf': 'Activate team {name}', 'team.delete': 'Delete', 'team.deleteOf': 'Delete team {name}',
  'team.deleteConfirm': 'Delete team "{name}"? Its tickets will have no team.', 'team.inactive': 'inactive',
  'team.err.required': 'Enter a name', 'team.err.taken': 'A team with this name already exists', 'team.err.agent': 'Some of the chosen agents no longer exist',
};
