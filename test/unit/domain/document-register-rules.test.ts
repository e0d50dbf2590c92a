import t from 'tap';
import {
  byEffectiveDate,
  currentRevision,
  normaliseReference,
  normaliseRevision,
  utcDate,
} from '../../../src/domain/controlled-document.ts';
import { validateDocument, validateRevision, validateScope } from '../../../src/domain/document-validation.ts';
import { ValidationError } from '../../../src/domain/errors.ts';
import { matchReferences, referenceKey, revisionKey } from '../../../src/domain/reference-matching.ts';
import { aDocument, aRevision } from '../../builders/register.ts';

const fieldsOf = (fn: () => unknown): Record<string, string> => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return { ...e.fields };
    throw e;
  }
  return {};
};

t.test('current revision: the latest effective date not after today, whatever the order given', async (t) => {
  const a = aRevision({ id: 7, revision: 'A', effectiveDate: '2024-03-01' });
  const b = aRevision({ id: 4, revision: 'B', effectiveDate: '2025-06-15' });
  const c = aRevision({ id: 1, revision: 'C', effectiveDate: '2026-12-01' });
  t.same(
    byEffectiveDate([c, a, b]).map((r) => r.revision),
    ['A', 'B', 'C'],
    'ordered by effective date, not by id',
  );
  t.equal(currentRevision([c, a, b], '2026-11-30')?.revision, 'B', 'C is issued but not yet effective');
  t.equal(currentRevision([c, a, b], '2026-12-01')?.revision, 'C', 'effective on its own date');
  t.equal(currentRevision([c, a, b], '2024-02-29'), null, 'nothing in force before the first date');
  t.equal(currentRevision([], '2026-01-01'), null);
  t.equal(utcDate(new Date('2026-12-01T23:30:00-02:00')), '2026-12-02', 'today is the UTC date');
});

t.test('references and revision labels are stored upper case, single-spaced, without a Rev prefix', async (t) => {
  t.equal(normaliseReference('  sop-cr-004 '), 'SOP-CR-004');
  t.equal(normaliseReference('wi   12\tb'), 'WI 12 B');
  t.same(['c', 'Rev C', 'rev. c', 'Revision: 2.1', 'REV', 'Reverse'].map(normaliseRevision), [
    'C',
    'C',
    'C',
    '2.1',
    'REV',
    'REVERSE',
  ]);
});

t.test('a new document names every bad field', async (t) => {
  t.same(
    validateDocument({ reference: ' sop-cr-004', title: ' Gowning ', revision: 'rev b', effectiveDate: '2026-02-01' }),
    {
      reference: 'SOP-CR-004',
      title: 'Gowning',
      revision: 'B',
      effectiveDate: '2026-02-01',
    },
  );
  t.same(
    fieldsOf(() => validateDocument({})),
    {
      reference: 'Enter the reference.',
      title: 'Enter the title.',
      revision: 'Enter the revision.',
      effectiveDate: 'Enter the effective date.',
    },
  );
  const bad = fieldsOf(() =>
    validateDocument({ reference: 'SOP#1', title: 'x'.repeat(201), revision: 'B*', effectiveDate: '2026-02-30' }),
  );
  t.match(bad, {
    reference: /^The reference may hold only letters, digits/,
    title: 'The title must be at most 200 characters (it has 201).',
    revision: /^The revision may hold only letters, digits/,
    effectiveDate: /^The effective date must be a real date/,
  });
  t.same(
    fieldsOf(() => validateDocument({ reference: 42, title: 'T', revision: 'A', effectiveDate: '2026-01-01' })),
    { reference: 'The reference must be text.' },
  );
});

t.test('a new revision must take effect after the latest one', async (t) => {
  const existing = [
    aRevision({ revision: 'B', effectiveDate: '2026-03-01' }),
    aRevision({ id: 11, revision: 'A', effectiveDate: '2025-01-01' }),
  ];
  t.same(validateRevision({ revision: 'c', effectiveDate: '2026-03-02' }, existing), {
    revision: 'C',
    effectiveDate: '2026-03-02',
  });
  t.same(
    fieldsOf(() => validateRevision({ revision: 'C', effectiveDate: '2026-03-01' }, existing)),
    {
      effectiveDate: 'The effective date must be after 2026-03-01, the effective date of revision B.',
    },
  );
  t.same(
    validateRevision({ revision: 'A', effectiveDate: '2020-01-01' }, []),
    { revision: 'A', effectiveDate: '2020-01-01' },
    'any date for the first',
  );
});

t.test('a scope is a known kind and a name', async (t) => {
  t.same(validateScope({ kind: 'department', value: '  Maintenance  Team ' }), {
    kind: 'department',
    value: 'Maintenance Team',
  });
  t.same(
    fieldsOf(() => validateScope({ kind: 'site', value: '' })),
    { kind: 'Choose a department or a job title.', value: 'Enter the department or job title.' },
  );
});

t.test('free-text references match the register ignoring case, spacing, punctuation and a Rev prefix', async (t) => {
  t.equal(referenceKey('sop cr 004'), referenceKey('SOP-CR-004'));
  t.equal(revisionKey('Rev C'), revisionKey('c'));
  const sop = aDocument({ id: 1, reference: 'SOP-CR-004' });
  const wi = aDocument({ id: 2, reference: 'WI-7', retired: true });
  const twinA = aDocument({ id: 3, reference: 'QM-1' });
  const twinB = aDocument({ id: 4, reference: 'QM 1' });
  const revisions = [
    aRevision({ id: 10, documentId: 1, revision: 'B' }),
    aRevision({ id: 11, documentId: 1, revision: 'C', effectiveDate: '2026-01-01' }),
    aRevision({ id: 12, documentId: 2, revision: '1' }),
  ];
  const forms = [
    { formId: 100, referenceDocument: 'sop cr 004', referenceRevision: 'Rev C' },
    { formId: 101, referenceDocument: 'SOP-CR-004', referenceRevision: 'b' },
    { formId: 102, referenceDocument: 'wi7', referenceRevision: 'REV. 1' },
    { formId: 103, referenceDocument: 'SOP-CR-004', referenceRevision: 'D' },
    { formId: 104, referenceDocument: 'SOP-CR-004', referenceRevision: '  ' },
    { formId: 105, referenceDocument: 'SOP-XX-1', referenceRevision: 'A' },
    { formId: 106, referenceDocument: null, referenceRevision: 'A' },
    { formId: 107, referenceDocument: 'qm-1', referenceRevision: 'A' },
  ];
  const result = matchReferences(forms, { documents: [sop, wi, twinA, twinB], revisions });
  t.same(result.matched, [
    { formId: 100, documentId: 1, revisionId: 11 },
    { formId: 101, documentId: 1, revisionId: 10 },
    { formId: 102, documentId: 2, revisionId: 12 },
  ]);
  t.same(
    result.unmatched.map((u) => [u.formId, u.reason]),
    [
      [103, 'unknown-revision'],
      [104, 'no-revision'],
      [105, 'unknown-document'],
      [106, 'no-reference'],
      [107, 'ambiguous-document'],
    ],
  );
  t.same(
    result.unmatched[0],
    { formId: 103, referenceDocument: 'SOP-CR-004', referenceRevision: 'D', reason: 'unknown-revision' },
    'the typed text is kept for the list',
  );
});
