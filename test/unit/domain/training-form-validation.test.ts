import t from 'tap';
import { ValidationError } from '../../../src/domain/errors.ts';
import { FAR_FUTURE_DAYS, validateTrainingForm } from '../../../src/domain/training-form-validation.ts';
import { aTrainingFormInput } from '../../builders/training-form-input.ts';

const TODAY = '2026-11-24';
const refusal = (input: Parameters<typeof validateTrainingForm>[0]) => {
  try {
    validateTrainingForm(input, TODAY);
    return null;
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
};

t.test('a training date far in the future is questioned until the person confirms it', async (t) => {
  t.equal(FAR_FUTURE_DAYS, 90);
  t.equal(refusal(aTrainingFormInput({ trainingDate: '2027-02-22' })), null, 'exactly 90 days ahead passes');
  t.same(refusal(aTrainingFormInput({ trainingDate: '2027-02-23' })), {
    trainingDateConfirmed:
      'The training date is more than 90 days from today (2026-11-24). If it is right, tick this box and save again.',
  });
  t.same(
    refusal(aTrainingFormInput({ trainingDate: '2027-02-23', trainingDateConfirmed: ' ' })),
    refusal(aTrainingFormInput({ trainingDate: '2027-02-23' })),
    'a blank answer is no answer',
  );
  const confirmed = validateTrainingForm(
    aTrainingFormInput({ trainingDate: '2027-02-23', trainingDateConfirmed: 'yes' }),
    TODAY,
  );
  t.equal(confirmed.trainingDate, '2027-02-23');
  t.notOk('trainingDateConfirmed' in confirmed, 'the answer is not a field of the form');
  t.same(
    Object.keys(refusal(aTrainingFormInput({ trainingDate: '2031-02-30' })) ?? {}),
    ['trainingDate'],
    'not a date',
  );
});

t.test('each message says what is wrong with which field, never a bare "Required."', async (t) => {
  const empty = refusal({
    title: ' ',
    trainingType: '',
    trainingDate: '',
    durationMinutes: '',
    trainer: '',
    traineeIds: [],
  });
  t.same(empty, {
    title: 'Enter the title.',
    trainer: "Enter the trainer's name.",
    trainingType: 'Choose the training type.',
    trainingDate: 'Enter the training date.',
    durationMinutes: 'Enter the duration in minutes.',
    traineeIds: 'Choose at least one trainee.',
  });
  const wrong = refusal(
    aTrainingFormInput({
      title: 'x'.repeat(201),
      trainingDate: '2026-02-30',
      durationMinutes: '0',
      trainingType: 'Nap',
    }),
  );
  t.equal(wrong?.title, 'The title must be at most 200 characters (it has 201).');
  t.match(wrong?.trainingDate, /^The training date must be a real date, written YYYY-MM-DD/);
  t.equal(wrong?.durationMinutes, 'The duration must be a whole number of minutes from 1 to 1440.');
  t.match(wrong?.trainingType, /^Choose the training type from the list: /);
});
