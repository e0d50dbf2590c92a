import t from 'tap';
import { acceptedContentType, cleanFileName } from '../../../src/domain/attachment-policy.ts';
import type { AdminUserRepository } from '../../../src/domain/ports/admin-user-repository.ts';
import type { AuthenticationResult, Authenticator } from '../../../src/domain/ports/authenticator.ts';
import type { SessionRecord, SessionStore } from '../../../src/domain/ports/session-store.ts';
import { SessionService, type SessionPolicy } from '../../../src/domain/session-service.ts';
import { SIGN_IN_FAILED_MESSAGE, SignInService } from '../../../src/domain/sign-in-service.ts';
import type { NewAuditEvent } from '../../../src/domain/audit-event.ts';
import { SignInThrottle } from '../../../src/domain/sign-in-throttle.ts';
import { InMemorySignInFailureLog } from '../../fakes/in-memory-sign-in-failure-log.ts';

const MINUTE = 60_000;

class MemoryStore implements SessionStore {
  rows = new Map<string, SessionRecord>();
  writes = 0;
  reads = 0;
  /** When set, reads wait for it after taking their row (a slow database). */
  gate: Promise<void> | null = null;
  async insert(s: SessionRecord) {
    this.rows.set(s.id, s);
  }
  async find(id: string) {
    this.reads++;
    const row = this.rows.get(id) ?? null;
    if (this.gate) await this.gate;
    return row;
  }
  async touch(id: string, lastSeenAt: Date, expiresAt: Date) {
    this.writes++;
    const s = this.rows.get(id);
    if (s) this.rows.set(id, { ...s, lastSeenAt, expiresAt });
  }
  notices = new Map<string, string>();
  async keepNotice(id: string, notice: string) {
    if (this.rows.has(id)) this.notices.set(id, notice);
  }
  async takeNotice(id: string) {
    const notice = this.notices.get(id) ?? null;
    this.notices.delete(id);
    return notice;
  }
  async delete(id: string) {
    this.rows.delete(id);
    this.notices.delete(id);
  }
  async deleteForUser(username: string) {
    const ids = [...this.rows.values()].filter((r) => r.user.username === username).map((r) => r.id);
    for (const id of ids) this.rows.delete(id);
    return ids.length;
  }
  async deleteExpired(now: Date) {
    let n = 0;
    for (const [id, s] of this.rows) {
      if (s.expiresAt >= now) continue;
      this.rows.delete(id);
      n++;
    }
    return n;
  }
}

t.test('SessionService: rotation, idle and absolute timeouts, few writes', async (t) => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  let n = 0;
  const store = new MemoryStore();
  const sessions = new SessionService({
    store,
    tokens: { token: () => `token-${++n}` },
    clock: { now: () => new Date(now) },
    policy: { idleTimeoutMs: 30 * MINUTE, absoluteTimeoutMs: 120 * MINUTE, touchIntervalMs: MINUTE, recheckMs: 5000 },
  });
  const user = { username: 'u', displayName: 'U', email: null, isAdmin: false };
  const a = await sessions.start(user);
  t.not(a.id, a.csrfToken, 'separate session and CSRF tokens');
  t.equal(a.expiresAt.getTime(), now + 30 * MINUTE);
  const b = await sessions.start(user, a.id);
  t.equal(await sessions.resume(a.id), null, 'the previous session ends at sign-in');
  now += 30 * 1000;
  t.ok(await sessions.resume(b.id));
  t.equal(store.writes, 0, 'no write within the touch interval');
  for (let i = 0; i < 4; i++) {
    now += 25 * MINUTE;
    t.ok(await sessions.resume(b.id), `still alive after ${(i + 1) * 25} more minutes`);
  }
  t.equal(
    store.rows.get(b.id)!.expiresAt.getTime(),
    b.createdAt.getTime() + 120 * MINUTE,
    'expiry capped by the absolute timeout',
  );
  now += 25 * MINUTE;
  t.equal(await sessions.resume(b.id), null, 'absolute timeout');
  t.equal(store.rows.size, 0);
  const c = await sessions.start(user);
  now += 30 * MINUTE;
  t.equal(await sessions.resume(c.id), null, 'idle timeout');
  const d = await sessions.start(user);
  await sessions.end(d.id);
  t.equal(await sessions.resume(d.id), null, 'ended');
  t.equal(await sessions.resume('unknown'), null);
  await sessions.start(user);
  now += 31 * MINUTE;
  t.equal(await sessions.removeExpired(), 1);
});

