import t from 'tap';
import { auditContent, canonicalJson, GENESIS_HASH, sealAuditEvent } from '../../../src/domain/audit-seal.ts';
import { anAuditEvent, hasher } from '../../builders/audit-chain.ts';

t.test('canonical JSON sorts keys at every level and follows JSON otherwise', async (t) => {
  t.equal(
    canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }),
    '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
  );
  t.equal(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }), 'key order does not matter');
  t.equal(canonicalJson({ a: undefined, b: [undefined] }), '{"b":[null]}', 'undefined as JSON.stringify treats it');
  t.equal(
    canonicalJson({ at: new Date('2026-12-03T08:00:00.000Z') }),
    '{"at":"2026-12-03T08:00:00.000Z"}',
    'toJSON is used',
  );
  t.equal(canonicalJson('Müller "quoted" <b>'), '"Müller \\"quoted\\" <b>"');
  t.equal(canonicalJson(null), 'null');
  const value = { z: [1, 'x', { q: true }], a: { n: -1.5 } };
  t.equal(
    canonicalJson(JSON.parse(JSON.stringify(value))),
    canonicalJson(value),
    'a value and its JSON round trip agree',
  );
});

t.test('the content covers time, actor, action, entity, details, seq and prev_hash, not the id', async (t) => {
  const e = anAuditEvent(1);
  const base = auditContent(e, 1, GENESIS_HASH);
  t.equal(base, auditContent({ ...e, id: 99 } as typeof e, 1, GENESIS_HASH), 'the row id is not part of it');
  const variants = [
    auditContent({ ...e, occurredAt: new Date(e.occurredAt.getTime() + 1) }, 1, GENESIS_HASH),
    auditContent({ ...e, actor: 'ben' }, 1, GENESIS_HASH),
    auditContent({ ...e, action: 'delete' }, 1, GENESIS_HASH),
    auditContent({ ...e, entityType: 'document' }, 1, GENESIS_HASH),
    auditContent({ ...e, entityId: '2' }, 1, GENESIS_HASH),
    auditContent({ ...e, details: { changes: {} } }, 1, GENESIS_HASH),
    auditContent(e, 2, GENESIS_HASH),
    auditContent(e, 1, 'f'.repeat(64)),
  ];
  for (const v of variants) t.not(v, base);
  t.equal(new Set(variants).size, variants.length);
});

t.test('sealing chains each event onto the previous one', async (t) => {
  const first = sealAuditEvent(anAuditEvent(1), null, hasher);
  t.same({ seq: first.seq, prevHash: first.prevHash }, { seq: 1, prevHash: GENESIS_HASH });
  t.match(first.hash, /^[0-9a-f]{64}$/);
  t.equal(first.hash, hasher.sha256Hex(auditContent(anAuditEvent(1), 1, GENESIS_HASH)));
  const second = sealAuditEvent(anAuditEvent(2), first, hasher);
  t.same({ seq: second.seq, prevHash: second.prevHash }, { seq: 2, prevHash: first.hash });
  t.equal(sealAuditEvent(anAuditEvent(1), null, hasher).hash, first.hash, 'deterministic');
  t.equal(
    hasher.sha256Hex('abc'),
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    'SHA-256 test vector',
  );
});
