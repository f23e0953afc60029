import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  Correlation,
  CorrelationQuery,
  GroupList,
  GroupProfile,
  IncidentInput,
  IncidentListQuery,
  IncidentPage,
  IncidentWritten,
  Incident,
  MapFigures,
  Overview,
  PictureFilters,
  Trend,
  TrendQuery,
} from '../../contract/picture.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { requireActor } from '../http/auth.ts';
import { getIncident, writeIncident } from './incidents.service.ts';
import {
  correlate,
  groupProfile,
  listGroups,
  listIncidents,
  mapFigures,
  overview,
  trend,
  trendCsv,
} from './picture.service.ts';
import { importRoutes } from './import.routes.ts';

const StixId = Type.Object({ id: Type.String({ minLength: 3, maxLength: 300 }) });

/** The threat picture under `/api/v1/picture`: incidents, map, trends, groups, correlations. */
export async function pictureRoutes(
  root: FastifyInstance,
  opts: { db: Db; config: Config },
): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  const tags = ['picture'];

  app.get(
    '/overview',
    {
      schema: {
        tags,
        summary: 'What is new since your last visit, and the most active groups (last 90 days)',
        response: { 200: Overview },
      },
    },
    async (request) => overview(db, requireActor(request)),
  );

  app.post(
    '/incidents',
    {
      schema: {
        tags,
        summary: 'Record an incident (a STIX incident with Tansiq facts); warnings do not stop it',
        body: IncidentInput,
        response: { 201: IncidentWritten },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await writeIncident(db, requireActor(request), request.body)),
  );

  app.put(
    '/incidents/:id',
    {
      schema: {
        tags,
        summary: 'A new version of an incident your member owns',
        params: StixId,
        body: IncidentInput,
        response: { 200: IncidentWritten },
      },
    },
    async (request) => writeIncident(db, requireActor(request), request.body, request.params.id),
  );

  app.get(
    '/incidents/:id',
    {
      schema: {
        tags,
        summary: 'The latest version you may see of an incident, with its facts',
        params: StixId,
        response: { 200: Incident },
      },
    },
    async (request) => getIncident(db, requireActor(request), request.params.id),
  );

  app.get(
    '/incidents',
    {
      schema: {
        tags,
        summary: 'Incidents matching the filters (or at a point of the map), latest events first',
        querystring: IncidentListQuery,
        response: { 200: IncidentPage },
      },
    },
    async (request) => listIncidents(db, requireActor(request), request.query),
  );

  app.get(
    '/map',
    {
      schema: {
        tags,
        summary: 'Incidents and fatalities by country, and places with coordinates',
        querystring: PictureFilters,
        response: { 200: MapFigures },
      },
    },
    async (request) => mapFigures(db, requireActor(request), request.query),
  );

  app.get(
    '/trend',
    {
      schema: {
        tags,
        summary: 'Incidents and fatalities per week or month, by group, country or event type',
        querystring: TrendQuery,
        response: { 200: Trend },
      },
    },
    async (request) => trend(db, requireActor(request), request.query),
  );

  app.get(
    '/trend.csv',
    {
      schema: {
        tags,
        summary: 'The trend as CSV (an export, written to the audit log)',
        querystring: TrendQuery,
        response: { 200: Type.String({ description: 'text/csv' }) },
      },
    },
    async (request, reply) => {
      const csv = await trendCsv(db, requireActor(request), request.query);
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="tansiq-trend-${stamp}.csv"`)
        .send(csv);
    },
  );

  app.get(
    '/groups',
    {
      schema: {
        tags,
        summary: 'Armed groups (intrusion-sets, threat-actors) you may see, with their figures',
        querystring: PictureFilters,
        response: { 200: GroupList },
      },
    },
    async (request) => ({ items: await listGroups(db, requireActor(request), request.query) }),
  );

  app.get(
    '/groups/:id',
    {
      schema: {
        tags,
        summary: "A group's profile: names, figures, relationships, what members reported",
        params: StixId,
        response: { 200: GroupProfile },
      },
    },
    async (request) => groupProfile(db, requireActor(request), request.params.id),
  );

  app.get(
    '/correlations',
    {
      schema: {
        tags,
        summary:
          'What refers to a group or person (ref), a place or an indicator value, and who reported it',
        querystring: CorrelationQuery,
        response: { 200: Correlation },
      },
    },
    async (request) =>
      correlate(db, requireActor(request), request.query.kind, request.query.value),
  );

  await importRoutes(app, opts);
}
