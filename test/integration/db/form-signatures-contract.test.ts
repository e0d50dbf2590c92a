import t from 'tap';
import { TRAINING_FORM_ENTITY } from '../../../src/domain/audit-event.ts';
import { StaleTrainingFormError, ValidationError } from '../../../src/domain/errors.ts';
import { SIGNATURE_MEANING, signatureState } from '../../../src/domain/form-signature.ts';
import { FormSignatureService } from '../../../src/domain/form-signature-service.ts';
import { FormAlreadySignedError } from '../../../src/domain/signature-errors.ts';
import { TrainingFormService } from '../../../src/domain/training-form-service.ts';
import type { SessionUser } from '../../../src/domain/user.ts';
import { aTrainingFormInput } from '../../builders/training-form-input.ts';
import { InMemoryAttachmentStore } from '../../fakes/in-memory-repositories.ts';
import { forEachRepositoryTarget } from '../../helpers/repository-targets.ts';

// One contract for FormSignatureRepository, through the services that use it, on the fakes,
// SQLite and MariaDB: a signature is written with its audit event, an edit voids it in the same
// transaction, and a purge takes the form's signatures with it.

const AT = new Date('2026-12-01T09:15:30.250Z');
const grace: SessionUser = { username: 'grace', displayName: 'Grace Hopper', email: null, isAdmin: false };
const rightPassword = {
  async confirmPassword(_user: string, password: string) {
    return password === 'right'
      ? { ok: true as const }
      : { ok: false as const, reason: 'invalid-credentials' as const, message: 'Sign-in failed.' };
  },
};

