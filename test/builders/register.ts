import type { ControlledDocument, DocumentRevision } from '../../src/domain/controlled-document.ts';
import type { TrainingFormFields } from '../../src/domain/training-form.ts';

const AT = new Date('2026-01-05T09:00:00.000Z');

/** A registered document; override what the test is about. */
export function aDocument(overrides: Partial<ControlledDocument> = {}): ControlledDocument {
  return {
    id: 1,
    reference: 'SOP-CR-004',
    title: 'Cleanroom gowning',
    retired: false,
    retiredAt: null,
    retiredBy: null,
    createdBy: 'admin',
    createdAt: AT,
    updatedBy: 'admin',
    updatedAt: AT,
    ...overrides,
  };
}

/** A revision of document 1; override what the test is about. */
export function aRevision(overrides: Partial<DocumentRevision> = {}): DocumentRevision {
  return {
    id: 10,
    documentId: 1,
    revision: 'A',
    effectiveDate: '2025-01-01',
    createdBy: 'admin',
    createdAt: AT,
    ...overrides,
  };
}

/** A clock fixed at `iso`. */
export const fixedClock = (iso: string) => ({ now: () => new Date(iso) });

/** A form's fields for the matrix suites: trained on `revisionId` (or a free-text form) on `date`. */
export function formFields(revisionId: number | null, date: string, trainees: readonly number[]): TrainingFormFields {
  return {
    title: 'Training',
    trainingType: 'Classroom',
    description: null,
    trainer: 'Grace',
    trainingDate: date,
    durationMinutes: 60,
    location: null,
    referenceDocument: null,
    referenceRevision: null,
    documentRevisionId: revisionId,
    traineeIds: trainees,
  };
}
