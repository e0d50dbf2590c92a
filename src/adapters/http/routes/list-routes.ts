import fp from 'fastify-plugin';
import type { FormWithTrainees } from '../../../domain/form-details-service.ts';
import { TRAINING_TYPES } from '../../../domain/training-form.ts';
import type { AppServices } from '../app-services.ts';
import { sendCsv } from '../csv-export.ts';
import { listParams, ListQuery, listUrl, PAGE_SIZES, sortUrl, toQuery } from '../list-params.ts';
import { noticeText } from '../notices.ts';
import { page } from '../render.ts';
import type { TypeBoxProvider } from '../route-schemas.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

const CSV_COLUMNS = [
  'id',
  'title',
  'training_type',
  'training_date',
  'duration_minutes',
  'trainer',
  'location',
  'reference_document',
  'reference_revision',
  'trainees',
  'created_by',
  'updated_at',
];

export type ListRouteServices = Pick<AppServices, 'forms' | 'details'>;

/** The home page (list of active forms with search, filters, sort and paging) and its CSV export. */
export const listRoutes = fp(
  async function listRoutes(fastify, opts: RouteOptions<ListRouteServices>) {
    const app = fastify.withTypeProvider<TypeBoxProvider>();
    const { forms, details } = opts.services;

    app.get('/', { schema: { querystring: ListQuery }, config: { access: 'user' } }, async (request, reply) => {
      const { params, errors } = listParams(request.query);
      const [result, trainee, traineeMatches] = await Promise.all([
        forms.list(toQuery(params)),
        params.trainee ? details.employees([Number(params.trainee)]).then((e) => e[0] ?? null) : Promise.resolve(null),
        !params.trainee && params.traineeName ? details.searchEmployees(params.traineeName, 20) : Promise.resolve([]),
      ]);
      const lastPage = Math.max(1, Math.ceil(result.total / result.pageSize));
      const filtered = Boolean(params.q || params.type || params.trainer || params.from || params.to || params.trainee);
      return page(request, reply, 'list', {
        title: 'Training forms',
        result,
        params,
        errors,
        trainee,
        traineeMatches,
        filtered,
        lastPage,
        types: TRAINING_TYPES,
        pageSizes: PAGE_SIZES,
        notice: noticeText(request.query),
        url: (change: Parameters<typeof listUrl>[2]) => listUrl('/', params, change),
        sortUrl: (field: Parameters<typeof sortUrl>[2]) => sortUrl('/', params, field),
        csvUrl: listUrl('/forms.csv', params, { page: 1, size: 25 }),
      });
    });

    app.get(
      '/forms.csv',
      { schema: { querystring: ListQuery }, config: { access: 'user' } },
      async (request, reply) => {
        const { params } = listParams(request.query);
        return sendCsv(request, reply, 'training-forms', CSV_COLUMNS, csvRecords(details.exportAll(toQuery(params))));
      },
    );
  },
  { name: 'list-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);

async function* csvRecords(source: AsyncIterable<FormWithTrainees>): AsyncIterable<(string | number)[]> {
  for await (const { form: f, trainees } of source) {
    yield [
      f.id,
      f.title,
      f.trainingType,
      f.trainingDate,
      f.durationMinutes,
      f.trainer,
      f.location ?? '',
      f.referenceDocument ?? '',
      f.referenceRevision ?? '',
      trainees.map((t) => t.displayName).join('; '),
      f.createdBy,
      f.updatedAt.toISOString(),
    ];
  }
}
