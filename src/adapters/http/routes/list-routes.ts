import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import type { FormWithTrainees } from '../../../domain/form-details-service.ts';
import { DEFAULT_PAGE_SIZE } from '../../../domain/list-query.ts';
import { TRAINING_TYPES } from '../../../domain/training-form.ts';
import { CHART_MATCH_CAP } from '../../../domain/training-months.ts';
import type { AppServices } from '../app-services.ts';
import { monthChart } from '../charts/month-chart.ts';
import { type CsvDelimiter, csvLink, CsvQuery, type CsvValue, sendCsv } from '../csv-export.ts';
import { pagerLinks } from '../pager-links.ts';
import { listParams, ListQuery, listUrl, PAGE_SIZES, sortUrl, toQuery } from '../list-params.ts';
import { type BulkAction, confirmBulk, reportBulk } from '../bulk-pages.ts';
import { NOTICES, redirectWithNotice } from '../notices.ts';
import { page } from '../render.ts';
import { SelectionBody, type TypeBoxProvider } from '../route-schemas.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

const FORM_COLUMNS = [
  'Form ID',
  'Title',
  'Training type',
  'Training date',
  'Duration (minutes)',
  'Trainer',
  'Location',
  'Reference document',
  'Reference revision',
  'Trainees',
  'Created by',
  'Last changed (UTC)',
];
const ATTENDANCE_COLUMNS = [
  'Form ID',
  'Title',
  'Training date',
  'Reference document',
  'Reference revision',
  'Trainee',
  'Email',
  'Employee ID',
  'Department',
];
const ListCsvQuery = Type.Composite([ListQuery, CsvQuery]);
const SelectionCsvBody = Type.Composite([SelectionBody, CsvQuery]);
const MOVE_TO_TRASH: BulkAction = {
  back: '/',
  formPath: '/forms',
  notice: 'deleted-many',
  done: 'moved to the trash',
  name: 'Move to the trash',
};

/** A typed trainee name filters by everyone it matches; this many of them are offered to narrow to one. */
const MATCHES_SHOWN = 20;
const NO_MATCHES = { items: [], total: 0 };

export type ListRouteServices = Pick<AppServices, 'forms' | 'details'>;

/**
 * The home page (list of active forms with search, filters, sort and paging), its CSV exports, and
 * what can be done to the forms ticked on it: move them to the trash (after a confirmation, like one
 * form) or download them.
 */
