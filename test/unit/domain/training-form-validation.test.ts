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
