import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import type { SignatureState } from '../../../domain/form-signature.ts';
import type { TrainingRecordEntry } from '../../../domain/employee-training-record.ts';
import type { AppServices } from '../app-services.ts';
import { CsvQuery, type CsvValue, sendCsv } from '../csv-export.ts';
import { EmployeesQuery, RecordQuery, recordParams, toFilter, withParams } from '../record-params.ts';
import { page } from '../render.ts';
import { IdParams, type TypeBoxProvider } from '../route-schemas.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

export type EmployeeRecordRouteServices = Pick<AppServices, 'employeeRecords'>;

const PAGE_SIZE = 25;
const RecordCsvQuery = Type.Composite([RecordQuery, CsvQuery]);
const CSV_COLUMNS = [
  'Training date',
  'Title',
  'Training type',
  'Document reference',
  'Document revision',
  'External',
  'Trainer',
  'Duration (minutes)',
  'Signed',
  'Signed by',
  'Signed at (UTC)',
  'Signature meaning',
  'Form ID',
];

/**
 * The employee search page and each employee's training record: the page (which prints as a
 * record: see the print rules in app.css) and its CSV, both with the same filters. Any signed-in
 * user, like the forms themselves.
 */
export const employeeRecordRoutes = fp(
  async function employeeRecordRoutes(fastify, opts: RouteOptions<EmployeeRecordRouteServices>) {
    const app = fastify.withTypeProvider<TypeBoxProvider>();
    const { employeeRecords } = opts.services;

    app.get(
      '/employees',
      { schema: { querystring: EmployeesQuery }, config: { access: 'user' } },
      async (request, reply) => {
        const q = (request.query.q ?? '').trim().slice(0, 120);
        const requested = request.query.page ?? 1;
        let result = await employeeRecords.search(
          q,
          requested >= 1 && requested <= 1_000_000 ? requested : 1,
          PAGE_SIZE,
        );
        const lastPage = Math.max(1, Math.ceil(result.total / result.pageSize));
        // A page past the end (an old bookmark after people left the search) shows the last one.
        if (result.page > lastPage) result = await employeeRecords.search(q, lastPage, PAGE_SIZE);
        return page(request, reply, 'employees', {
          title: 'Employees',
          q,
          result,
          lastPage,
          url: (p: number) => withParams('/employees', { q, page: p }),
        });
      },
    );

    app.get(
      '/employees/:id/record',
      { schema: { params: IdParams, querystring: RecordQuery }, config: { access: 'user' } },
      async (request, reply) => {
        const { params, errors } = recordParams(request.query);
        const record = await employeeRecords.record(request.params.id, toFilter(params));
        const path = `/employees/${record.employee.id}/record`;
        return page(request, reply, 'employee-record', {
          title: `Training record: ${record.employee.displayName}`,
          record,
          params,
          errors,
          filtered: Boolean(params.from || params.to || params.document),
          path,
          csvUrl: withParams(`${path}.csv`, { ...params }),
        });
      },
    );

    app.get(
      '/employees/:id/record.csv',
      { schema: { params: IdParams, querystring: RecordCsvQuery }, config: { access: 'user' } },
      async (request, reply) => {
        const { params } = recordParams(request.query);
        const record = await employeeRecords.record(request.params.id, toFilter(params));
        return sendCsv(request, reply, {
          name: `training-record-${record.employee.id}`,
          columns: CSV_COLUMNS,
          records: record.entries.map(csvRow),
          asOf: record.asOf,
          delimiter: request.query.delimiter,
        });
      },
    );
  },
  { name: 'employee-record-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);

/** `signed` / `voided` / `not signed`, then who signed, when (UTC) and what it means (empty when never signed). */
function signatureCells(state: SignatureState): CsvValue[] {
  if (state.status === 'unsigned') return ['not signed', null, null, null];
  const s = state.signature;
  return [state.status === 'signed' ? 'signed' : 'voided', s.printedName, s.signedAt, s.meaning];
}

function csvRow(e: TrainingRecordEntry): CsvValue[] {
  return [
    e.trainingDate,
    e.title,
    e.trainingType,
    e.document.reference ?? '',
    e.document.revision ?? '',
    e.document.external ? 'yes' : 'no',
    e.trainer,
    e.durationMinutes,
    ...signatureCells(e.signature),
    e.formId,
  ];
}