t.test('form signatures', (t) =>
  forEachRepositoryTarget(t, async (t, subject) => {
    let now = AT.getTime();
    const clock = { now: () => new Date((now += 1000)) };
    const files = new InMemoryAttachmentStore();
    const forms = new TrainingFormService({ uow: subject.uow, files, clock });
    const signatures = new FormSignatureService({ uow: subject.uow, clock, passwords: rightPassword });
    await subject.repos.employees.upsert(
      ['Ada', 'Ben'].map((displayName, i) => ({
        directoryId: `d${i}`,
        displayName,
        email: null,
        userPrincipalName: null,
        department: null,
        jobTitle: null,
        active: true,
        lastSyncedAt: null,
      })),
    );
    const people = await subject.employeeIds();
    const form = await forms.create(aTrainingFormInput({ traineeIds: people }), 'ada');
    const sign = (version: number, password = 'right') =>
      signatures.sign(form.id, grace, { password, version, address: '127.0.0.1' });
    const history = async () =>
      (await subject.repos.audit.listFor(TRAINING_FORM_ENTITY, String(form.id))).map((e) => [e.action, e.details]);

    await t.test('the repository: nothing yet; insert and read back every field', async (t) => {
      t.equal(await subject.repos.signatures.latestFor(form.id), null);
      const stored = await subject.repos.signatures.insert({
        formId: form.id,
        formVersion: 7,
        signerUsername: 'ada',
        printedName: 'Ädä Lovelace ✓',
        meaning: SIGNATURE_MEANING,
        signedAt: AT,
        adminReason: 'x'.repeat(500),
      });
      t.same(await subject.repos.signatures.latestFor(form.id), stored);
      t.equal(stored.voided, null);
      await t.rejects(
        subject.repos.signatures.insert({ ...stored, signerUsername: 'ben' }),
        FormAlreadySignedError,
        'a version is signed at most once',
      );
      t.equal(await subject.repos.signatures.voidFor(form.id, { at: AT, by: 'ben', reason: 'test' }), 1);
      t.equal(await subject.repos.signatures.voidFor(form.id, { at: AT, by: 'ben', reason: 'again' }), 0, 'once');
      t.same((await subject.repos.signatures.latestFor(form.id))?.voided, { at: AT, by: 'ben', reason: 'test' });
      t.equal(await subject.repos.signatures.latestFor(form.id + 1000), null, 'another form has none');
    });

    await t.test('a wrong password writes no signature and audits the refusal', async (t) => {
      const error = await sign(1, 'wrong').catch((e: unknown) => e);
      t.type(error, ValidationError);
      t.same((error as ValidationError).fields, { password: 'Sign-in failed.' });
      t.equal((await subject.repos.signatures.latestFor(form.id))?.formVersion, 7, 'still the test row');
      t.same((await history()).at(-1), ['sign-refused', { reason: 'invalid-credentials', version: 1 }]);
    });

    await t.test('the trainer signs the version they saw, once; the event has the change', async (t) => {
      await t.rejects(sign(2), StaleTrainingFormError, 'a version the form is not at');
      const signature = await sign(1);
      t.match(signature, { formId: form.id, formVersion: 1, printedName: 'Grace Hopper', signerUsername: 'grace' });
      const latest = await subject.repos.signatures.latestFor(form.id);
      t.same(latest, signature, 'the newest row is the signature');
      t.equal(latest?.signedAt.getTime(), AT.getTime() + 3000, "the clock's time, to the millisecond");
      t.equal(signatureState(1, latest).status, 'signed');
      t.same((await history()).at(-1), [
        'sign',
        {
          changes: {
            signature: { from: 'voided', to: 'signed' },
            signedBy: { from: null, to: 'Grace Hopper' },
            meaning: { from: null, to: SIGNATURE_MEANING },
            signedVersion: { from: null, to: 1 },
          },
        },
      ]);
      await t.rejects(sign(1), FormAlreadySignedError);
    });

    await t.test('an edit without a reason is refused and changes nothing', async (t) => {
      const error = await forms
        .update(form.id, 1, aTrainingFormInput({ title: 'Changed', traineeIds: people }), 'ben', '  ')
        .catch((e: unknown) => e);
      t.type(error, ValidationError);
      t.ok((error as ValidationError).fields['reason']);
      t.equal((await forms.get(form.id)).title, 'Cleanroom gowning');
      t.equal((await subject.repos.signatures.latestFor(form.id))?.voided, null);
    });

    await t.test('an edit with a reason voids the signature in the same transaction', async (t) => {
      const after = await forms.update(
        form.id,
        1,
        aTrainingFormInput({ title: 'Changed', traineeIds: people }),
        'ben',
        ' typo in the title ',
      );
      t.equal(after.version, 2);
      const latest = await subject.repos.signatures.latestFor(form.id);
      t.match(latest?.voided, { by: 'ben', reason: 'typo in the title' });
      t.equal(latest?.voided?.at.toISOString(), after.updatedAt.toISOString());
      t.equal(signatureState(after.version, latest).status, 'voided');
      t.same((await history()).at(-1), [
        'update',
        {
          changes: { title: { from: 'Cleanroom gowning', to: 'Changed' }, signature: { from: 'signed', to: 'voided' } },
          reason: 'typo in the title',
        },
      ]);
      const resigned = await sign(2);
      t.equal(resigned.formVersion, 2, 'a new signature for the new version');
      const plain = await forms.update(
        form.id,
        2,
        aTrainingFormInput({ title: 'Again', traineeIds: people }),
        'ben',
        'x',
      );
      t.equal(plain.version, 3);
    });

    await t.test('an edit of a form that is not signed needs no reason', async (t) => {
      const after = await forms.update(form.id, 3, aTrainingFormInput({ title: 'Free', traineeIds: people }), 'ben');
      t.equal(after.version, 4);
    });

    await t.test('two signers at the same moment: one signature, the other is told it is signed', async (t) => {
      // Database targets only: the fake unit of work is not meant for interleaved transactions.
      if (!subject.database) return;
      const other = await forms.create(aTrainingFormInput({ traineeIds: people }), 'ada');
      const request = { password: 'right', version: 1, address: '127.0.0.1' };
      const results = await Promise.allSettled([
        signatures.sign(other.id, grace, request),
        signatures.sign(other.id, grace, request),
      ]);
      t.same(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected');
      t.type(refused?.reason, FormAlreadySignedError);
      const rows = await subject.database.handle.db
        .selectFrom('form_signatures')
        .select('id')
        .where('training_form_id', '=', other.id)
        .execute();
      t.equal(rows.length, 1);
      await forms.softDelete(other.id, 'ada');
      await forms.purge(other.id, 'ada');
    });

    await t.test('a purge takes the signatures with the form; the audit events stay', async (t) => {
      await forms.softDelete(form.id, 'ada');
      await forms.purge(form.id, 'ada');
      t.equal(await subject.repos.signatures.latestFor(form.id), null);
      t.ok((await history()).some(([action]) => action === 'sign'));
      if (subject.database) {
        const rows = await subject.database.handle.db.selectFrom('form_signatures').select('id').execute();
        t.same(rows, [], 'no row left in the table');
      }
    });
  }),
);
