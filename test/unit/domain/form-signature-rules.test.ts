import t from 'tap';
import type { NewAuditEvent } from '../../../src/domain/audit-event.ts';
import { TrainingFormDeletedError, ValidationError } from '../../../src/domain/errors.ts';
import {
  checkMaySign,
  MAX_REASON_LENGTH,
  reasonForEdit,
  signatureState,
  signingRole,
  type FormSignature,
} from '../../../src/domain/form-signature.ts';
import { FormSignatureService, SIGNATURE_PURPOSE } from '../../../src/domain/form-signature-service.ts';
import type { AuthenticationResult } from '../../../src/domain/ports/authenticator.ts';
import { FormAlreadySignedError, SignatureNotAllowedError } from '../../../src/domain/signature-errors.ts';
import { SignInService } from '../../../src/domain/sign-in-service.ts';
import { SignInThrottle } from '../../../src/domain/sign-in-throttle.ts';
import type { TrainingForm } from '../../../src/domain/training-form.ts';
import { TrainingFormService } from '../../../src/domain/training-form-service.ts';
import type { SessionUser } from '../../../src/domain/user.ts';
import { aTrainingFormInput, steppingClock } from '../../builders/training-form-input.ts';
import { InMemoryAttachmentStore, InMemoryUnitOfWork } from '../../fakes/in-memory-repositories.ts';
import { InMemorySignInFailureLog } from '../../fakes/in-memory-sign-in-failure-log.ts';

const user = (username: string, displayName: string, isAdmin = false): SessionUser => ({
  username,
  displayName,
  email: null,
  isAdmin,
});
const grace = user('ghopper', 'Grace Hopper');
const admin = user('boss', 'The Boss', true);
const ben = user('ben', 'Ben Okafor');
const form = { id: 5, trainer: '  grace HOPPER ', version: 3, deleted: false } as TrainingForm;
const signature = (change: Partial<FormSignature> = {}): FormSignature => ({
  id: 1,
  formId: 5,
  formVersion: 3,
  signerUsername: 'ghopper',
  printedName: 'Grace Hopper',
  meaning: 'Trained and assessed',
  signedAt: new Date(0),
  adminReason: null,
  voided: null,
  ...change,
});

t.test('who may sign: the trainer named on the form (name or username, any case), else an admin', async (t) => {
  t.equal(signingRole(form, grace), 'trainer', 'display name, case and spaces ignored');
  t.equal(signingRole({ ...form, trainer: 'GHopper' }, grace), 'trainer', 'the username');
  t.equal(signingRole(form, ben), null);
  t.equal(signingRole(form, admin), 'admin');
  t.equal(signingRole(form, { ...grace, isAdmin: true }), 'trainer', 'an admin who is the trainer signs as trainer');
  t.equal(signingRole({ ...form, trainer: 'Grace' }, grace), null, 'part of a name is not the name');
});

t.test('the state: unsigned, signed for the current version, voided by an edit or for another version', async (t) => {
  t.same(signatureState(3, null), { status: 'unsigned' });
  t.equal(signatureState(3, signature()).status, 'signed');
  t.equal(signatureState(3, signature({ voided: { at: new Date(1), by: 'ben', reason: 'x' } })).status, 'voided');
  t.equal(signatureState(4, signature()).status, 'voided', 'a signature binds to its version');
});

t.test('checkMaySign: refusals, and the admin reason', async (t) => {
  const unsigned = signatureState(3, null);
  t.equal(checkMaySign(form, unsigned, grace, 'ignored?'), null, 'the trainer gives no reason');
  t.throws(() => checkMaySign(form, unsigned, ben, 'please'), SignatureNotAllowedError);
  t.throws(() => checkMaySign(form, signatureState(3, signature()), grace, null), FormAlreadySignedError);
  const error = (() => {
    try {
      checkMaySign(form, unsigned, admin, '   ');
    } catch (e) {
      return e;
    }
  })();
  t.type(error, ValidationError);
  t.match((error as ValidationError).fields, { reason: /not the trainer named on this form \( {2}grace HOPPER \)/ });
  t.equal(checkMaySign(form, unsigned, admin, '  Grace is on leave '), 'Grace is on leave');
  t.throws(() => checkMaySign(form, unsigned, admin, 'x'.repeat(MAX_REASON_LENGTH + 1)), ValidationError);
  t.equal(checkMaySign(form, signatureState(4, signature()), grace, null), null, 'a voided signature: sign again');
});

t.test('what voids a signature: an edit of a signed form needs a reason; others do not', async (t) => {
  t.throws(() => reasonForEdit(signatureState(3, signature()), ''), ValidationError);
  t.throws(() => reasonForEdit(signatureState(3, signature()), undefined), ValidationError);
  t.equal(reasonForEdit(signatureState(3, signature()), ' wrong date '), 'wrong date');
  t.equal(reasonForEdit(signatureState(3, null), null), null);
  t.equal(reasonForEdit(signatureState(4, signature()), ''), null, 'already voided: no reason needed');
});