t.test('SessionService: sessions read from the store are trusted for recheckMs, never past their expiry', async (t) => {
  const SECOND = 1000;
  let now = Date.parse('2026-01-01T00:00:00Z');
  let n = 0;
  const service = (store: MemoryStore, policy: Partial<SessionPolicy> = {}) =>
    new SessionService({
      store,
      tokens: { token: () => `token-${++n}` },
      clock: { now: () => new Date(now) },
      policy: {
        idleTimeoutMs: 30 * MINUTE,
        absoluteTimeoutMs: 120 * MINUTE,
        touchIntervalMs: MINUTE,
        recheckMs: 5 * SECOND,
        ...policy,
      },
    });
  const alice = { username: 'alice', displayName: 'Alice', email: null, isAdmin: true };
  const bob = { username: 'bob', displayName: 'Bob', email: null, isAdmin: false };

  const store = new MemoryStore();
  const sessions = service(store);
  const a = await sessions.start(alice);
  for (let i = 0; i < 4; i++) {
    now += SECOND;
    t.ok(await sessions.resume(a.id));
  }
  t.equal(store.reads, 0, 'a session just started or read is not read again within recheckMs');
  store.rows.delete(a.id); // ended by another instance
  now += SECOND / 2;
  t.ok(await sessions.resume(a.id), 'an end elsewhere is not seen within recheckMs of the last read...');
  now += SECOND;
  t.equal(await sessions.resume(a.id), null, '...and is seen after it');
  t.equal(store.reads, 1);

  const b = await sessions.start(alice);
  await sessions.end(b.id);
  t.equal(await sessions.resume(b.id), null, 'an end through this service takes effect at once');
  const c = await sessions.start(alice);
  const d = await sessions.start(alice);
  const e = await sessions.start(bob);
  t.equal(await sessions.endAllFor('alice'), 2);
  t.equal(await sessions.resume(c.id), null, "ending a user's sessions takes effect at once");
  t.equal(await sessions.resume(d.id), null);
  t.ok(await sessions.resume(e.id), "another user's session lives on");

  const rereads = store.reads;
  now += 2 * MINUTE;
  const touched = await sessions.resume(e.id);
  t.equal(touched?.lastSeenAt.getTime(), now, 'a fresh read, then a touch');
  now += SECOND;
  t.equal(
    (await sessions.resume(e.id))?.lastSeenAt.getTime(),
    touched?.lastSeenAt.getTime(),
    'the touch is remembered',
  );
  t.equal(store.reads, rereads + 1, 'and not read again');

  // Idle timeout reached while remembered: never served from memory past its own expiry.
  const lazy = service(new MemoryStore(), { touchIntervalMs: 60 * MINUTE, recheckMs: 60 * SECOND });
  const f = await lazy.start(bob);
  now += 30 * MINUTE - 5 * SECOND;
  t.ok(await lazy.resume(f.id), 'read again 5 s before the idle timeout');
  now += 10 * SECOND;
  t.equal(await lazy.resume(f.id), null, 'past the idle timeout, within recheckMs: timed out');
  // The same, but another instance used the session meanwhile: the fresh read keeps it alive.
  const shared = new MemoryStore();
  const busy = service(shared, { touchIntervalMs: 60 * MINUTE, recheckMs: 60 * SECOND });
  const g = await busy.start(bob);
  now += 30 * MINUTE - 5 * SECOND;
  t.ok(await busy.resume(g.id));
  await shared.touch(g.id, new Date(now), new Date(now + 30 * MINUTE));
  now += 10 * SECOND;
  t.ok(await busy.resume(g.id), 'a use on another instance counts: the expired memory is read again, not trusted');

  // A sign-out while another request of the same session is reading it from the store.
  const slow = new MemoryStore();
  const racing = service(slow);
  const raced = await racing.start(bob);
  now += 10 * SECOND;
  let open = () => {};
  slow.gate = new Promise((resolve) => (open = resolve));
  const inFlight = racing.resume(raced.id);
  await racing.end(raced.id);
  open();
  t.ok(await inFlight, 'the request already reading keeps what it read');
  slow.gate = null;
  t.equal(await racing.resume(raced.id), null, 'but that read is not remembered past the sign-out');

  const everyTime = new MemoryStore();
  const strict = service(everyTime, { recheckMs: 0 });
  const h = await strict.start(bob);
  await strict.resume(h.id);
  await strict.resume(h.id);
  t.equal(everyTime.reads, 2, 'recheckMs 0: every use reads the store');

  const many = new MemoryStore();
  const crowded = service(many);
  const first = await crowded.start(bob);
  for (let i = 0; i < 10_000; i++) await crowded.start(alice);
  many.rows.delete(first.id);
  t.equal(
    await crowded.resume(first.id),
    null,
    'at most 10,000 sessions are remembered: the oldest read is forgotten first',
  );
});

