import type { Kysely } from 'kysely';
import { chunk, toDbTime } from '../connection/db-values.ts';
import { bumpMatrixGeneration } from '../repositories/matrix-generation.ts';
import { TRAINING_TYPES } from '../../../domain/training-form.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import type { ProgressListener } from '../../../domain/ports/progress-listener.ts';
import { recountMonths } from '../repositories/training-form-months.ts';

const FIRST = [
  'Anna',
  'Ben',
  'Chiara',
  'David',
  'Elif',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kofi',
  'Lena',
  'Marta',
  'Nils',
  'Olga',
  'Pavel',
  'Quinn',
  'Rosa',
  'Sami',
  'Tara',
  'Umar',
  'Vera',
  'Wei',
  'Yara',
  'Zoe',
];
const LAST = [
  'Schmidt',
  'Rossi',
  'Nguyen',
  'Kowalski',
  'Garcia',
  'Müller',
  'Okafor',
  'Johansson',
  'Dubois',
  'Tanaka',
  'Silva',
  'Novak',
  'Haddad',
  'Fischer',
  'Moreau',
  'Ivanova',
  "O'Brien",
  'Weber',
];
/** The job titles seeded employees hold. */
export const SEED_JOB_TITLES = ['Operator', 'Technician', 'Engineer', 'Specialist', 'Team lead'];
/** The departments seeded employees belong to. */
export const SEED_DEPARTMENTS = [
  'Quality Assurance',
  'Production',
  'Regulatory Affairs',
  'R&D',
  'Logistics',
  'Maintenance',
  'Sterilisation',
  'Packaging',
];
const TOPICS = [
  'Cleanroom gowning',
  'GMP refresher',
  'CAPA process',
  'Device history record',
  'Calibration of torque tools',
  'Sterile barrier inspection',
  'Labelling controls',
  'Risk management ISO 14971',
  'Complaint handling',
  'Forklift safety',
  'ESD protection',
  'Document control',
  'Validation of cleaning',
  'Supplier audits',
  'Software change control',
];
const LOCATIONS = ['Room A1.04', 'Cleanroom 2', 'Training centre', 'Line 3', 'Online', 'Warehouse', 'Lab 1'];

/** A small deterministic PRNG (mulberry32) so `--random-seed` reproduces the same data. */
export function randomSource(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)] as T;
  return { next, int, pick };
}

export interface SeedOptions {
  readonly forms: number;
  readonly employees: number;
  readonly randomSeed: number;
  readonly now: Date;
  /** Told the rows inserted after each batch: stage `employees`, then `forms`. */
  readonly onProgress?: ProgressListener;
}

/**
 * Adds employees and forms (1-6 trainees each, spread over ten years) in bulk statements inside
 * one transaction. Returns what was inserted.
 */
