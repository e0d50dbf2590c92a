import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cleanFileName, MAX_FILES_PER_UPLOAD } from '../../domain/attachment-policy.ts';
import type { Upload } from '../../domain/attachment-service.ts';
import { AttachmentTooLargeError } from '../../domain/errors.ts';
import { renderError } from './error-pages.ts';

const EXPIRED = 'This form has expired or was not sent from this site. Go back, reload the page and try again.';

/** Where a multipart post stands once its fields were read: the first file, and the parts after it. */
interface Pending {
  first: MultipartFile | null;
  readonly rest: AsyncIterator<Multipart>;
  /** The names of the files handed out already (written and then removed when the save failed). */
  readonly handedOut: string[];
}
const pending = new WeakMap<FastifyRequest, Pending>();

/**
 * A route's `preValidation` for a form with fields and files (the new-form page): reads the fields
 * that come before the first file into `request.body`, so the route's body schema checks them as
 * for any form, and checks the CSRF token among them before any file is read (refused: 403, every
 * file drained, none kept). The files wait, unread, for {@link uploadsOf}. A form post that is not
 * multipart is left to the usual checks.
 */
export function fieldsBeforeFiles(maxUploadBytes: number) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.isMultipart()) return;
    const parts = request.parts({
      limits: {
        fileSize: maxUploadBytes,
        files: MAX_FILES_PER_UPLOAD + 1,
        fields: 1200,
        fieldSize: 100_000,
        parts: MAX_FILES_PER_UPLOAD + 1210,
      },
    });
    const rest = parts[Symbol.asyncIterator]();
    const body: Record<string, string | string[]> = {};
    let first: MultipartFile | null = null;
    for (let next = await rest.next(); !next.done; next = await rest.next()) {
      const part = next.value;
      if (part.type === 'file') {
        first = part;
        break;
      }
      const value = typeof part.value === 'string' ? part.value : '';
      const had = body[part.fieldname];
      body[part.fieldname] = had === undefined ? value : [had, value].flat();
    }
    request.body = body;
    pending.set(request, { first, rest, handedOut: [] });
    if (!request.csrfValid(body._csrf)) {
      await dropUploads(request);
      return renderError(request, reply, 403, EXPIRED);
    }
  };
}

/** The files of the post as uploads, streamed in order (none for a post that is not multipart). */
export async function* uploadsOf(request: FastifyRequest, maxBytes: number): AsyncIterable<Upload> {
  for (let part = await nextFile(request); part !== null; part = await nextFile(request)) {
    // An empty file input sends one part without a name or bytes.
    if (part.filename === '') {
      part.file.resume();
      continue;
    }
    pending.get(request)?.handedOut.push(cleanFileName(part.filename));
    try {
      yield { originalName: part.filename, content: limited(part, maxBytes) };
    } finally {
      // Refused before its end (type, count): drain it so the rest of the body can be read.
      if (!part.file.readableEnded) part.file.resume();
    }
  }
}

/**
 * Reads and forgets the files not read yet; returns the names of every file of the post (the page
 * asks for them again: the form was not saved, so none was kept).
 */
export async function dropUploads(request: FastifyRequest): Promise<string[]> {
  const names: string[] = [...(pending.get(request)?.handedOut ?? [])];
  for (let part = await nextFile(request); part !== null; part = await nextFile(request)) {
    if (part.filename !== '') names.push(cleanFileName(part.filename));
    part.file.resume();
  }
  return names;
}

async function nextFile(request: FastifyRequest): Promise<MultipartFile | null> {
  const state = pending.get(request);
  if (!state) return null;
  if (state.first) {
    const first = state.first;
    state.first = null;
    return first;
  }
  // Fields after the files (the Save button) change nothing: they are skipped.
  for (let next = await state.rest.next(); !next.done; next = await state.rest.next())
    if (next.value.type === 'file') return next.value;
  return null;
}

/**
 * The file's bytes, failing when multipart cut the file at the size limit: @fastify/multipart
 * truncates silently (`file.truncated`) instead of raising, so the end of the stream is checked.
 */
export async function* limited(part: MultipartFile, maxBytes: number): AsyncIterable<Uint8Array> {
  try {
    for await (const chunk of part.file) yield chunk as Uint8Array;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AttachmentTooLargeError(maxBytes, cleanFileName(part.filename));
    throw error;
  }
  if (part.file.truncated) throw new AttachmentTooLargeError(maxBytes, cleanFileName(part.filename));
}