t.test('SignInService: admins by table or by group, non-revealing failures, audited', async (t) => {
  const audit: NewAuditEvent[] = [];
  const results: Record<string, AuthenticationResult> = {
    alice: { ok: true, user: { username: 'Alice', displayName: 'Alice A', email: 'a@x', groups: [] } },
    gina: {
      ok: true,
      user: {
        username: 'gina',
        displayName: '',
        email: null,
        groups: ['CN=Training Admins, OU=Groups,DC=corp,DC=example'],
      },
    },
    boss: { ok: true, user: { username: 'boss', displayName: 'Boss', email: null, groups: [] } },
    down: { ok: false, reason: 'directory-unavailable', detail: 'ECONNREFUSED' },
  };
  const authenticator: Authenticator = {
    authenticate: async (u) => results[u] ?? { ok: false, reason: 'invalid-credentials', detail: 'no such user' },
  };
  const admins: AdminUserRepository = {
    isAdmin: async (u) => u === 'boss',
    list: async () => [],
    ensure: async () => [],
    remove: async () => false,
  };
  const service = new SignInService({
    authenticator,
    admins,
    audit: { record: async (e) => void audit.push(e), listFor: async () => [] },
    clock: { now: () => new Date(0) },
    adminGroupDn: 'cn=training admins,ou=groups,dc=corp,dc=example',
    throttle: new SignInThrottle(new InMemorySignInFailureLog()),
  });
  t.match(await service.signIn(' ALICE ', 'pw'), {
    ok: true,
    user: { username: 'alice', displayName: 'Alice A', isAdmin: false },
  });
  t.match(
    await service.signIn('gina', 'pw'),
    { ok: true, user: { isAdmin: true, displayName: 'gina' } },
    'admin by group',
  );
  t.match(await service.signIn('boss', 'pw'), { ok: true, user: { isAdmin: true } }, 'admin by table');
  t.match(await service.signIn('nobody', 'pw'), {
    ok: false,
    reason: 'invalid-credentials',
    message: SIGN_IN_FAILED_MESSAGE,
  });
  t.match(await service.signIn('', 'pw'), { ok: false, reason: 'empty-username', message: SIGN_IN_FAILED_MESSAGE });
  t.match(await service.signIn('down', 'pw'), { ok: false, message: /directory does not answer/ });
  await service.signedOut('alice');
  t.same(
    audit.map((e) => `${e.actor}:${e.action}`),
    ['alice:sign-in', 'gina:sign-in', 'boss:sign-in', 'nobody:sign-in-failed', 'down:sign-in-failed', 'alice:sign-out'],
  );
  t.notMatch(JSON.stringify(audit), /pw/, 'no password in the audit trail');
});

