import type { Attachment, NewAttachment } from '../../src/domain/attachment.ts';
import { TRAINING_FORM_ENTITY, type NewAuditEvent } from '../../src/domain/audit-event.ts';
import type { SealedAuditEvent } from '../../src/domain/audit-seal.ts';
import type { Employee, EmployeeFields } from '../../src/domain/employee.ts';
import type { FormSignature, NewFormSignature, SignatureVoiding } from '../../src/domain/form-signature.ts';
import type { Page, TrainingFormQuery } from '../../src/domain/list-query.ts';
import { liesAfter, liesBefore } from '../../src/domain/list-cursor.ts';
import type { AttachmentRepository } from '../../src/domain/ports/attachment-repository.ts';
import type { AttachmentStore, StoredFile } from '../../src/domain/ports/attachment-store.ts';
import type { AuditLog } from '../../src/domain/ports/audit-log.ts';
import type { EmployeeRepository } from '../../src/domain/ports/employee-repository.ts';
import type { FormDetailsReader } from '../../src/domain/ports/form-details-reader.ts';
import type {
  NewTrainingForm,
  RevisionLink,
  TrainingFormRepository,
} from '../../src/domain/ports/training-form-repository.ts';
import type { FreeTextReference } from '../../src/domain/reference-matching.ts';
import { FormAlreadySignedError } from '../../src/domain/signature-errors.ts';
import type { FormSignatureRepository } from '../../src/domain/ports/form-signature-repository.ts';
import type { Readers, TransactionalRepositories, UnitOfWork } from '../../src/domain/ports/unit-of-work.ts';
import type { TrainingForm, TrainingFormFields, TrainingFormSummary } from '../../src/domain/training-form.ts';
import { CHART_MATCH_CAP, onlyDates, wholeMonths, type MonthCount } from '../../src/domain/training-months.ts';
import { InMemoryAuditLog } from './in-memory-audit-log.ts';
import { matchesSearchText } from './in-memory-text-search.ts';
import { emptyRegisterState, FakeDocuments, type RegisterState } from './in-memory-register.ts';

/** The in-memory state behind the fakes; `structuredClone` snapshots make transactions real. */
interface State {
  forms: Map<number, TrainingForm>;
  attachmentRows: Attachment[];
  signatures: FormSignature[];
  employees: Map<number, Employee>;
  audit: SealedAuditEvent[];
  nextId: number;
  /** The documents register the forms refer to (its own ids). */
  register: RegisterState;
}

/**
 * What the repositories read and write through: the unit of work's current state, so a repository
 * handed out before a rollback sees the restored state (as a connection would), not a discarded copy.
 */
interface Store {
  readonly state: State;
}

/** Trainee ids as the adapter stores them: one row per employee, read back ascending. */
const traineeIdsOf = (ids: readonly number[]) => [...new Set(ids)].sort((a, b) => a - b);

/** Whether the employee's name, email or UPN contains `text`, in any case (the adapters' match). */
const employeeMatches = (e: Employee, text: string) =>
  [e.displayName, e.email, e.userPrincipalName].some((v) => (v ?? '').toLowerCase().includes(text.toLowerCase()));
/** By display name, then id (the adapters' order for people). */
const byName = (a: Employee, b: Employee) =>
  a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : a.id - b.id;

/** Oldest first, then by id (the adapters' order for history and attachments). */
const byTimeThenId =
  <T extends { id: number }>(at: (x: T) => Date) =>
  (a: T, b: T) =>
    at(a).getTime() - at(b).getTime() || a.id - b.id;

class FakeForms implements TrainingFormRepository {
  constructor(private readonly db: Store) {}
  private get s(): State {
    return this.db.state;
  }

  async insert(form: NewTrainingForm): Promise<TrainingForm> {
    const id = this.s.nextId++;
    const stored: TrainingForm = {
      ...form,
      id,
      traineeIds: traineeIdsOf(form.traineeIds),
      version: 1,
      updatedBy: form.createdBy,
      updatedAt: form.createdAt,
      deleted: false,
      deletedAt: null,
      deletedBy: null,
    };
    this.s.forms.set(id, stored);
    return stored;
  }

