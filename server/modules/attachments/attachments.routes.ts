import { Type, type Static } from '@sinclair/typebox';
import { IdParams, problemResponses, type App, OrNull } from '../../http/types.js';
import type { Attachment } from '../../db/schema.js';
import type { Installation } from '../../installation.js';
import { badRequest } from '../../shared/errors.js';
import { addAttachment, listAttachments, openAttachment } from './attachments.service.js';
import { contentDisposition } from './file-name.js';

const AttachmentSchema = Type.Object({
  id: Type.Integer(),
  ticketId: Type.Integer(),
  commentId: OrNull.Integer(),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  createdAt: Type.String(),
  downloadUrl: Type.String(),
});

const present = (a: Attachment): Static<typeof AttachmentSchema> => ({
  id: a.id,
  ticketId: a.ticket_id,
  commentId: a.comment_id,
  fileName: a.file_name,
  contentType: a.content_type,
  size: a.size,
  createdAt: a.created_at,
  downloadUrl: `/api/v1/attachments/${a.id}/download`,
});

export async function attachmentRoutes(app: App, opts: { installation: Installation }) {
  const tags = ['attachments'];
  app.get(
    '/tickets/:id/attachments',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(AttachmentSchema) }), ...problemResponses },
      },
    },
    async (req) => ({
      items: (await listAttachments(req.ctx(), req.params.id)).map(present),
    }),
  );

  app.post(
    '/tickets/:id/attachments',
    {
      schema: {
        tags,
        summary: 'Upload a file (multipart/form-data, field "file"; optional field "commentId")',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 201: AttachmentSchema, 413: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      if (!req.isMultipart()) throw badRequest('Send the file as multipart/form-data in a field named "file"');
      const part = await req.file();
      if (!part || part.fieldname !== 'file') throw badRequest('Send the file in a multipart field named "file"');
      const commentField = part.fields.commentId as { value?: unknown } | undefined;
      const commentId = commentField?.value !== undefined ? Number(commentField.value) : null;
      if (commentId !== null && !Number.isInteger(commentId)) throw badRequest('commentId must be a number');
      const row = await addAttachment(ctx, {
        ticketId: req.params.id,
        commentId,
        fileName: part.filename,
        contentType: part.mimetype,
        content: part.file,
        maxBytes: opts.installation.config.attachmentMaxBytes,
      });
      return reply.status(201).send(present(row));
    },
  );

  app.get(
    '/attachments/:id/download',
    {
      schema: {
        tags,
        summary: 'Download a file (always as an attachment, never rendered inline)',
        params: IdParams,
        response: problemResponses,
      },
    },
    async (req, reply) => {
      const { row, stream, size } = await openAttachment(req.ctx(), req.params.id);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', contentDisposition(row.file_name))
        .header('content-length', String(size))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  );
}
