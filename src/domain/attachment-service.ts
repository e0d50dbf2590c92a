import type { Attachment } from './attachment.ts';
import { acceptedContentType, cleanFileName, MAX_FILES_PER_UPLOAD, withCleanName } from './attachment-policy.ts';
import { TRAINING_FORM_ENTITY } from './audit-event.ts';
import {
  AttachmentEmptyError,
  AttachmentInterruptedError,
  AttachmentNotFoundError,
  AttachmentsTooManyError,
  AttachmentTooLargeError,
  AttachmentTypeNotAllowedError,
  DomainError,
  TrainingFormDeletedError,
  TrainingFormNotFoundError,
} from './errors.ts';
import type { AttachmentStore, StoredFile } from './ports/attachment-store.ts';
import type { Clock } from './ports/clock.ts';
import type { FileTypeDetector } from './ports/file-type-detector.ts';
import type { ReadRepositories, TransactionalRepositories, UnitOfWork } from './ports/unit-of-work.ts';

/** An upload as it arrives: the uploader's file name and the bytes, streamed. */
export interface Upload {
  readonly originalName: string;
  readonly content: AsyncIterable<Uint8Array>;
}

/**
 * Attachments of training forms. An upload is checked by its content (magic bytes) and size while
 * it streams to the store; a refused or failed upload leaves neither a file nor a row.
 */
export class AttachmentService {
  constructor(
    private readonly deps: {
      readonly uow: UnitOfWork;
      readonly files: AttachmentStore;
      readonly detector: FileTypeDetector;
      readonly clock: Clock;
      readonly maxBytes: number;
    },
  ) {}

  /**
   * Stores one upload on an active form; see {@link addAll} for what it can throw.
   */
  async add(formId: number, upload: Upload, actor: string): Promise<Attachment> {
    const [attachment] = await this.addAll(formId, oneUpload(upload), actor);
    return attachment as Attachment;
  }

  /**
   * Stores the uploads of one request on an active form, all or nothing: every file is checked
   * and written first, then all rows go in one transaction; when any file is refused, the stream
   * of uploads fails or the rows cannot be written, the files already written are removed and
   * nothing is kept. Resolves to the new attachments in upload order (none for no uploads).
   * Throws {@link AttachmentsTooManyError} (more than {@link MAX_FILES_PER_UPLOAD}),
   * {@link AttachmentEmptyError}, {@link AttachmentTypeNotAllowedError},
   * {@link AttachmentTooLargeError}, {@link AttachmentInterruptedError},
   * {@link TrainingFormNotFoundError}, {@link TrainingFormDeletedError}, or whatever the stream of
   * uploads itself throws.
   */
  async addAll(formId: number, uploads: AsyncIterable<Upload>, actor: string): Promise<Attachment[]> {
    await this.deps.uow.read((tx) => activeForm(tx, formId));
    const staged = await this.stageAll(uploads);
    try {
      if (staged.length === 0) return [];
      const at = this.deps.clock.now();
      return await this.deps.uow.run(async (tx) => {
        await activeForm(tx, formId);
        return insertStaged(tx, formId, staged, actor, at);
      });
    } catch (error) {
      await this.discard(staged);
      throw error;
    }
  }

  /**
   * Checks and writes every upload to the store (no rows): all or nothing, as {@link addAll}.
   * The caller inserts them with {@link insertStaged} in its transaction, or {@link discard}s them.
   */
  async stageAll(uploads: AsyncIterable<Upload>): Promise<Staged[]> {
    const staged: Staged[] = [];
    try {
      for await (const upload of uploads) {
        if (staged.length === MAX_FILES_PER_UPLOAD) throw new AttachmentsTooManyError(MAX_FILES_PER_UPLOAD);
        staged.push(await this.stage(upload));
      }
      return staged;
    } catch (error) {
      await this.discard(staged);
      throw error;
    }
  }

  /** Removes the files of staged uploads whose rows were not written. */
  async discard(staged: readonly Staged[]): Promise<void> {
    for (const { stored } of staged) await this.deps.files.remove(stored.storedName);
  }

