import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import type { AppServices } from '../app-services.ts';
import { CsvQuery, sendCsv } from '../csv-export.ts';
import { gridLines, MATRIX_CSV_COLUMNS, matrixCsvRecords } from '../matrix-grid.ts';
import { page } from '../render.ts';
import { IdParams, oneOf, text, type TypeBoxProvider } from '../route-schemas.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

export type MatrixRouteServices = Pick<AppServices, 'matrix' | 'directoryScopes'>;

const Format = Type.Optional(oneOf(['html', 'csv']));
const DocumentMatrixQuery = Type.Composite([CsvQuery, Type.Object({ format: Format })]);
const DepartmentMatrixQuery = Type.Composite([CsvQuery, Type.Object({ department: text(), format: Format })]);

/** A file-name-safe slug of a reference or department (`SOP-CR-004` → `sop-cr-004`). */
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'matrix';

/**
 * The training matrix for administrators: `/documents/:id/matrix` (everyone required to be trained
 * on one document: current, outdated or never) and `/matrix?department=…` (a department across its
 * documents), each with counts, the overdue list and `?format=csv`.
 */
export const matrixRoutes = fp(
  async function matrixRoutes(fastify, opts: RouteOptions<MatrixRouteServices>) {
    const app = fastify.withTypeProvider<TypeBoxProvider>();
    const { matrix, directoryScopes } = opts.services;

    app.get(
      '/documents/:id/matrix',
      { schema: { params: IdParams, querystring: DocumentMatrixQuery }, config: { access: 'admin' } },
      async (request, reply) => {
        const result = await matrix.forDocument(request.params.id);
        const column = result.documents[0]!;
        const reference = column.document.reference;
        if (request.query.format === 'csv')
          return sendCsv(request, reply, {
            name: `matrix-${slug(reference)}`,
            columns: MATRIX_CSV_COLUMNS,
            records: matrixCsvRecords(result),
            delimiter: request.query.delimiter,
          });
        return page(request, reply, 'document-matrix', {
          title: `Training matrix · ${reference}`,
          column,
          matrix: result,
          csvUrl: `/documents/${column.document.id}/matrix?format=csv`,
        });
      },
    );

    app.get(
      '/matrix',
      { schema: { querystring: DepartmentMatrixQuery }, config: { access: 'admin' } },
      async (request, reply) => {
        const department = (request.query.department ?? '').trim();
        if (department === '') {
          if (request.query.format === 'csv') return reply.redirect('/matrix', 303);
          const departments = await directoryScopes.spellings('department');
          return page(request, reply, 'department-matrix', {
            title: 'Training matrix',
            department: '',
            departments,
            matrix: null,
            lines: [],
          });
        }
        const result = await matrix.forDepartment(department);
        if (request.query.format === 'csv')
          return sendCsv(request, reply, {
            name: `matrix-${slug(department)}`,
            columns: MATRIX_CSV_COLUMNS,
            records: matrixCsvRecords(result),
            delimiter: request.query.delimiter,
          });
        return page(request, reply, 'department-matrix', {
          title: `Training matrix · ${department}`,
          department,
          departments: [],
          matrix: result,
          lines: gridLines(result),
          csvUrl: `/matrix?department=${encodeURIComponent(department)}&format=csv`,
        });
      },
    );
  },
  { name: 'matrix-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);
