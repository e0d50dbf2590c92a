import t, { type Test } from 'tap';
import { normaliseQuery, type TrainingFormQuery } from '../../../src/domain/list-query.ts';
import type { ListCursor } from '../../../src/domain/list-cursor.ts';
import type { TrainingFormFields } from '../../../src/domain/training-form.ts';
import { forEachRepositoryTarget, type RepositorySubject } from '../../helpers/repository-targets.ts';

// Seek paging of the list's default order (docs/pages.md, "Paging"): walking every page by cursor
// gives exactly the pages of walking by number, with many forms on one date, under each filter,
// backwards as forwards, and across deletions made between requests; the same on the fake, SQLite
// and MariaDB (the expected order is written out below, not taken from any target).

const DATES = ['2026-03-02', '2026-03-01', '2026-03-01', '2026-03-01', '2026-02-27', '2026-03-01', '2026-01-15'];
const FORMS = 23;
const title = (i: number) => `Form ${String(i).padStart(2, '0')}${i % 3 === 0 ? ' calibration' : ''}`;

const fields = (i: number, trainees: number[]): TrainingFormFields => ({
  title: title(i),
  trainingType: i % 2 === 0 ? 'Classroom' : 'On-the-job',
  description: null,
  trainer: 'Ann Lee',
  trainingDate: DATES[i % DATES.length]!,
  durationMinutes: 30,
  location: null,
  referenceDocument: null,
  referenceRevision: null,
  documentRevisionId: null,
  traineeIds: trainees,
});

/** Form `i` (0-based) was inserted i-th, so its id grows with i on every target: newest date first, then larger i. */
const expectedOrder = (keep: (i: number) => boolean) =>
  [...Array(FORMS).keys()]
    .filter(keep)
    .sort((a, b) =>
      DATES[b % DATES.length]! < DATES[a % DATES.length]!
        ? -1
        : DATES[b % DATES.length]! > DATES[a % DATES.length]!
          ? 1
          : b - a,
    )
    .map(title);

async function seed(subject: RepositorySubject) {
  await subject.repos.employees.upsert(
    ['Ada Lovelace', 'Ben Okafor'].map((displayName, i) => ({
      directoryId: `dir-${i + 1}`,
      displayName,
      email: null,
      userPrincipalName: null,
      department: null,
      jobTitle: null,
      active: true,
      lastSyncedAt: null,
    })),
  );
  const [ada, ben] = await subject.employeeIds();
  const ids: number[] = [];
  for (let i = 0; i < FORMS; i++) {
    const trainees = i % 4 === 0 ? [ada!, ben!] : [i % 2 === 0 ? ada! : ben!];
    const form = await subject.repos.forms.insert({ ...fields(i, trainees), createdBy: 'ada', createdAt: new Date() });
    ids.push(form.id);
  }
  return { ids, ada: ada!, ben: ben! };
}

type Summaries = Awaited<ReturnType<RepositorySubject['repos']['forms']['summaries']>>;
const positionOf = (direction: ListCursor['direction'], row: Summaries['items'][number] | undefined) =>
  row && { direction, trainingDate: row.trainingDate, id: row.id };

async function walkByNumber(subject: RepositorySubject, query: Partial<TrainingFormQuery>) {
  const pages: string[][] = [];
  for (let page = 1; ; page++) {
    const { items } = await subject.repos.forms.summaries(normaliseQuery({ ...query, page, pageSize: 5 }), false);
    if (items.length === 0) return pages;
    pages.push(items.map((f) => f.title));
  }
}

async function walkByCursor(t: Test, subject: RepositorySubject, query: Partial<TrainingFormQuery>) {
  const pages: string[][] = [];
  let cursor: ListCursor | undefined;
  for (let page = 1; ; page++) {
    const result = await subject.repos.forms.summaries(normaliseQuery({ ...query, page, cursor, pageSize: 5 }), false);
    if (result.items.length === 0) return { pages, last: cursor };
    t.equal(result.page, page, 'a cursor page keeps the number it was asked for');
    pages.push(result.items.map((f) => f.title));
    cursor = positionOf('after', result.items.at(-1));
  }
}

