import { ALLOWED_IN_WORDS, refusedTypeInWords } from './attachment-policy.ts';
/** Stable error codes the domain can raise; the HTTP adapter maps each to a status. */
export const DOMAIN_ERROR_CODES = [
  'VALIDATION_FAILED',
  'TRAINING_FORM_NOT_FOUND',
  'TRAINING_FORM_STALE',
  'TRAINING_FORM_NOT_DELETED',
  'TRAINING_FORM_DELETED',
  'ATTACHMENT_NOT_FOUND',
  'ATTACHMENT_TOO_LARGE',
  'ATTACHMENT_EMPTY',
  'ATTACHMENT_TYPE_NOT_ALLOWED',
  'ATTACHMENT_INTERRUPTED',
  'ATTACHMENT_STORAGE_FAILED',
  'ATTACHMENTS_TOO_MANY',
  'ADMIN_USER_NOT_FOUND',
  'LAST_ADMIN_USER',
  'DOCUMENT_NOT_FOUND',
  'DOCUMENT_REFERENCE_TAKEN',
  'DOCUMENT_RETIRED',
  'REVISION_EXISTS',
  'REQUIREMENT_EXISTS',
  'REQUIREMENT_NOT_FOUND',
  'EMPLOYEE_NOT_FOUND',
  'SIGNATURE_NOT_ALLOWED',
  'FORM_ALREADY_SIGNED',
  'TOO_MANY_FORMS_SELECTED',
  'DIRECTORY_UNAVAILABLE',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** Base of every error the domain raises on purpose. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule; `fields` maps each offending field to a message for a person. */
export class ValidationError extends DomainError {
  constructor(readonly fields: Readonly<Record<string, string>>) {
    super('VALIDATION_FAILED', `Invalid input: ${Object.keys(fields).join(', ')}`);
  }
}

export class TrainingFormNotFoundError extends DomainError {
  constructor(readonly id: number) {
    super('TRAINING_FORM_NOT_FOUND', `Training form ${id} does not exist`);
  }
}

/** An edit based on a version that is no longer the current one. */
export class StaleTrainingFormError extends DomainError {
  constructor(
    readonly id: number,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      'TRAINING_FORM_STALE',
      `Training form ${id} was changed by someone else (edited version ${expectedVersion}, current ${currentVersion})`,
    );
  }
}

export class TrainingFormNotDeletedError extends DomainError {
  constructor(readonly id: number) {
    super('TRAINING_FORM_NOT_DELETED', `Training form ${id} is not in the trash`);
  }
}

export class TrainingFormDeletedError extends DomainError {
  constructor(readonly id: number) {
    super('TRAINING_FORM_DELETED', `Training form ${id} is in the trash`);
  }
}

export class AttachmentNotFoundError extends DomainError {
  constructor(readonly id: number) {
    super('ATTACHMENT_NOT_FOUND', `Attachment ${id} does not exist`);
  }
}

/** The upload went over the size limit (the partial file is removed). */
export class AttachmentTooLargeError extends DomainError {
  constructor(
    readonly maxBytes: number,
    readonly fileName: string,
  ) {
    super(
      'ATTACHMENT_TOO_LARGE',
      `“${fileName}” is larger than the limit of ${Math.round(maxBytes / (1024 * 1024))} MB, ` +
        'so nothing was uploaded. Make it smaller (scan at a lower resolution) or split it.',
    );
  }
}

/** More files in one upload than {@link maxFiles}; none of them is kept. */
export class AttachmentsTooManyError extends DomainError {
  constructor(readonly maxFiles: number) {
    super('ATTACHMENTS_TOO_MANY', `At most ${maxFiles} files can be uploaded at once; none was saved.`);
  }
}

export class AttachmentEmptyError extends DomainError {
  constructor(readonly fileName: string) {
    super('ATTACHMENT_EMPTY', `“${fileName}” is empty (0 bytes), so nothing was uploaded.`);
  }
}

/** The content is not one of the allowed types (checked by its bytes, not its name). */
export class AttachmentTypeNotAllowedError extends DomainError {
  /** `detected`: the type found in the bytes (null: none recognised); the message puts it in words. */
  constructor(
    readonly fileName: string,
    readonly detected: string | null,
  ) {
    super(
      'ATTACHMENT_TYPE_NOT_ALLOWED',
      `“${fileName}” was not uploaded: ${refusedTypeInWords(detected, fileName)}. Nothing was saved. ` +
        `Allowed: ${ALLOWED_IN_WORDS}.`,
    );
  }
}

/** The upload stopped before the file was complete (connection lost, request aborted). */
export class AttachmentInterruptedError extends DomainError {
  constructor(options?: { cause: unknown }) {
    super('ATTACHMENT_INTERRUPTED', 'The upload was interrupted; nothing was saved. Please try again.');
    if (options) this.cause = options.cause;
  }
}

/**
 * The server's storage refused the file (full, read-only, no permission, I/O error): not the
 * uploader's fault, and trying again will not help until IT frees or repairs the storage. Nothing
 * was saved; `cause` is the storage's own error.
 */
export class AttachmentStorageFailedError extends DomainError {
  constructor(options: { cause: unknown }) {
    super(
      'ATTACHMENT_STORAGE_FAILED',
      "The file could not be stored: the server's storage is full or unavailable; nothing was saved. Please tell IT.",
    );
    this.cause = options.cause;
  }
}

export class AdminUserNotFoundError extends DomainError {
  constructor(readonly username: string) {
    super('ADMIN_USER_NOT_FOUND', `${username} is not in the list of administrators.`);
  }
}

/** Removing this administrator would leave nobody listed. */
export class LastAdminUserError extends DomainError {
  constructor(readonly username: string) {
    super('LAST_ADMIN_USER', `${username} is the last listed administrator and cannot be removed.`);
  }
}

/** A bulk action or export was given more forms than it takes at once; nothing was done. */
export class TooManyFormsSelectedError extends DomainError {
  constructor(
    readonly selected: number,
    readonly max: number,
  ) {
    super(
      'TOO_MANY_FORMS_SELECTED',
      `At most ${max} forms can be handled at once; ${selected} were selected, so nothing was done. Select fewer.`,
    );
  }
}

/** The company directory could not be asked (down, refused the service account); nothing was changed. */
export class DirectoryUnavailableError extends DomainError {
  constructor(options?: { cause?: unknown }) {
    super(
      'DIRECTORY_UNAVAILABLE',
      'The company directory could not be reached, so the name could not be checked. Nothing was changed; try again in a minute.',
    );
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
