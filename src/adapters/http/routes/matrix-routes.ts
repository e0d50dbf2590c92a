import { Type } from '@sinclair/typebox';
import { Eta } from 'eta';
import fp from 'fastify-plugin';
import type { TrainingMatrixPage } from '../../../domain/training-matrix-page.ts';
import type { AppServices } from '../app-services.ts';
import { matrixOverviewChart, overviewCellText, overviewCellUrl } from '../charts/matrix-overview-chart.ts';
import { CsvQuery, sendCsv } from '../csv-export.ts';
import { MATRIX_STATUSES } from '../../../domain/training-matrix.ts';
import { gridLines, MATRIX_CSV_COLUMNS, matrixCsvRecords } from '../matrix-grid.ts';
import { VIEWS_FOLDER } from '../plugins/web.ts';
import { page } from '../render.ts';
import { IdParams, oneOf, text, type TypeBoxProvider } from '../route-schemas.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

export type MatrixRouteServices = Pick<AppServices, 'matrix' | 'directoryScopes' | 'pageSettings'>;

const Format = Type.Optional(oneOf(['html', 'csv']));
/** The table's page (past the end shows the last) and a status that narrows the table (not the counts or the CSV). */
const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  status: Type.Optional(oneOf(MATRIX_STATUSES)),
};
const DocumentMatrixQuery = Type.Composite([CsvQuery, Type.Object({ format: Format, ...Paging })]);
const DepartmentMatrixQuery = Type.Composite([
  CsvQuery,
  Type.Object({ department: text(), format: Format, ...Paging }),
]);

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
    const { matrix, directoryScopes, pageSettings } = opts.services;
    // A department page below its layout is the same for every viewer of one kept page (the service
    // returns the same object while the matrix's generation and the day stay, and its key holds the
    // department, status and page the body shows), so it is rendered once per kept page: ~800 cells
    // were most of a kept page's cost (BENCHMARKS.md, "Matrix pages kept by generation"). Keyed by the
    // page object, so it goes when the service drops the page; the layout (user, CSRF token) is per request.
    const eta = new Eta({ views: VIEWS_FOLDER, cache: pageSettings.cacheTemplates, autoEscape: true });
    const bodies = new WeakMap<TrainingMatrixPage, Promise<string>>();
    const bodyOf = (result: TrainingMatrixPage, data: Record<string, unknown>) => {
      let body = bodies.get(result);
      if (!body) {
        body = eta.renderAsync('./partials/department-matrix-body', {
          ...data,
          matrix: result,
          shown: result.shown,
          items: gridLines(result.shown.rows),
        });
        bodies.set(result, body);
        body.catch(() => bodies.delete(result));
      }
      return body;
    };

    app.get(
      '/documents/:id/matrix',
      { schema: { params: IdParams, querystring: DocumentMatrixQuery }, config: { access: 'admin' } },
      async (request, reply) => {
        const { id } = request.params;
        const { status, format } = request.query;
        if (format === 'csv') {
          const result = await matrix.forDocument(id);
          return sendCsv(request, reply, {
            name: `matrix-${slug(result.documents[0]!.document.reference)}`,
            columns: MATRIX_CSV_COLUMNS,
            records: matrixCsvRecords(result),
            delimiter: request.query.delimiter,
          });
        }
        const result = await matrix.documentPage(id, { page: request.query.page, status });
        const column = result.documents[0]!;
        const base = `/documents/${column.document.id}/matrix`;
        return page(request, reply, 'document-matrix', {
          title: `Training matrix · ${column.document.reference}`,
          column,
          matrix: result,
          status: status ?? null,
          shown: { ...result.shown, items: result.shown.rows },
          base,
          csvUrl: `${base}?format=csv`,
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
          const [departments, overview] = await Promise.all([
            directoryScopes.spellings('department'),
            matrix.overview(),
          ]);
          return page(request, reply, 'department-matrix', {
            title: 'Training matrix',
            department: '',
            departments,
            matrix: null,
            overview,
            chart: matrixOverviewChart(overview),
            cellUrl: overviewCellUrl,
            cellText: overviewCellText,
          });
        }
        if (request.query.format === 'csv')
          return sendCsv(request, reply, {
            name: `matrix-${slug(department)}`,
            columns: MATRIX_CSV_COLUMNS,
            records: matrixCsvRecords(await matrix.forDepartment(department)),
            delimiter: request.query.delimiter,
          });
        const { status } = request.query;
        const result = await matrix.departmentPage(department, { page: request.query.page, status });
        const base = `/matrix?department=${encodeURIComponent(department)}`;
        return page(request, reply, 'department-matrix', {
          title: `Training matrix · ${department}`,
          department,
          departments: [],
          matrix: result,
          body: await bodyOf(result, { department, status: status ?? null, base, csvUrl: `${base}&format=csv` }),
        });
      },
    );
  },
  { name: 'matrix-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);