export const listRoutes = fp(
  async function listRoutes(fastify, opts: RouteOptions<ListRouteServices>) {
    const app = fastify.withTypeProvider<TypeBoxProvider>();
    const { forms, details } = opts.services;

    app.get('/', { schema: { querystring: ListQuery }, config: { access: 'user' } }, async (request, reply) => {
      const { params, errors } = listParams(request.query);
      const [result, months, trainee, traineeMatches] = await Promise.all([
        forms.list(toQuery(params)),
        forms.trainingsPerMonth(toQuery(params)),
        params.trainee ? details.employees([Number(params.trainee)]).then((e) => e[0] ?? null) : Promise.resolve(null),
        params.trainee ? Promise.resolve(NO_MATCHES) : details.employeesNamed(params.traineeName, MATCHES_SHOWN),
      ]);
      const lastPage = Math.max(1, Math.ceil(result.total / result.pageSize));
      const filtered = Boolean(
        params.q ||
        params.type ||
        params.trainer ||
        params.from ||
        params.to ||
        params.trainee ||
        params.traineeName ||
        params.document ||
        params.revision,
      );
      return page(request, reply, 'list', {
        title: 'Training forms',
        result,
        monthChart: months && monthChart(months),
        chartNotDrawn: months === null,
        chartMatchCap: CHART_MATCH_CAP,
        params,
        errors,
        trainee,
        traineeMatches,
        filtered,
        lastPage,
        types: TRAINING_TYPES,
        pageSizes: PAGE_SIZES,
        selectAll: request.query.select === 'all',
        url: (change: Parameters<typeof listUrl>[2]) => listUrl('/', params, change),
        pager: pagerLinks('/', params, result),
        sortUrl: (field: Parameters<typeof sortUrl>[2]) => sortUrl('/', params, field),
        csvUrl: (path: string, delimiter?: CsvDelimiter) =>
          csvLink(listUrl(path, params, { page: 1, size: DEFAULT_PAGE_SIZE }), delimiter),
      });
    });

    app.get(
      '/forms.csv',
      { schema: { querystring: ListCsvQuery }, config: { access: 'user' } },
      async (request, reply) => {
        const { params } = listParams(request.query);
        return sendCsv(request, reply, {
          name: 'training-forms',
          columns: FORM_COLUMNS,
          records: formRecords(details.exportAll(toQuery(params))),
          delimiter: request.query.delimiter,
        });
      },
    );

    app.get(
      '/attendance.csv',
      { schema: { querystring: ListCsvQuery }, config: { access: 'user' } },
      async (request, reply) => {
        const { params } = listParams(request.query);
        return sendCsv(request, reply, {
          name: 'training-attendance',
          columns: ATTENDANCE_COLUMNS,
          records: attendanceRecords(details.exportAll(toQuery(params))),
          delimiter: request.query.delimiter,
        });
      },
    );

    app.post(
      '/forms/selected/delete',
      { schema: { body: SelectionBody }, config: { access: 'user' } },
      async (request, reply) => {
        const ids = request.body.ids ?? [];
        if (ids.length === 0) return redirectWithNotice(reply, '/', NOTICES['none-selected']);
        if (request.body.confirmed)
          return reportBulk(request, reply, MOVE_TO_TRASH, await forms.softDeleteMany(ids, request.user!.username));
        const chosen = await forms.selected(ids, false);
        return confirmBulk(request, reply, MOVE_TO_TRASH, {
          forms: chosen,
          selected: new Set(ids).size,
          heading: `Move ${chosen.length === 1 ? '1 form' : `${chosen.length} forms`} to the trash?`,
          text: 'These forms move to the trash. An administrator can restore them from there.',
          button: 'Move to trash',
          danger: false,
          leftOut: 'no longer in the list (already in the trash or deleted)',
        });
      },
    );

    app.post(
      '/forms/selected.csv',
      { schema: { body: SelectionCsvBody }, config: { access: 'user' } },
      async (request, reply) => {
        const ids = request.body.ids ?? [];
        if (ids.length === 0) return redirectWithNotice(reply, '/', NOTICES['none-selected']);
        return sendCsv(request, reply, {
          name: 'training-forms',
          columns: FORM_COLUMNS,
          records: formRecords(details.exportSelected(ids)),
          delimiter: request.body.delimiter,
        });
      },
    );
  },
  { name: 'list-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);

/** One record per form, its trainees' names in one cell. */
async function* formRecords(source: AsyncIterable<FormWithTrainees>): AsyncIterable<CsvValue[]> {
  for await (const { form: f, trainees } of source) {
    yield [
      f.id,
      f.title,
      f.trainingType,
      f.trainingDate,
      f.durationMinutes,
      f.trainer,
      f.location,
      f.referenceDocument,
      f.referenceRevision,
      trainees.map((t) => t.displayName).join('; '),
      f.createdBy,
      f.updatedAt,
    ];
  }
}

/** One record per form and trainee: who attended what, ready for a pivot table. */
async function* attendanceRecords(source: AsyncIterable<FormWithTrainees>): AsyncIterable<CsvValue[]> {
  for await (const { form: f, trainees } of source)
    for (const t of trainees)
      yield [
        f.id,
        f.title,
        f.trainingDate,
        f.referenceDocument,
        f.referenceRevision,
        t.displayName,
        t.email,
        t.id,
        t.department,
      ];
}
