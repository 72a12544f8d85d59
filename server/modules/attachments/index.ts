// The attachments module's public face: other modules and the composition root import only this file.
export { AttachmentStore } from '../../shared/content-store.js';
export { attachmentRoutes } from './attachments.routes.js';
export { contentDisposition, safeFileName } from './file-name.js';
export { recordStoredAttachment } from './attachments.service.js';
