import { DomainError } from './errors.ts';

/** The user is neither the trainer named on the form nor an administrator. */
export class SignatureNotAllowedError extends DomainError {
  constructor(
    readonly formId: number,
    readonly trainer: string,
  ) {
    super(
      'SIGNATURE_NOT_ALLOWED',
      `Only the trainer named on this form (${trainer}) or an administrator can sign training form ${formId}.`,
    );
  }
}

/** The form's current version already carries a signature (`cause`: the store's refusal, when it was the store). */
export class FormAlreadySignedError extends DomainError {
  constructor(
    readonly formId: number,
    options?: { readonly cause: unknown },
  ) {
    super('FORM_ALREADY_SIGNED', `Training form ${formId} is already signed.`);
    if (options) this.cause = options.cause;
  }
}