  async update(id: number, expectedVersion: number, fields: TrainingFormFields, by: string, at: Date) {
    const current = this.s.forms.get(id);
    if (!current || current.version !== expectedVersion) return null;
    const next = {
      ...current,
      ...fields,
      traineeIds: traineeIdsOf(fields.traineeIds),
      version: current.version + 1,
      updatedBy: by,
      updatedAt: at,
    };
    this.s.forms.set(id, next);
    return next;
  }

  async findById(id: number) {
    return this.s.forms.get(id) ?? null;
  }

  /** Whether employee `id`'s name, email or UPN contains `text` (the adapters' `employeeNamed`). */
  private named(id: number, text: string): boolean {
    const e = this.s.employees.get(id);
    return Boolean(e && employeeMatches(e, text));
  }

  async search(q: TrainingFormQuery, deleted: boolean): Promise<Page<TrainingForm>> {
    const has = (v: string | null, t: string) => (v ?? '').toLowerCase().includes(t.toLowerCase());
    const matches = [...this.s.forms.values()].filter(
      (f) =>
        f.deleted === deleted &&
        (!q.text || matchesSearchText(q.text, [f.title, f.description, f.trainer, f.referenceDocument])) &&
        (!q.trainingType || f.trainingType === q.trainingType) &&
        (!q.trainer || has(f.trainer, q.trainer)) &&
        (!q.dateFrom || f.trainingDate >= q.dateFrom) &&
        (!q.dateTo || f.trainingDate <= q.dateTo) &&
        (q.traineeId === undefined || f.traineeIds.includes(q.traineeId)) &&
        (!q.traineeName || f.traineeIds.some((id) => this.named(id, q.traineeName as string))) &&
        (!q.referenceDocument || has(f.referenceDocument, q.referenceDocument)) &&
        (!q.referenceRevision || (f.referenceRevision ?? '').toLowerCase() === q.referenceRevision.toLowerCase()) &&
        (!q.ids || q.ids.includes(f.id)),
    );
    const key = q.sort;
    const value = (f: TrainingForm): string | number =>
      key === 'traineeCount'
        ? f.traineeIds.length
        : String(f[key] instanceof Date ? (f[key] as Date).toISOString() : f[key]);
    matches.sort((a, b) => {
      const [av, bv] = [value(a), value(b)];
      const c = av < bv ? -1 : av > bv ? 1 : 0;
      return (q.direction === 'asc' ? c : -c) || b.id - a.id;
    });
    const start = (q.page - 1) * q.pageSize;
    const { cursor } = q;
    return {
      items: !cursor
        ? matches.slice(start, start + q.pageSize)
        : cursor.direction === 'after'
          ? matches.filter((f) => liesAfter(f, cursor)).slice(0, q.pageSize)
          : matches.filter((f) => liesBefore(f, cursor)).slice(-q.pageSize),
      total: matches.length,
      totalCapped: false,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async summaries(q: TrainingFormQuery, deleted: boolean): Promise<Page<TrainingFormSummary>> {
    const page = await this.search(q, deleted);
    return {
      ...page,
      items: page.items.map((f) => ({
        ...pick(
          f,
          'id',
          'title',
          'trainingType',
          'trainer',
          'trainingDate',
          'referenceDocument',
          'referenceRevision',
          'documentRevisionId',
          'deletedAt',
          'deletedBy',
        ),
        traineeCount: f.traineeIds.length,
      })),
    };
  }

  async monthlyCounts(q: TrainingFormQuery, deleted: boolean): Promise<MonthCount[] | null> {
    const all = await this.search({ ...q, page: 1, pageSize: Number.MAX_SAFE_INTEGER }, deleted);
    const kept = !deleted && onlyDates(q) && wholeMonths(q) !== null;
    if (!kept && all.items.length > CHART_MATCH_CAP) return null;
    const counts = new Map<string, number>();
    for (const f of all.items)
      counts.set(f.trainingDate.slice(0, 7), (counts.get(f.trainingDate.slice(0, 7)) ?? 0) + 1);
    return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, forms]) => ({ month, forms }));
  }

  async unlinkedReferences(afterId: number, limit: number): Promise<FreeTextReference[]> {
    return [...this.s.forms.values()]
      .filter(
        (f) =>
          f.id > afterId &&
          f.documentRevisionId === null &&
          (f.referenceDocument !== null || f.referenceRevision !== null),
      )
      .sort((a, b) => a.id - b.id)
      .slice(0, limit)
      .map((f) => ({ formId: f.id, referenceDocument: f.referenceDocument, referenceRevision: f.referenceRevision }));
  }

  async linkRevision(id: number, link: RevisionLink, by: string, at: Date) {
    const before = this.s.forms.get(id);
    if (!before || before.documentRevisionId !== null) return null;
    this.s.forms.set(id, { ...before, ...link, version: before.version + 1, updatedBy: by, updatedAt: at });
    return before;
  }

  async setDeleted(id: number, deletion: { by: string; at: Date } | null) {
    const f = this.s.forms.get(id);
    if (!f) return false;
    this.s.forms.set(id, {
      ...f,
      deleted: deletion !== null,
      deletedAt: deletion?.at ?? null,
      deletedBy: deletion?.by ?? null,
    });
    return true;
  }

  async purge(id: number) {
    if (!this.s.forms.delete(id)) return null;
    const files = this.s.attachmentRows.filter((r) => r.trainingFormId === id).map((r) => r.storedName);
    this.s.attachmentRows = this.s.attachmentRows.filter((r) => r.trainingFormId !== id);
    this.s.signatures = this.s.signatures.filter((r) => r.formId !== id);
    return files;
  }
}

