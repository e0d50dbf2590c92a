import t from 'tap';
import { normaliseQuery } from '../../../src/domain/list-query.ts';
import { forEachRepositoryTarget } from '../../helpers/repository-targets.ts';

// The reference document filter is "the reference contains the text" (LIKE '%…%'), narrowed first
// through the full-text index by the words that start after a space or hyphen in the text
// (full-text-query.ts, `referenceWordStarts`): the same forms as the LIKE alone, on the fake,
// SQLite and MariaDB (expected lists written out, not taken from any target).

/** Form i is titled `R<i>`, dated Jan (i + 1), with this reference (and title, for index noise). */
const FORMS: [reference: string | null, title?: string][] = [
  ['SOP-123'],
  ['SOP-1234'],
  ['XSOP-123'],
  ['sop-123a rev B'],
  ['SOP 123'],
  ['SOP_123'],
  ['WI-SOP-123-B'],
  ['SOP-about-3'],
  ['SOP-12'],
  [null, 'SOP-123 refresher'],
  ['ABC', 'about 123 things'],
  ['SOP-Über-123'],
];

const EXPECTED: [text: string, forms: string[], what: string][] = [
  ['SOP-123', ['R6', 'R3', 'R2', 'R1', 'R0'], 'a prefix word after the hyphen; the first may end a word'],
  ['-123', ['R11', 'R6', 'R3', 'R2', 'R1', 'R0'], 'text starting with a hyphen'],
  ['OP-123', ['R6', 'R3', 'R2', 'R1', 'R0'], 'the first word inside a word'],
  ['sop-123-b', ['R6'], 'a whole middle word'],
  ['SOP-123A', ['R3'], 'any case'],
  ['P 12', ['R4'], 'a short word: no full-text term'],
  ['SOP_123', ['R5'], 'underscore is no separator here (InnoDB joins words with it)'],
  ['SOP-abou', ['R7'], 'the beginning of a common word: no full-text term'],
  ['123', ['R11', 'R6', 'R5', 'R4', 'R3', 'R2', 'R1', 'R0'], 'one word: the LIKE alone'],
  ['SOP-12', ['R8', 'R6', 'R3', 'R2', 'R1', 'R0'], 'a word of 2: the LIKE alone'],
  ['Über-123', ['R11'], 'a non-ASCII first word'],
  ['-things', [], 'only in a title: not a reference'],
  ['SOP-999', [], 'nothing'],
  ['%', [], '% is literal'],
];

void forEachRepositoryTarget(t, async (t, subject) => {
  for (const [i, [reference, title]] of FORMS.entries())
    await subject.repos.forms.insert({
      title: title ?? `R${i}`,
      trainingType: 'Classroom',
      description: null,
      trainer: 'Ann Lee',
      trainingDate: `2026-01-${String(i + 1).padStart(2, '0')}`,
      durationMinutes: 30,
      location: null,
      referenceDocument: reference,
      referenceRevision: null,
      documentRevisionId: null,
      traineeIds: [],
      createdBy: 'ada',
      createdAt: new Date(),
    });
  const byDate = (date: string) => `R${Number(date.slice(8)) - 1}`;
  for (const [text, expected, what] of EXPECTED) {
    const page = await subject.repos.forms.summaries(normaliseQuery({ referenceDocument: text }), false);
    t.same(
      page.items.map((f) => byDate(f.trainingDate)),
      expected,
      `"${text}": ${what}`,
    );
    t.equal(page.total, expected.length, `"${text}" counted`);
  }
});
