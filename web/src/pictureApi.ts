// Typed client for the threat picture (`/api/v1/picture`). Types come from the contract.
import type {
  Correlation,
  GroupList,
  GroupProfile,
  ImportJob,
  Incident,
  IncidentInput,
  IncidentPage,
  IncidentWritten,
  MapFigures,
  Overview,
  PictureFilters,
  Trend,
  TrendBreakdown,
  TrendInterval,
} from '../../contract/picture';
import { ApiError, apiErrorFromBody, query, request } from './api';

export type * from '../../contract/picture';

const BASE = '/api/v1/picture';
type Params = Record<string, string | number | undefined>;
const params = (filters: PictureFilters, extra: Params = {}) => query({ ...filters, ...extra });

export interface TrendOptions {
  interval: TrendInterval;
  by: TrendBreakdown;
}

export const pictureApi = {
  overview: () => request<Overview>('GET', '/picture/overview'),
  map: (filters: PictureFilters) => request<MapFigures>('GET', `/picture/map${params(filters)}`),
  trend: (filters: PictureFilters, options: TrendOptions) =>
    request<Trend>('GET', `/picture/trend${params(filters, { ...options })}`),
  incidents: (filters: PictureFilters, extra: Params = {}) =>
    request<IncidentPage>('GET', `/picture/incidents${params(filters, extra)}`),
  incident: (id: string) =>
    request<Incident>('GET', `/picture/incidents/${encodeURIComponent(id)}`),
  createIncident: (input: IncidentInput) =>
    request<IncidentWritten>('POST', '/picture/incidents', { body: input }),
  updateIncident: (id: string, input: IncidentInput) =>
    request<IncidentWritten>('PUT', `/picture/incidents/${encodeURIComponent(id)}`, {
      body: input,
    }),
  groups: (filters: PictureFilters = {}) =>
    request<GroupList>('GET', `/picture/groups${params(filters)}`),
  group: (id: string) => request<GroupProfile>('GET', `/picture/groups/${encodeURIComponent(id)}`),
  correlation: (kind: string, value: string) =>
    request<Correlation>('GET', `/picture/correlations${query({ kind, value })}`),
  importJob: (id: string) =>
    request<ImportJob>('GET', `/picture/imports/${encodeURIComponent(id)}`),
  imports: () => request<{ items: ImportJob[] }>('GET', '/picture/imports'),
};

/** The CSV of a trend: a plain link, so the browser downloads it with the session cookie. */
export function trendCsvUrl(filters: PictureFilters, options: TrendOptions): string {
  return `${BASE}/trend.csv${params(filters, { ...options })}`;
}

/**
 * Uploads an event file with the upload's progress (fetch cannot report it): the body is the
 * file itself, the handling goes in the query string.
 */
export function uploadEvents(
  file: File,
  handling: { audience: string; tlp: string; federate: boolean },
  csrfToken: string | null,
  onProgress: (fraction: number) => void,
): Promise<ImportJob> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const q = query({
      file_name: file.name,
      audience: handling.audience,
      tlp: handling.tlp,
      federate: String(handling.federate),
    });
    xhr.open('POST', `${BASE}/imports${q}`);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Network error'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      if (xhr.status === 202) return resolve(body as ImportJob);
      reject(
        apiErrorFromBody(xhr.status, body) ??
          new ApiError(xhr.status, `http_${xhr.status}`, xhr.statusText),
      );
    };
    xhr.send(file);
  });
}
