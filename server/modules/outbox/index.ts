// The outbox module's public face: other modules and the composition root import only this file.
export { enqueue } from './outbox.service.js';
export type { OutboxItem } from './outbox.service.js';