export async function seedDatabase(
  db: Kysely<Database>,
  o: SeedOptions,
): Promise<{ employees: number; forms: number; trainees: number }> {
  const rnd = randomSource(o.randomSeed);
  const at = toDbTime(o.now);
  const tag = `${o.randomSeed}-${o.now.getTime()}`;
  const progress = (stage: string, done: number, total: number) => o.onProgress?.({ stage, done, total, unit: 'rows' });
  return db.transaction().execute(async (trx) => {
    const employeeRows = Array.from({ length: o.employees }, (_, i) => {
      const first = rnd.pick(FIRST);
      const last = rnd.pick(LAST);
      const login = `${first}.${last}${i}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
      return {
        directory_id: `seed-${tag}-${i}`,
        display_name: `${first} ${last}`,
        email: `${login}@example.com`,
        user_principal_name: `${login}@example.com`,
        department: rnd.pick(SEED_DEPARTMENTS),
        job_title: rnd.pick(SEED_JOB_TITLES),
        active: rnd.next() < 0.95 ? 1 : 0,
        last_synced_at: at,
      };
    });
    let employeesDone = 0;
    progress('employees', 0, employeeRows.length);
    for (const part of chunk(employeeRows, 1000)) {
      await trx.insertInto('employees').values(part).execute();
      progress('employees', (employeesDone += part.length), employeeRows.length);
    }
    const employeeIds = (
      await trx
        .selectFrom('employees')
        .select('id')
        .where('directory_id', 'like', `seed-${tag}-%`)
        .orderBy('id')
        .execute()
    ).map((r) => r.id);

    let trainees = 0;
    let lastFormId = 0;
    const startDay = Date.UTC(o.now.getUTCFullYear() - 10, 0, 1);
    let formsDone = 0;
    progress('forms', 0, o.forms);
    for (const part of chunk(
      Array.from({ length: o.forms }, (_, i) => i),
      500,
    )) {
      const rows = part.map(() => {
        const topic = rnd.pick(TOPICS);
        const day = new Date(startDay + rnd.int(0, 3650) * 86_400_000).toISOString().slice(0, 10);
        const trainer = `${rnd.pick(FIRST)} ${rnd.pick(LAST)}`;
        const deleted = rnd.next() < 0.03;
        return {
          title: `${topic} ${rnd.int(1, 9)}`,
          training_type: rnd.pick(TRAINING_TYPES),
          description:
            rnd.next() < 0.8
              ? `${topic} for ${rnd.pick(SEED_DEPARTMENTS)}: procedures, records and common deviations.`
              : null,
          trainer,
          training_date: day,
          duration_minutes: rnd.pick([15, 30, 45, 60, 90, 120, 240, 480]),
          location: rnd.pick(LOCATIONS),
          reference_document: rnd.next() < 0.7 ? `SOP-${rnd.int(100, 999)}` : null,
          reference_revision: rnd.next() < 0.7 ? String.fromCharCode(65 + rnd.int(0, 7)) : null,
          created_by: 'seed',
          created_at: at,
          updated_by: 'seed',
          updated_at: at,
          deleted: deleted ? 1 : 0,
          deleted_datetimestamp: deleted ? at : null,
          deleted_by: deleted ? 'seed' : null,
        };
      });
      await trx.insertInto('training_forms').values(rows).execute();
      // Read the ids back: they need not be consecutive (a Galera cluster steps them by its size).
      const formIds = (
        await trx
          .selectFrom('training_forms')
          .select('id')
          .where('created_by', '=', 'seed')
          .where('created_at', '=', at)
          .where('id', '>', lastFormId)
          .orderBy('id')
          .execute()
      ).map((r) => r.id);
      if (formIds.length !== rows.length)
        throw new Error(`inserted ${rows.length} forms but read back ${formIds.length}`);
      lastFormId = formIds[formIds.length - 1] ?? lastFormId;
      progress('forms', (formsDone += rows.length), o.forms);
      if (employeeIds.length === 0) continue;
      const links: { training_form_id: number; employee_id: number }[] = [];
      for (const training_form_id of formIds) {
        const chosen = new Set<number>();
        const n = rnd.int(1, Math.min(6, employeeIds.length));
        while (chosen.size < n) chosen.add(rnd.pick(employeeIds));
        for (const employee_id of chosen) links.push({ training_form_id, employee_id });
      }
      for (const l of chunk(links, 1000)) await trx.insertInto('training_form_trainees').values(l).execute();
      await trx
        .updateTable('training_forms')
        .set((eb) => ({
          trainee_count: eb
            .selectFrom('training_form_trainees as t')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('t.training_form_id', '=', 'training_forms.id'),
        }))
        .where('id', 'in', formIds)
        .execute();
      trainees += links.length;
    }
    // The forms were written in bulk, not through the repository: the per-month counts from them.
    await recountMonths(trx);
    await bumpMatrixGeneration(trx);
    return { employees: employeeRows.length, forms: o.forms, trainees };
  });
}
