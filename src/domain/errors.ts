/** Stable error codes the domain can raise; the HTTP adapter maps each to a status. */
export const DOMAIN_ERROR_CODES = [
  'VALIDATION_FAILED',
  'TRAINING_FORM_NOT_FOUND',
  'TRAINING_FORM_STALE',
  'TRAINING_FORM_NOT_DELETED',
  'TRAINING_FORM_DELETED',
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
