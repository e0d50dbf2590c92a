import type { TrainingFormInput } from '../../src/domain/training-form.ts';

/** A valid create/edit input; override what the test is about. */
export function aTrainingFormInput(
  overrides: Partial<Record<keyof TrainingFormInput, unknown>> = {},
): TrainingFormInput {
  return {
    title: 'Cleanroom gowning',
    trainingType: 'Classroom',
    description: 'Gowning sequence and common mistakes.',
    trainer: 'Grace Hopper',
    trainingDate: '2026-03-15',
    durationMinutes: 60,
    location: 'Cleanroom 2',
    referenceDocument: 'SOP-123',
    referenceRevision: 'C',
    traineeIds: [1, 2],
    ...overrides,
  };
}

/** A clock that returns `start`, moving forward one second per call (so ordering is observable). */
export function steppingClock(start = new Date('2026-11-24T08:00:00.000Z')) {
  let t = start.getTime();
  return { now: () => new Date((t += 1000)) };
}
