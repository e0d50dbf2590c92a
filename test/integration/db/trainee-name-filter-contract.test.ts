import t, { type Test } from 'tap';
import { KyselyTrainingFormRepository } from '../../../src/adapters/db/repositories/kysely-training-form-repository.ts';
import { normaliseQuery, type TrainingFormQuery } from '../../../src/domain/list-query.ts';
import type { TrainingFormRepository } from '../../../src/domain/ports/training-form-repository.ts';
import { forEachRepositoryTarget, type RepositorySubject } from '../../helpers/repository-targets.ts';

// The typed trainee name (docs/pages.md, "Filters at 1M forms"): the people it names are resolved
// first and the forms filtered by their ids, unless more than a bound match; either way the
// matches are those of the name matched on each form's trainees. The same expected lists on the
// fake, SQLite and MariaDB, and on the databases with the bound crossed (2 people).

const PEOPLE: [name: string, email: string | null, active: boolean][] = [
  ['Anna Weber', 'anna.weber@example.com', true],
  ['Karl Weber', null, false], // left the company
  ['Jo Webster', 'jw@example.com', true],
  ['Ben Okafor', 'ben.okafor@example.com', true],
  ['Lena Fischer', 'l.weber-fischer@example.com', false], // left; "weber" only in her email
];
/** Each form's trainees, by index into PEOPLE; form i is titled `F<i>` and dated Jan (i + 1). */
const FORMS: number[][] = [[0], [1], [2], [3], [0, 3], [4], [3, 1], [], [2, 4]];

async function seed(subject: RepositorySubject) {
  await subject.repos.employees.upsert(
    PEOPLE.map(([displayName, email, active], i) => ({
      directoryId: `dir-${i}`,
      displayName,
      email,
      userPrincipalName: null,
      department: null,
      jobTitle: null,
      active,
      lastSyncedAt: null,
    })),
  );
  const ids = await subject.employeeIds();
  for (const [i, trainees] of FORMS.entries())
    await subject.repos.forms.insert({
      title: `F${i}`,
      trainingType: 'Classroom',
      description: null,
      trainer: 'Ann Lee',
      trainingDate: `2026-01-${String(i + 1).padStart(2, '0')}`,
      durationMinutes: 30,
      location: null,
      referenceDocument: null,
      referenceRevision: null,
      documentRevisionId: null,
      traineeIds: trainees.map((p) => ids[p]!),
      createdBy: 'ada',
      createdAt: new Date(),
    });
}

/** Typed text → the forms it lists, newest first (written out, not taken from any target). */
const EXPECTED: [text: string, forms: string[], what: string][] = [
  ['weber', ['F8', 'F6', 'F5', 'F4', 'F1', 'F0'], 'several people: names, the email, people who left'],
  ['  WEBER ', ['F8', 'F6', 'F5', 'F4', 'F1', 'F0'], 'any case, trimmed'],
  ['karl', ['F6', 'F1'], 'only someone who left'],
  ['web', ['F8', 'F6', 'F5', 'F4', 'F2', 'F1', 'F0'], 'four people'],
  ['jw@example', ['F8', 'F2'], 'by email'],
  ['nobody', [], 'no match'],
  ['%', [], '% is literal'],
];

async function check(t: Test, forms: TrainingFormRepository, label: string) {
  for (const [text, expected, what] of EXPECTED) {
    const query: Partial<TrainingFormQuery> = { traineeName: text, pageSize: 4 };
    const all: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const result = await forms.summaries(normaliseQuery({ ...query, page }), false);
      t.equal(result.total, expected.length, `${label}: "${text}" counts ${expected.length} (${what})`);
      all.push(...result.items.map((f) => f.title));
    }
    t.same(all, expected, `${label}: "${text}" lists ${expected.join(', ') || 'nothing'} (${what})`);
    const months = await forms.monthlyCounts(normaliseQuery(query), false);
    t.same(
      months,
      expected.length ? [{ month: '2026-01', forms: expected.length }] : [],
      `${label}: "${text}" by month`,
    );
    const withType = await forms.summaries(normaliseQuery({ ...query, trainingType: 'Other' }), false);
    t.same(withType.items, [], `${label}: "${text}" with another filter`);
  }
}

void forEachRepositoryTarget(t, async (t, subject) => {
  await seed(subject);
  await check(t, subject.repos.forms, subject.target);
  if (subject.database) {
    // "web" names four people, "weber" three: above 2 people, or 3 trainee rows ("weber" has 6,
    // "karl" 2), or none at all, the forms' trainees are matched by name.
    const db = subject.database.handle.db;
    for (const [people, links] of [
      [2, 1_000],
      [1_000, 3],
      [0, 0],
    ] as const)
      await check(
        t,
        new KyselyTrainingFormRepository(db, undefined, { people, links }),
        `${subject.target}, bound ${people} people, ${links} rows`,
      );
  }
});