t.test('seek paging of the default order, on every target', (t) =>
  forEachRepositoryTarget(t, async (t, subject) => {
    const { ids, ada } = await seed(subject);
    const filters: [string, Partial<TrainingFormQuery>, (i: number) => boolean][] = [
      ['no filter', {}, () => true],
      ['a trainee chosen', { traineeId: ada }, (i) => i % 4 === 0 || i % 2 === 0],
      ['a typed name', { traineeName: 'okafor' }, (i) => i % 4 === 0 || i % 2 === 1],
      ['a training type', { trainingType: 'Classroom' }, (i) => i % 2 === 0],
      [
        'a date range',
        { dateFrom: '2026-03-01', dateTo: '2026-03-01' },
        (i) => DATES[i % DATES.length] === '2026-03-01',
      ],
      ['a text search', { text: 'calib' }, (i) => i % 3 === 0],
    ];
    for (const [what, query, keep] of filters) {
      const byNumber = await walkByNumber(subject, query);
      const byCursor = await walkByCursor(t, subject, query);
      t.same(byNumber.flat(), expectedOrder(keep), `${what}: pages by number in the default order`);
      t.same(byCursor.pages, byNumber, `${what}: every page by cursor is the page of that number`);
    }

    const forward = await walkByNumber(subject, {});
    const fifth = (await subject.repos.forms.summaries(normaliseQuery({ pageSize: 5 }), false)).items[4];
    const labelled = await subject.repos.forms.summaries(
      normaliseQuery({ pageSize: 5, page: 7, cursor: positionOf('after', fifth) }),
      false,
    );
    t.same(
      labelled.items.map((f) => f.title),
      forward[1],
      'the cursor picks the rows; the page number only labels them',
    );
    const back: string[][] = [];
    // From past the end, Previous after Previous: the pages again, last first, each whole.
    const end = await subject.repos.forms.summaries(normaliseQuery({ pageSize: 5, page: 5 }), false);
    let cursor = positionOf('before', end.items[0]);
    back.unshift(end.items.map((f) => f.title));
    while (cursor) {
      const { items } = await subject.repos.forms.summaries(normaliseQuery({ pageSize: 5, cursor }), false);
      if (items.length === 0) break;
      back.unshift(items.map((f) => f.title));
      cursor = positionOf('before', items[0]);
    }
    t.same(back, forward, 'walking back by cursor gives the same pages');

    // Deletions between requests: a cursor keeps its place where a page number shifts.
    const first = await subject.repos.forms.summaries(normaliseQuery({ pageSize: 5 }), false);
    const order = expectedOrder(() => true);
    const idOf = (name: string) => ids[Number(name.slice(5, 7))]!;
    await subject.repos.forms.setDeleted(idOf(order[1]!), { by: 'ada', at: new Date() });
    await subject.repos.forms.setDeleted(idOf(order[5]!), { by: 'ada', at: new Date() });
    await subject.repos.forms.setDeleted(idOf(order[4]!), { by: 'ada', at: new Date() });
    const next = await subject.repos.forms.summaries(
      normaliseQuery({ pageSize: 5, page: 2, cursor: positionOf('after', first.items.at(-1)) }),
      false,
    );
    t.same(
      next.items.map((f) => f.title),
      order.slice(6, 11),
      'the page after a deleted row (the cursor row itself) starts just after it: nothing skipped, nothing repeated',
    );
    const byNumber = await subject.repos.forms.summaries(normaliseQuery({ pageSize: 5, page: 2 }), false);
    t.same(
      byNumber.items.map((f) => f.title),
      order.slice(8, 13),
      'page 2 by number has moved on by the two rows deleted before it',
    );
  }),
);
