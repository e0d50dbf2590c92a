import type { DomainErrorCode } from '../../domain/errors.ts';

/** The HTTP status for every domain error code; a test checks none is missing. */
export const ERROR_STATUS: Readonly<Record<DomainErrorCode, number>> = {
  VALIDATION_FAILED: 422,
  TRAINING_FORM_NOT_FOUND: 404,
  TRAINING_FORM_STALE: 409,
  TRAINING_FORM_NOT_DELETED: 409,
  TRAINING_FORM_DELETED: 409,
  ATTACHMENT_NOT_FOUND: 404,
  ATTACHMENT_TOO_LARGE: 413,
  ATTACHMENT_EMPTY: 400,
  ATTACHMENT_TYPE_NOT_ALLOWED: 415,
  ATTACHMENT_INTERRUPTED: 400,
  ATTACHMENTS_TOO_MANY: 413,
  ADMIN_USER_NOT_FOUND: 404,
  LAST_ADMIN_USER: 409,
};
