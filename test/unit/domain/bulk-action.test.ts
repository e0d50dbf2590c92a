import t from 'tap';
import { forEachForm, MAX_BULK_FORMS, selection } from '../../../src/domain/bulk-action.ts';
import { TooManyFormsSelectedError, TrainingFormNotFoundError } from '../../../src/domain/errors.ts';

t.test('each form once, in the order ticked; over the cap nothing is attempted', async (t) => {
  t.same(selection([3, 1, 3, 2]), [3, 1, 2]);
  t.equal(selection(Array.from({ length: MAX_BULK_FORMS }, (_, i) => i + 1)).length, MAX_BULK_FORMS);
  const tried: number[] = [];
  await t.rejects(
    forEachForm(
      Array.from({ length: MAX_BULK_FORMS + 1 }, (_, i) => i + 1),
      async (id) => void tried.push(id),
    ),
    TooManyFormsSelectedError,
  );
  t.same(tried, []);
});

t.test('a domain refusal skips that form; an unexpected error stops and says what was left', async (t) => {
  const outcome = await forEachForm([1, 2, 3, 4, 5], async (id) => {
    if (id === 2) throw new TrainingFormNotFoundError(id);
    if (id === 4) throw new Error('connection lost');
    return id * 10;
  });
  t.same(
    outcome.done.map((d) => [d.id, d.result]),
    [
      [1, 10],
      [3, 30],
    ],
  );
  t.same(
    outcome.refused.map((r) => [r.id, r.error.code]),
    [[2, 'TRAINING_FORM_NOT_FOUND']],
  );
  t.equal(outcome.stopped?.id, 4);
  t.match(String(outcome.stopped?.error), /connection lost/);
  t.same(outcome.notAttempted, [5]);
});
