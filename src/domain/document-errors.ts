/**
 * Stable codes of the documents register and training requirements. Kept beside `errors.ts` until
 * the HTTP adapter maps them (ERROR_STATUS must name every `DomainErrorCode`); the wiring step moves
 * them into `DOMAIN_ERROR_CODES`.
 */
export const DOCUMENT_ERROR_CODES = [
  'DOCUMENT_NOT_FOUND',
  'DOCUMENT_REFERENCE_TAKEN',
  'DOCUMENT_RETIRED',
  'REVISION_EXISTS',
  'REQUIREMENT_EXISTS',
  'REQUIREMENT_NOT_FOUND',
] as const;
export type DocumentErrorCode = (typeof DOCUMENT_ERROR_CODES)[number];

/** Base of the register's errors; `code` is stable, `message` is for a person. */
export class DocumentRegisterError extends Error {
  constructor(
    readonly code: DocumentErrorCode,
    message: string,
    options?: { readonly cause: unknown },
  ) {
    super(message);
    this.name = new.target.name;
    if (options) this.cause = options.cause;
  }
}

export class DocumentNotFoundError extends DocumentRegisterError {
  constructor(readonly id: number | string) {
    super('DOCUMENT_NOT_FOUND', `Document ${id} is not in the register`);
  }
}

/** Another document already has this reference (compared upper-case, single-spaced). */
export class DocumentReferenceTakenError extends DocumentRegisterError {
  constructor(readonly reference: string, options?: { readonly cause: unknown }) {
    super('DOCUMENT_REFERENCE_TAKEN', `${reference} is already in the register`, options);
  }
}

export class DocumentRetiredError extends DocumentRegisterError {
  constructor(readonly reference: string) {
    super('DOCUMENT_RETIRED', `${reference} is retired`);
  }
}

export class RevisionExistsError extends DocumentRegisterError {
  constructor(
    readonly reference: string,
    readonly revision: string,
    options?: { readonly cause: unknown },
  ) {
    super('REVISION_EXISTS', `${reference} already has a revision ${revision}`, options);
  }
}

export class RequirementExistsError extends DocumentRegisterError {
  constructor(
    readonly reference: string,
    readonly scope: string,
    options?: { readonly cause: unknown },
  ) {
    super('REQUIREMENT_EXISTS', `${reference} is already required for ${scope}`, options);
  }
}

export class RequirementNotFoundError extends DocumentRegisterError {
  constructor(
    readonly reference: string,
    readonly scope: string,
  ) {
    super('REQUIREMENT_NOT_FOUND', `${reference} is not required for ${scope}`);
  }
}