class FakeEmployees implements EmployeeRepository {
  constructor(private readonly db: Store) {}
  private get s(): State {
    return this.db.state;
  }
  async findByIds(ids: readonly number[]) {
    return [...new Set(ids)]
      .flatMap((id) => (this.s.employees.has(id) ? [this.s.employees.get(id) as Employee] : []))
      .sort((a, b) => a.id - b.id);
  }
  async search(text: string, limit: number) {
    return [...this.s.employees.values()]
      .filter((e) => e.active && employeeMatches(e, text))
      .sort(byName)
      .slice(0, limit);
  }
  async named(text: string, limit: number) {
    const all = [...this.s.employees.values()].filter((e) => employeeMatches(e, text)).sort(byName);
    return { items: all.slice(0, limit), total: all.length };
  }
  async upsert(list: readonly EmployeeFields[]) {
    let added = 0;
    let updated = 0;
    for (const e of list) {
      const existing = [...this.s.employees.values()].find((x) => x.directoryId === e.directoryId);
      if (!existing) {
        const id = this.s.nextId++;
        this.s.employees.set(id, { ...e, id });
        added++;
        continue;
      }
      const same = (['displayName', 'email', 'userPrincipalName', 'department', 'jobTitle', 'active'] as const).every(
        (k) => existing[k] === e[k],
      );
      if (same) continue;
      this.s.employees.set(existing.id, { ...e, id: existing.id });
      updated++;
    }
    return { added, updated };
  }
  async deactivateMissing(listed: readonly string[], at: Date) {
    const keep = new Set(listed);
    let n = 0;
    for (const e of this.s.employees.values()) {
      if (!e.active || keep.has(e.directoryId)) continue;
      this.s.employees.set(e.id, { ...e, active: false, lastSyncedAt: at });
      n++;
    }
    return n;
  }
  async countActive() {
    return [...this.s.employees.values()].filter((e) => e.active).length;
  }
}

/**
 * The audit log over the current state (after a rollback too), sealed as the adapter seals (see
 * {@link InMemoryAuditLog}).
 */
class FakeAudit implements AuditLog {
  constructor(private readonly db: Store) {}
  private get log(): InMemoryAuditLog {
    return new InMemoryAuditLog(this.db.state);
  }
  record(e: NewAuditEvent) {
    return this.log.record(e);
  }
  listFor(type: string, id: string) {
    return this.log.listFor(type, id);
  }
}

class FakeAttachments implements AttachmentRepository {
  constructor(private readonly db: Store) {}
  private get s(): State {
    return this.db.state;
  }
  async insert(a: NewAttachment): Promise<Attachment> {
    const row = { ...a, id: this.s.nextId++ };
    this.s.attachmentRows.push(row);
    return row;
  }
  async findById(id: number) {
    return this.s.attachmentRows.find((r) => r.id === id) ?? null;
  }
  async listFor(formId: number) {
    return this.s.attachmentRows.filter((r) => r.trainingFormId === formId).sort(byTimeThenId((r) => r.uploadedAt));
  }
  async delete(id: number) {
    const row = this.s.attachmentRows.find((r) => r.id === id);
    if (!row) return false;
    this.s.attachmentRows = this.s.attachmentRows.filter((r) => r.id !== id);
    return true;
  }
}

