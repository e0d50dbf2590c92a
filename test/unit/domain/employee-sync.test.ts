import t from 'tap';
import { EmployeeSyncRefusedError, EmployeeSyncService } from '../../../src/domain/employee-sync.ts';
import type { DirectoryPerson, EmployeeDirectory } from '../../../src/domain/ports/employee-directory.ts';
import { InMemoryUnitOfWork } from '../../fakes/in-memory-repositories.ts';

const person = (id: string, over: Partial<DirectoryPerson> = {}): DirectoryPerson => ({
  directoryId: id,
  displayName: `Name ${id}`,
  email: `${id}@example.test`,
  userPrincipalName: `${id}@example.test`,
  department: 'QA',
  jobTitle: null,
  enabled: true,
  ...over,
});

function setup(listing: () => Promise<DirectoryPerson[]>) {
  const uow = new InMemoryUnitOfWork();
  const directory: EmployeeDirectory = { listAll: listing };
  const service = new EmployeeSyncService({ directory, uow, clock: { now: () => new Date('2026-11-24T03:00:00Z') } });
  const active = () =>
    [...uow.state.employees.values()]
      .filter((e) => e.active)
      .map((e) => e.directoryId)
      .sort();
  return { uow, service, active };
}

t.test('adds, updates, deactivates (never deletes) and counts', async (t) => {
  let people = [person('a'), person('b'), person('c', { enabled: false })];
  const { uow, service, active } = setup(async () => people);
  t.same(await service.sync(), { listed: 3, added: 3, updated: 0, deactivated: 0, unchanged: 0 });
  t.same(active(), ['a', 'b']);
  people = [person('a', { displayName: 'Renamed' }), person('c'), person('d')];
  t.same(await service.sync(), { listed: 3, added: 1, updated: 2, deactivated: 1, unchanged: 0 });
  t.same(active(), ['a', 'c', 'd']);
  t.equal(uow.state.employees.size, 4, 'b is kept, inactive');
  t.same(await service.sync(), { listed: 3, added: 0, updated: 0, deactivated: 0, unchanged: 3 });
});

t.test('a failing listing changes nothing', async (t) => {
  let fail = false;
  const { service, active } = setup(async () => {
    if (fail) throw new Error('page 3 failed');
    return [person('a'), person('b')];
  });
  await service.sync();
  fail = true;
  await t.rejects(service.sync(), /page 3 failed/);
  t.same(active(), ['a', 'b']);
});

t.test('refuses an empty listing while employees are active, and duplicate ids', async (t) => {
  let people = [person('a')];
  const { service, active } = setup(async () => people);
  people = [];
  t.same(
    await service.sync(),
    { listed: 0, added: 0, updated: 0, deactivated: 0, unchanged: 0 },
    'empty directory, empty table: fine',
  );
  people = [person('a')];
  await service.sync();
  people = [];
  await t.rejects(service.sync(), EmployeeSyncRefusedError);
  people = [person('x'), person('x')];
  await t.rejects(service.sync(), /listed x twice/);
  t.same(active(), ['a']);
});

t.test('a dry run reports the counts and writes nothing; an abort before writing writes nothing', async (t) => {
  const { uow, service } = setup(async () => [person('a'), person('b')]);
  t.same(await service.sync({ dryRun: true }), { listed: 2, added: 2, updated: 0, deactivated: 0, unchanged: 0 });
  t.equal(uow.state.employees.size, 0);
  const controller = new AbortController();
  controller.abort();
  await t.rejects(service.sync({ signal: controller.signal }));
  t.equal(uow.state.employees.size, 0);
});

t.test('reports the employees written, batch by batch, with the total', async (t) => {
  const people = Array.from({ length: 2500 }, (_, i) => person(`p${i}`));
  const { service, uow } = setup(async () => people);
  const reports: unknown[] = [];
  const counts = await service.sync({ onProgress: (r) => reports.push(r) });
  t.same(counts, { listed: 2500, added: 2500, updated: 0, deactivated: 0, unchanged: 0 });
  t.equal(uow.state.employees.size, 2500);
  t.same(
    reports,
    [0, 1000, 2000, 2500].map((done) => ({ stage: 'employees', done, total: 2500, unit: 'employees' })),
  );
});