async function setup(authenticate: (u: string, p: string) => AuthenticationResult) {
  const uow = new InMemoryUnitOfWork();
  const clock = steppingClock();
  const userAudit: NewAuditEvent[] = [];
  const signIn = new SignInService({
    authenticator: { authenticate: async (u, p) => authenticate(u, p) },
    admins: { isAdmin: async () => false, list: async () => [], ensure: async () => [], remove: async () => false },
    audit: { record: async (e) => void userAudit.push(e), listFor: async () => [] },
    clock,
    throttle: new SignInThrottle(new InMemorySignInFailureLog(), {
      maxFailuresPerUser: 2,
      maxFailuresPerAddress: 10,
      windowMs: 60_000,
    }),
  });
  const forms = new TrainingFormService({ uow, files: new InMemoryAttachmentStore(), clock });
  const signatures = new FormSignatureService({ uow, clock, passwords: signIn });
  await uow.run((r) =>
    r.employees.upsert([
      {
        directoryId: 'd1',
        displayName: 'Ada',
        email: null,
        userPrincipalName: null,
        department: null,
        jobTitle: null,
        active: true,
        lastSyncedAt: null,
      },
    ]),
  );
  const created = await forms.create(aTrainingFormInput({ trainer: 'Grace Hopper', traineeIds: [1] }), 'ada');
  return { uow, forms, signatures, userAudit, form: created };
}

const password =
  (right: string) =>
  (username: string, given: string): AuthenticationResult =>
    given === right
      ? { ok: true, user: { username, displayName: username, email: null, groups: [] } }
      : { ok: false, reason: 'invalid-credentials', detail: 'wrong password' };

t.test('a wrong password counts as a failed sign-in: audited on the user and the form, then throttled', async (t) => {
  const { uow, signatures, userAudit, form } = await setup(password('secret'));
  const attempt = (p: string) =>
    signatures.sign(form.id, grace, { password: p, version: 1, address: '10.0.0.1' }).catch((e: unknown) => e);
  t.match(await attempt('nope'), { fields: { password: /Sign-in failed/ } });
  t.type(await attempt('nope'), ValidationError);
  t.match(await attempt('secret'), { fields: { password: /Too many failed sign-in attempts/ } }, 'throttled');
  t.same(
    userAudit.map((e) => [e.action, e.details?.['purpose']]),
    [
      ['sign-in-failed', SIGNATURE_PURPOSE],
      ['sign-in-failed', SIGNATURE_PURPOSE],
      ['sign-in-throttled', SIGNATURE_PURPOSE],
    ],
  );
  const formEvents = uow.state.audit.filter((e) => e.entityId === String(form.id)).map((e) => e.action);
  t.same(formEvents, ['create', 'sign-refused', 'sign-refused', 'sign-refused']);
  t.same(uow.state.signatures, [], 'no signature');
  t.notMatch(JSON.stringify([userAudit, uow.state.audit]), /nope|secret/, 'no password anywhere');
});

t.test('a right password signs; the panel then offers nothing more', async (t) => {
  const { signatures, userAudit, form } = await setup(password('secret'));
  t.same(await signatures.panel(form, grace), { state: { status: 'unsigned' }, maySign: 'trainer' });
  t.same(await signatures.panel(form, ben), { state: { status: 'unsigned' }, maySign: null });
  t.same((await signatures.panel(form, admin)).maySign, 'admin');
  t.same((await signatures.panel({ ...form, deleted: true }, grace)).maySign, null, 'not in the trash');
  await signatures.sign(form.id, grace, { password: 'secret', version: 1, address: 'a' });
  const panel = await signatures.panel(form, grace);
  t.match(panel, { state: { status: 'signed', signature: { printedName: 'Grace Hopper' } }, maySign: null });
  t.same(userAudit, [], 'a right password is not a sign-in event');
});

t.test('refusals before the password is asked', async (t) => {
  let asked = 0;
  const { forms, signatures, form } = await setup((u, p) => (asked++, password('secret')(u, p)));
  await t.rejects(
    signatures.sign(form.id, ben, { password: 'secret', version: 1, address: 'a' }),
    SignatureNotAllowedError,
  );
  await t.rejects(signatures.sign(form.id, admin, { password: 'secret', version: 1, address: 'a' }), ValidationError);
  await forms.softDelete(form.id, 'ada');
  await t.rejects(
    signatures.sign(form.id, grace, { password: 'secret', version: 1, address: 'a' }),
    TrainingFormDeletedError,
  );
  t.equal(asked, 0, 'the directory was never asked');
});

t.test('an admin signs for the trainer with a reason, recorded on the signature and the event', async (t) => {
  const { uow, signatures, form } = await setup(password('secret'));
  const s = await signatures.sign(form.id, admin, { password: 'secret', version: 1, address: 'a', reason: 'on leave' });
  t.match(s, { signerUsername: 'boss', printedName: 'The Boss', adminReason: 'on leave' });
  t.match(uow.state.audit.at(-1), { action: 'sign', actor: 'boss', details: { reason: 'on leave' } });
});