class FakeSignatures implements FormSignatureRepository {
  constructor(private readonly db: Store) {}
  private get s(): State {
    return this.db.state;
  }
  async insert(signature: NewFormSignature): Promise<FormSignature> {
    if (this.s.signatures.some((r) => r.formId === signature.formId && r.formVersion === signature.formVersion))
      throw new FormAlreadySignedError(signature.formId);
    const row = { ...signature, id: this.s.nextId++, voided: null };
    this.s.signatures.push(row);
    return row;
  }
  async latestFor(formId: number) {
    return this.s.signatures.filter((r) => r.formId === formId).sort((a, b) => b.id - a.id)[0] ?? null;
  }
  async voidFor(formId: number, voiding: SignatureVoiding) {
    let n = 0;
    this.s.signatures = this.s.signatures.map((r) => {
      if (r.formId !== formId || r.voided) return r;
      n++;
      return { ...r, voided: voiding };
    });
    return n;
  }
}

function pick<T, K extends keyof T>(value: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as Pick<T, K>;
}

/** The detail read as the four repository reads it stands for. */
function composedDetails(repos: TransactionalRepositories): FormDetailsReader {
  return {
    async load(id) {
      const form = await repos.forms.findById(id);
      if (!form) return null;
      const [trainees, attachments, history] = await Promise.all([
        repos.employees.findByIds(form.traineeIds),
        repos.attachments.listFor(id),
        repos.audit.listFor(TRAINING_FORM_ENTITY, String(id)),
      ]);
      return { form, trainees, attachments, history };
    },
  };
}

/** A {@link UnitOfWork} over memory: a rejected unit leaves the state exactly as before. */
export class InMemoryUnitOfWork implements UnitOfWork {
  state: State = {
    forms: new Map(),
    attachmentRows: [],
    signatures: [],
    employees: new Map(),
    audit: [],
    nextId: 1,
    register: emptyRegisterState(),
  };

  async run<T>(work: (repos: TransactionalRepositories) => Promise<T>): Promise<T> {
    const snapshot = structuredClone(this.state);
    try {
      return await work(this.repositories());
    } catch (error) {
      this.state = snapshot;
      throw error;
    }
  }

  async read<T>(work: (repos: Readers) => Promise<T>): Promise<T> {
    const repos = this.repositories();
    return work({ ...repos, details: composedDetails(repos) });
  }

  repositories(): TransactionalRepositories {
    return {
      forms: new FakeForms(this),
      employees: new FakeEmployees(this),
      audit: new FakeAudit(this),
      attachments: new FakeAttachments(this),
      documents: new FakeDocuments(this.state.register),
      signatures: new FakeSignatures(this),
    };
  }
}

/** Files in memory; `failOn` makes `remove` fail for a name, to test partial purges. */
export class InMemoryAttachmentStore implements AttachmentStore {
  readonly files = new Map<string, Uint8Array>();
  readonly failOn = new Set<string>();
  private next = 1;

  async save(content: AsyncIterable<Uint8Array>, maxBytes: number): Promise<StoredFile | { tooLarge: true }> {
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const c of content) {
      size += c.length;
      if (size > maxBytes) return { tooLarge: true };
      parts.push(c);
    }
    const storedName = `${String(this.next++).padStart(32, '0')}.bin`;
    const bytes = new Uint8Array(size);
    let o = 0;
    for (const p of parts) {
      bytes.set(p, o);
      o += p.length;
    }
    this.files.set(storedName, bytes);
    return { storedName, sizeBytes: size, sha256: 'fake' };
  }

  async *read(storedName: string): AsyncIterable<Uint8Array> {
    const f = this.files.get(storedName);
    if (!f) throw new Error('no such file');
    yield f;
  }

  async remove(storedName: string) {
    if (this.failOn.has(storedName)) throw new Error(`cannot remove ${storedName}`);
    this.files.delete(storedName);
  }
}
