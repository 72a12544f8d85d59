// Strings of a client's e-mail settings (loaded with that panel).
export default {
  'orgmail.title': 'E-mail',
  'orgmail.ack': 'Send an acknowledgement with the ticket number to whoever opens a ticket by e-mail',
  'orgmail.domains': 'Mail domains',
  'orgmail.domainsHint':
    'Mail from an unknown sender at these domains becomes a ticket of this client, and the sender its contact. One domain per line.',
  'orgmail.save': 'Save',
  'orgmail.saved': 'Saved',
};
