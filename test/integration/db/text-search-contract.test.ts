import t from 'tap';
import { normaliseQuery } from '../../../src/domain/list-query.ts';
import type { TrainingFormFields } from '../../../src/domain/training-form.ts';
import { forEachRepositoryTarget } from '../../helpers/repository-targets.ts';

// The list's text search (docs/search.md) gives the same forms on the in-memory fake, SQLite (FTS5)
// and MariaDB (InnoDB FULLTEXT): word prefixes, AND, phrases, short and common words, case,
// accents, punctuation and boolean-mode/FTS5 syntax in the input, deleted forms.

const FORMS: [title: string, description: string | null, trainer: string, reference: string | null][] = [
  ['Café hygiène', 'Straße und Müller', "Zoë O'Brien", 'SOP-001'],
  ['Cafeteria rules', 'Where the about text is', 'Ann Lee', 'SOP-CR-004'],
  ['Clean room gowning', 'Room clean sequence', 'Grace Hopper', 'WI-7'],
  ['Calibration of scales', null, 'Alan Turing', 'QP 12'],
  ['Labelling 50% rule (AND/OR) "quoted"', 'NEAR the line - not a * star', 'Katherine Johnson', null],
];

const fields = (title: string, description: string | null, trainer: string, reference: string | null) =>
  ({
    title,
    trainingType: 'Classroom',
    description,
    trainer,
    trainingDate: '2026-03-15',
    durationMinutes: 60,
    location: null,
    referenceDocument: reference,
    referenceRevision: null,
    documentRevisionId: null,
    traineeIds: [],
  }) satisfies TrainingFormFields;

// query → the forms it finds, by their index in FORMS
const CASES: [query: string, found: number[], what: string][] = [
  ['cafe', [0, 1], 'a word matches the start of words; accents folded'],
  ['CAFÉ', [0, 1], 'case and accents folded in the query too'],
  ['HYGIÈNE', [0], 'accented query, accented text'],
  ['zoe', [0], 'the trainer'],
  ['müller', [0], 'the description'],
  ['muller', [0], 'the description, without its accent'],
  ['calib', [3], 'a prefix'],
  ['alibration', [], 'the start of a word, not the middle'],
  ['sop 001', [0], 'the reference document, two words'],
  ['sop-cr-004', [1], 'a reference as typed'],
  ['clean room', [2], 'two words: both must match'],
  ['cafe grace', [], 'two words in no single form'],
  ['"clean room"', [2], 'a phrase'],
  ['"room clean"', [2], 'a phrase in another column'],
  ['"room sequence"', [], 'a phrase is the words in a row'],
  ['"gowning room"', [], 'a phrase does not run from one column into the next'],
  ['"clean', [2], 'an unclosed quote quotes nothing'],
  ['of', [3], 'a two-letter word: a substring'],
  ['ab', [1, 4], 'two letters anywhere: "about", "Labelling"'],
  ['the', [1, 4], 'a common word: a substring (Katherine, the)'],
  ['about', [1], 'a common word of five letters'],
  ['50', [4], 'digits'],
  ['and', [4], 'AND is a word, not an operator'],
  ['AND OR', [4], 'AND and OR are words'],
  ['NEAR', [4], 'NEAR is a word'],
  ['-cafe', [0, 1], 'a minus is no NOT'],
  ['cafe*', [0, 1], 'a star is no syntax'],
  ['rule (', [1, 4], 'a bracket is no syntax'],
  ['"', [4], 'a lone quote: the character'],
  ['*', [4], 'a lone star: the character'],
  ['(', [4], 'a lone bracket: the character'],
  ['-', [0, 1, 2, 4], 'a lone minus: the character'],
  ["o'brien", [0], 'an apostrophe'],
  ['+cafe -rules', [1], 'boolean-mode operators are not operators: both words must match'],
  ['cafe NEAR/2 rules', [], 'FTS5 operators are words'],
  ['ghost', [], 'a deleted form is not found'],
];

t.test('text search, on every target', (t) =>
  forEachRepositoryTarget(t, async (t, { repos }) => {
    const at = new Date('2026-03-15T09:00:00.000Z');
    const ids: number[] = [];
    for (const f of FORMS)
      ids.push((await repos.forms.insert({ ...fields(...f), createdBy: 'ada', createdAt: at })).id);
    const ghost = await repos.forms.insert({
      ...fields('Ghost café', null, 'Ghost', null),
      createdBy: 'ada',
      createdAt: at,
    });
    await repos.forms.setDeleted(ghost.id, { by: 'ada', at });
    const search = async (text: string, deleted = false) =>
      (await repos.forms.search(normaliseQuery({ text, pageSize: 200 }), deleted)).items.map((f) => f.id).sort();

    for (const [query, found, what] of CASES)
      t.same(await search(query), found.map((i) => ids[i]).sort(), `${JSON.stringify(query)}: ${what}`);
    t.same(await search('ghost', true), [ghost.id], 'the trash finds the deleted form');
    t.same(await search('cafe', true), [ghost.id], 'and only deleted forms');

    const calibration = ids[3] as number;
    const updated = await repos.forms.update(
      calibration,
      1,
      fields('Weighing scales', null, 'Alan Turing', 'QP 12'),
      'ada',
      at,
    );
    t.ok(updated, 'updated');
    t.same(await search('calib'), [], 'an edit leaves the index: the old title is not found');
    t.same(await search('weigh'), [calibration], 'the new title is');
    await repos.forms.setDeleted(ghost.id, null);
    t.same(await search('ghost'), [ghost.id], 'a restored form is found again');
    await repos.forms.purge(ghost.id);
    t.same(await search('ghost', true), [], 'a purged form is gone');
    t.same(await search('ghost'), [], 'from both lists');
  }),
);