  /** Checks one upload by its content and writes it to the store (no row yet). */
  private async stage(upload: Upload): Promise<Staged> {
    const originalName = cleanFileName(upload.originalName);
    const iterator = upload.content[Symbol.asyncIterator]();
    const head = await guard(() => readHead(iterator, this.deps.detector.sampleSize));
    if (head.bytes.length === 0) throw new AttachmentEmptyError(originalName);
    const detected = await this.deps.detector.detect(head.bytes);
    const contentType = acceptedContentType(detected, originalName, head.bytes);
    if (!contentType) throw new AttachmentTypeNotAllowedError(originalName, detected?.mime ?? null);
    const stored = await guard(() => this.deps.files.save(replay(head.chunks, iterator), this.deps.maxBytes));
    if ('tooLarge' in stored) throw new AttachmentTooLargeError(this.deps.maxBytes, originalName);
    return { originalName, contentType, stored };
  }

  /**
   * An attachment of a form that is not in the trash, its name cleaned as at upload (see
   * `cleanFileName`). Throws {@link AttachmentNotFoundError}.
   */
  async get(formId: number, attachmentId: number): Promise<Attachment> {
    return this.deps.uow.read(async (tx) => {
      const form = await tx.forms.findById(formId);
      if (!form || form.deleted) throw new TrainingFormNotFoundError(formId);
      const attachment = await tx.attachments.findById(attachmentId);
      if (!attachment || attachment.trainingFormId !== formId) throw new AttachmentNotFoundError(attachmentId);
      return withCleanName(attachment);
    });
  }

  /** The bytes of an attachment. */
  content(attachment: Attachment): AsyncIterable<Uint8Array> {
    return this.deps.files.read(attachment.storedName);
  }

  /** Removes an attachment (row, then file). Throws {@link AttachmentNotFoundError}. */
  async remove(formId: number, attachmentId: number, actor: string): Promise<void> {
    const at = this.deps.clock.now();
    const attachment = await this.deps.uow.run(async (tx) => {
      await activeForm(tx, formId);
      const found = await tx.attachments.findById(attachmentId);
      if (!found || found.trainingFormId !== formId) throw new AttachmentNotFoundError(attachmentId);
      await tx.attachments.delete(attachmentId);
      await tx.audit.record(
        event(at, actor, 'detach', formId, {
          attachmentId,
          name: found.originalName,
          changes: { attachments: { added: [], removed: [found.originalName] } },
        }),
      );
      return found;
    });
    await this.deps.files.remove(attachment.storedName);
  }
}

/**
 * The rows of staged uploads on form `formId`, each audited, in the caller's transaction; in upload
 * order.
 */
export async function insertStaged(
  tx: TransactionalRepositories,
  formId: number,
  staged: readonly Staged[],
  actor: string,
  at: Date,
): Promise<Attachment[]> {
  const added: Attachment[] = [];
  for (const { originalName, contentType, stored } of staged) {
    const attachment = await tx.attachments.insert({
      trainingFormId: formId,
      storedName: stored.storedName,
      originalName,
      contentType,
      sizeBytes: stored.sizeBytes,
      sha256: stored.sha256,
      uploadedBy: actor,
      uploadedAt: at,
    });
    await tx.audit.record(
      event(at, actor, 'attach', formId, {
        attachmentId: attachment.id,
        name: originalName,
        sizeBytes: stored.sizeBytes,
        changes: { attachments: { added: [originalName], removed: [] } },
      }),
    );
    added.push(attachment);
  }
  return added;
}

/** An upload checked and written to the store, waiting for its row. */
export interface Staged {
  readonly originalName: string;
  readonly contentType: string;
  readonly stored: StoredFile;
}

async function* oneUpload(upload: Upload): AsyncIterable<Upload> {
  yield upload;
}

async function activeForm(tx: ReadRepositories, formId: number): Promise<void> {
  const form = await tx.forms.findById(formId);
  if (!form) throw new TrainingFormNotFoundError(formId);
  if (form.deleted) throw new TrainingFormDeletedError(formId);
}

/** Domain errors pass through; anything else while reading the upload means it was cut off. */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new AttachmentInterruptedError({ cause: error });
  }
}

async function readHead(iterator: AsyncIterator<Uint8Array>, size: number) {
  const chunks: Uint8Array[] = [];
  let length = 0;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) break;
    chunks.push(next.value);
    length += next.value.length;
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.length;
  }
  return { chunks, bytes: bytes.subarray(0, Math.min(length, size)) };
}

async function* replay(head: readonly Uint8Array[], rest: AsyncIterator<Uint8Array>): AsyncIterable<Uint8Array> {
  yield* head;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

function event(at: Date, actor: string, action: string, formId: number, details: Record<string, unknown>) {
  return { occurredAt: at, actor, action, entityType: TRAINING_FORM_ENTITY, entityId: String(formId), details };
}
