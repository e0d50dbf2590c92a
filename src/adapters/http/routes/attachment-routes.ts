import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import type { Upload } from '../../../domain/attachment-service.ts';
import { viewableInline } from '../../../domain/attachment-policy.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { AppServices } from '../app-services.ts';
import { renderError } from '../error-pages.ts';
import { ERROR_STATUS } from '../error-status.ts';
import { limited } from '../multipart-form.ts';
import { NOTICES, redirectWithNotice } from '../notices.ts';
import { page } from '../render.ts';
import { AttachmentParams, IdParams, oneOf, type TypeBoxProvider } from '../route-schemas.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

export type AttachmentRouteServices = Pick<AppServices, 'attachments' | 'details' | 'pageSettings'>;

const EXPIRED = 'This form has expired or was not sent from this site. Go back, reload the page and try again.';

/** `?download=1`: save a file the browser could show (PDF, image) instead of opening it. */
const DownloadQuery = Type.Object({ download: Type.Optional(oneOf(['1'] as const)) });

/**
 * The policy of an attachment's own response: it may show itself (an image, the PDF viewer) and
 * nothing else — no script, no fetch, no form, not framed elsewhere. Images are also sandboxed;
 * PDFs are not, as Chromium refuses to show a PDF in a sandboxed document.
 */
const FILE_CSP =
  "default-src 'none'; img-src 'self'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

/** A file arrived before a valid `_csrf` field: the upload stops, nothing is kept. */
class CsrfNotSent extends Error {}

/** Upload (multipart, streamed), download and delete attachments of a form. */
export const attachmentRoutes = fp(
  async function attachmentRoutes(fastify, opts: RouteOptions<AttachmentRouteServices>) {
    const app = fastify.withTypeProvider<TypeBoxProvider>();
    const { attachments, details, pageSettings } = opts.services;

    // No body schema: the multipart body is streamed by the handler, never parsed up front.
    app.post(
      '/forms/:id/attachments',
      {
        schema: { params: IdParams },
        config: { access: 'user', csrf: 'multipart', afterSignIn: { page: '/forms/:id' } },
      },
      async (request, reply) => {
        const { id } = request.params;
        if (!request.isMultipart()) return renderError(request, reply, 400, 'Choose a file to upload.');
        let csrfChecked = false;
        let offered = 0;
        async function* uploads(): AsyncIterable<Upload> {
          for await (const part of request.parts()) {
            if (part.type === 'field') {
              if (part.fieldname === '_csrf') csrfChecked = request.csrfValid(part.value);
              continue;
            }
            // The token field comes before the file input in the form, so it has arrived by now.
            if (!csrfChecked) {
              part.file.resume();
              throw new CsrfNotSent();
            }
            if (part.filename === '' && offered > 0) {
              part.file.resume();
              continue;
            }
            offered += 1;
            try {
              yield { originalName: part.filename, content: limited(part, pageSettings.maxUploadBytes) };
            } finally {
              // Refused before its end (type, count): drain it so the rest of the body can be read.
              if (!part.file.readableEnded) part.file.resume();
            }
          }
        }
        let added: readonly unknown[];
        try {
          added = await attachments.addAll(id, uploads(), request.user!.username);
        } catch (error) {
          if (error instanceof CsrfNotSent) return renderError(request, reply, 403, EXPIRED);
          if (!(error instanceof DomainError) || error.code === 'TRAINING_FORM_NOT_FOUND') throw error;
          if (ERROR_STATUS[error.code] >= 500)
            request.log.error({ code: error.code, err: error.cause ?? error }, 'upload could not be stored');
          else request.log.info({ code: error.code }, 'upload refused');
          const view = await details.details(id);
          return page(
            request,
            reply,
            'detail',
            { title: view.form.title, ...view, inTrash: false, uploadError: error.message },
            ERROR_STATUS[error.code],
          );
        }
        if (!csrfChecked) return renderError(request, reply, 403, EXPIRED);
        if (added.length === 0) return renderError(request, reply, 400, 'Choose a file to upload.');
        return redirectWithNotice(reply, `/forms/${id}#attachments`, NOTICES.uploaded);
      },
    );

    app.get(
      '/forms/:id/attachments/:attachmentId',
      { schema: { params: AttachmentParams, querystring: DownloadQuery }, config: { access: 'user' } },
      async (request, reply) => {
        const { id, attachmentId } = request.params;
        const attachment = await attachments.get(id, attachmentId);
        const inline = viewableInline(attachment.contentType) && request.query.download === undefined;
        const image = attachment.contentType.startsWith('image/');
        return reply
          .header('content-type', attachment.contentType)
          .header('content-length', String(attachment.sizeBytes))
          .header('content-disposition', contentDisposition(attachment.originalName, inline ? 'inline' : 'attachment'))
          .header('content-security-policy', image ? `${FILE_CSP}; sandbox` : FILE_CSP)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(attachments.content(attachment));
      },
    );

    app.get(
      '/forms/:id/attachments/:attachmentId/delete',
      { schema: { params: AttachmentParams }, config: { access: 'user' } },
      async (request, reply) => {
        const { id, attachmentId } = request.params;
        const attachment = await attachments.get(id, attachmentId);
        return page(request, reply, 'confirm', {
          title: `Delete the attachment “${attachment.originalName}”?`,
          heading: `Delete the attachment “${attachment.originalName}”?`,
          text: "The file is removed from the form and from the server; it cannot be restored. The form's history records it.",
          action: `/forms/${id}/attachments/${attachmentId}/delete`,
          button: 'Delete attachment',
          cancel: `/forms/${id}#attachments`,
          danger: true,
        });
      },
    );

    app.post(
      '/forms/:id/attachments/:attachmentId/delete',
      { schema: { params: AttachmentParams }, config: { access: 'user' } },
      async (request, reply) => {
        const { id, attachmentId } = request.params;
        await attachments.remove(id, attachmentId, request.user!.username);
        return redirectWithNotice(reply, `/forms/${id}#attachments`, NOTICES['attachment-deleted']);
      },
    );
  },
  { name: 'attachment-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);

/** `attachment` (or `inline`) with an ASCII fallback name and the exact name in RFC 5987 form. */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
