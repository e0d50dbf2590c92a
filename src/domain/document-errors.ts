import { DomainError, type DomainErrorCode } from './errors.ts';

/** Stable codes of the documents register and training requirements (part of `DOMAIN_ERROR_CODES`). */
export type DocumentErrorCode = Extract<
  DomainErrorCode,
  | 'DOCUMENT_NOT_FOUND'
  | 'DOCUMENT_REFERENCE_TAKEN'
  | 'DOCUMENT_RETIRED'
  | 'REVISION_EXISTS'
  | 'REQUIREMENT_EXISTS'
  | 'REQUIREMENT_NOT_FOUND'
>;

/** Base of the register's errors; `code` is stable (mapped to an HTTP status), `message` is for a person. */
export class DocumentRegisterError extends DomainError {
  constructor(
    override readonly code: DocumentErrorCode,
    message: string,
    options?: { readonly cause: unknown },
  ) {
    super(code, message);
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
  constructor(
    readonly reference: string,
    options?: { readonly cause: unknown },
  ) {
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