t.test(
  'SignInService: a right password on a blocked account or one to change is told so; the detail is audited',
  async (t) => {
    const audit: NewAuditEvent[] = [];
    const results: Record<string, AuthenticationResult> = {
      carol: { ok: false, reason: 'account-disabled', detail: 'CN=Carol: account disabled (AD data 533)' },
      mia: { ok: false, reason: 'password-must-change', detail: 'CN=Mia: password must be reset (AD data 773)' },
      dave: { ok: false, reason: 'invalid-credentials', detail: 'CN=Dave: account locked out (AD data 775)' },
    };
    const service = new SignInService({
      authenticator: { authenticate: async (u) => results[u]! },
      admins: { isAdmin: async () => false, list: async () => [], ensure: async () => [], remove: async () => false },
      audit: { record: async (e) => void audit.push(e), listFor: async () => [] },
      clock: { now: () => new Date(0) },
      throttle: new SignInThrottle(new InMemorySignInFailureLog()),
    });
    t.match(await service.signIn('carol', 'x'), {
      reason: 'account-disabled',
      message: 'Your account cannot sign in at the moment; contact IT.',
      detail: /AD data 533/,
    });
    t.match(await service.signIn('mia', 'x'), {
      reason: 'password-must-change',
      message: 'Your password must be changed before you can sign in; change it in Windows or contact IT.',
    });
    t.match(await service.signIn('dave', 'x'), { reason: 'invalid-credentials', message: SIGN_IN_FAILED_MESSAGE });
    t.same(
      audit.map((e) => e.details),
      [
        { reason: 'account-disabled', detail: 'CN=Carol: account disabled (AD data 533)' },
        { reason: 'password-must-change', detail: 'CN=Mia: password must be reset (AD data 773)' },
        { reason: 'invalid-credentials', detail: 'CN=Dave: account locked out (AD data 775)' },
      ],
    );
  },
);

t.test('attachment policy: type by content, text only when it is text, clean names', async (t) => {
  const head = Buffer.from('hello\nworld\t!\r\n');
  t.equal(
    acceptedContentType({ mime: 'application/pdf', ext: 'pdf' }, 'x.exe', head),
    'application/pdf',
    'content wins over name',
  );
  t.equal(acceptedContentType({ mime: 'application/x-msdownload', ext: 'exe' }, 'x.pdf', head), null);
  t.equal(acceptedContentType(null, 'notes.TXT', head), 'text/plain');
  t.equal(acceptedContentType(null, 'list.csv', head), 'text/csv');
  t.equal(acceptedContentType(null, 'notes.txt', Buffer.from([0x41, 0x00])), null);
  t.equal(acceptedContentType(null, 'script.js', head), null);
  t.equal(cleanFileName('C:\\Users\\me\\report.pdf'), 'report.pdf');
  t.equal(cleanFileName('../../etc/passwd'), 'passwd');
  t.equal(cleanFileName('a"b<c>\u0001.pdf'), 'a_b_c__.pdf');
  t.equal(cleanFileName('..'), 'attachment');
  t.equal(cleanFileName(''), 'attachment');
  t.equal(cleanFileName('invoice\u202Egnp.exe'), 'invoicegnp.exe', 'no right-to-left override');
  t.equal(cleanFileName('a\u200Bb\uFEFF\u2066.pdf'), 'ab.pdf', 'no zero-width or isolate characters');
  t.equal(cleanFileName(cleanFileName('x\u202E/\u200By.pdf')), 'y.pdf', 'idempotent');
});

t.test('SignInThrottle: per user and per address, sliding window', async (t) => {
  const throttle = new SignInThrottle(new InMemorySignInFailureLog(), {
    maxFailuresPerUser: 2,
    maxFailuresPerAddress: 3,
    windowMs: 1000,
  });
  t.equal(await throttle.retryAfterMs('a', 'ip1', 0), 0);
  await throttle.recordFailure('a', 'ip1', 0);
  await throttle.recordFailure('a', 'ip1', 100);
  t.equal(
    await throttle.retryAfterMs('a', 'ip2', 200),
    800,
    'user blocked from any address until the oldest counted failure ages out',
  );
  t.equal(await throttle.retryAfterMs('b', 'ip1', 200), 0, 'address not yet at its limit');
  await throttle.recordFailure('b', 'ip1', 300);
  t.equal(await throttle.retryAfterMs('c', 'ip1', 400), 600, 'address blocked');
  t.equal(await throttle.retryAfterMs('a', 'ip2', 1001), 0, 'sliding window: the oldest failure aged out');
  await throttle.recordFailure('a', 'ip2', 1001);
  t.equal(await throttle.retryAfterMs('a', 'ip2', 1001), 99, 'blocked again until the failure at 100 ages out');
  await throttle.recordSuccess('a');
  t.equal(await throttle.retryAfterMs('a', 'ip2', 1001), 0, 'success clears the user');
  await throttle.recordFailure('e', 'ip2', 1002);
  await throttle.recordFailure('f', 'ip2', 1003);
  t.equal(
    await throttle.retryAfterMs('g', 'ip2', 1003),
    998,
    "but not the address: a's failure at 1001 still counts for ip2",
  );
});

t.test('SignInService: directory outages do not count towards the limit', async (t) => {
  let outcome: AuthenticationResult = { ok: false, reason: 'directory-timeout', detail: 'slow' };
  const service = new SignInService({
    authenticator: { authenticate: async () => outcome },
    admins: { isAdmin: async () => false, list: async () => [], ensure: async () => [], remove: async () => false },
    audit: { record: async () => {}, listFor: async () => [] },
    clock: { now: () => new Date(0) },
    throttle: new SignInThrottle(new InMemorySignInFailureLog(), {
      maxFailuresPerUser: 1,
      maxFailuresPerAddress: 10,
      windowMs: 60_000,
    }),
  });
  for (let i = 0; i < 3; i++) t.match(await service.signIn('u', 'p', 'ip'), { reason: 'directory-timeout' });
  outcome = { ok: false, reason: 'invalid-credentials', detail: 'wrong' };
  t.match(await service.signIn('u', 'p', 'ip'), { reason: 'invalid-credentials' });
  t.match(await service.signIn('u', 'p', 'ip'), { reason: 'throttled', retryAfterSeconds: 60 });
});

t.test(
  'SignInService: a name longer than MAX_USERNAME_LENGTH is refused before the directory, audited cut to fit',
  async (t) => {
    const { MAX_USERNAME_LENGTH } = await import('../../../src/domain/user.ts');
    const audit: NewAuditEvent[] = [];
    const service = new SignInService({
      // A directory that would let anyone in: only a refusal before it keeps the long name out.
      authenticator: {
        authenticate: async (u) => ({ ok: true, user: { username: u, displayName: u, email: null, groups: [] } }),
      },
      admins: { isAdmin: async () => false, list: async () => [], ensure: async () => [], remove: async () => false },
      audit: { record: async (e) => void audit.push(e), listFor: async () => [] },
      clock: { now: () => new Date(0) },
      throttle: new SignInThrottle(new InMemorySignInFailureLog()),
    });
    const longest = 'a'.repeat(MAX_USERNAME_LENGTH);
    t.match(await service.signIn(longest, 'pw'), { ok: true }, 'exactly at the limit is fine');
    t.match(await service.signIn(`${longest}b`, 'pw'), {
      ok: false,
      reason: 'invalid-credentials',
      message: SIGN_IN_FAILED_MESSAGE,
    });
    t.same(
      audit.map((e) => [e.actor, e.entityId, e.action]),
      [
        [longest, longest, 'sign-in'],
        [longest, longest, 'sign-in-failed'],
      ],
    );
  },
);
