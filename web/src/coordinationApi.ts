// Typed client for the coordination API (register, meetings, communiqués). Types come from the
// contract; the web app imports them only as types.
import type {
  Action,
  ActionChange,
  ActionInput,
  CalendarFeed,
  Communique,
  CommuniqueChange,
  CommuniqueInput,
  Domain,
  ImportProgress,
  ImportResult,
  Matrix,
  MatrixFilters,
  Meeting,
  MeetingChange,
  MeetingInput,
  MeetingSummary,
  Need,
  NeedChange,
  NeedFilters,
  NeedInput,
  Project,
  ProjectFilters,
  ProjectInput,
  ProjectPage,
} from '../../contract/coordination';
import { ApiError, currentCsrfToken, query, request } from './api';

export type * from '../../contract/coordination';

const id = (value: string) => encodeURIComponent(value);
type Params = Record<string, string | number | undefined>;

export const coordination = {
  domains: () => request<{ items: Domain[] }>('GET', '/domains'),

  projects: (filters: ProjectFilters, cursor?: string, limit = 50) =>
    request<ProjectPage>('GET', `/projects${query({ ...(filters as Params), cursor, limit })}`),
  project: (projectId: string) => request<Project>('GET', `/projects/${id(projectId)}`),
  createProject: (input: ProjectInput) => request<Project>('POST', '/projects', { body: input }),
  updateProject: (projectId: string, input: ProjectInput) =>
    request<Project>('PUT', `/projects/${id(projectId)}`, { body: input }),
  deleteProject: (projectId: string) => request<void>('DELETE', `/projects/${id(projectId)}`),
  matrix: (filters: MatrixFilters) =>
    request<Matrix>('GET', `/projects/matrix${query(filters as Params)}`),

  needs: (filters: NeedFilters) =>
    request<{ items: Need[] }>('GET', `/needs${query(filters as Params)}`),
  createNeed: (input: NeedInput) => request<Need>('POST', '/needs', { body: input }),
  changeNeed: (needId: string, change: NeedChange) =>
    request<Need>('PATCH', `/needs/${id(needId)}`, { body: change }),
  answerNeed: (needId: string, project: string) =>
    request<Need>('POST', `/needs/${id(needId)}/answers`, { body: { project } }),
  withdrawAnswer: (needId: string, project: string) =>
    request<Need>('DELETE', `/needs/${id(needId)}/answers/${id(project)}`),

  meetings: (filters: { group?: string; when?: 'upcoming' | 'past' }) =>
    request<{ items: MeetingSummary[] }>('GET', `/meetings${query(filters)}`),
  meeting: (meetingId: string) => request<Meeting>('GET', `/meetings/${id(meetingId)}`),
  createMeeting: (input: MeetingInput) => request<Meeting>('POST', '/meetings', { body: input }),
  changeMeeting: (meetingId: string, change: MeetingChange) =>
    request<Meeting>('PUT', `/meetings/${id(meetingId)}`, { body: change }),
  addAction: (meetingId: string, input: ActionInput) =>
    request<Action>('POST', `/meetings/${id(meetingId)}/actions`, { body: input }),
  actions: (params: { group?: string; status?: 'open' | 'done' | 'dropped' | 'all' }) =>
    request<{ items: Action[] }>('GET', `/actions${query(params)}`),
  changeAction: (actionId: string, change: ActionChange) =>
    request<Action>('PATCH', `/actions/${id(actionId)}`, { body: change }),
  calendarFeed: () => request<CalendarFeed>('GET', '/calendar-feed'),
  createCalendarFeed: () => request<CalendarFeed>('POST', '/calendar-feed'),
  revokeCalendarFeed: () => request<void>('DELETE', '/calendar-feed'),

  communiques: (filters: { group?: string; status?: 'draft' | 'published' }) =>
    request<{ items: Communique[] }>('GET', `/communiques${query(filters)}`),
  communique: (communiqueId: string) =>
    request<Communique>('GET', `/communiques/${id(communiqueId)}`),
  createCommunique: (input: CommuniqueInput) =>
    request<Communique>('POST', '/communiques', { body: input }),
  changeCommunique: (communiqueId: string, change: CommuniqueChange) =>
    request<Communique>('PUT', `/communiques/${id(communiqueId)}`, { body: change }),
  approveCommunique: (communiqueId: string) =>
    request<Communique>('POST', `/communiques/${id(communiqueId)}/approve`),
  publishCommunique: (communiqueId: string) =>
    request<Communique>('POST', `/communiques/${id(communiqueId)}/publish`),
};

/** Links the browser follows itself (downloads with the session cookie). */
export const coordinationUrls = {
  projectsCsv: (filters: ProjectFilters) =>
    `/api/v1/projects/export.csv${query(filters as Params)}`,
  projectsIati: (filters: ProjectFilters) =>
    `/api/v1/projects/export.xml${query(filters as Params)}`,
  meetingIcs: (meetingId: string, lang: string) =>
    `/api/v1/meetings/${id(meetingId)}.ics?lang=${lang}`,
  publicCommunique: (communiqueId: string, lang: string) =>
    `/public/communiques/${id(communiqueId)}?lang=${lang}`,
};

export interface ImportWatch {
  /** Bytes sent, 0..1. */
  onUpload(fraction: number): void;
  /** Rows or activities handled by the server. */
  onProgress(line: Extract<ImportProgress, { phase: string }>): void;
}

/**
 * Uploads a CSV or IATI file with XMLHttpRequest, for the upload's own progress, and reads the
 * server's NDJSON progress lines as they arrive. Resolves with the import's result; rejects with
 * an ApiError (a refused CSV carries its line-numbered problems in `details`).
 */
export function uploadProjects(
  file: File,
  params: { audience: string; tlp: string },
  watch: ImportWatch,
): Promise<ImportResult> {
  const iati = /\.xml$/i.test(file.name) || file.type.includes('xml');
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/projects/import${query(params)}`);
    xhr.setRequestHeader('content-type', iati ? 'application/xml' : 'text/csv');
    xhr.setRequestHeader('accept', 'application/x-ndjson, application/json');
    const csrf = currentCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    let seen = 0;
    let result: ImportResult | null = null;
    let failure: ApiError | null = null;
    const readLines = () => {
      const text = xhr.responseText;
      const end = text.lastIndexOf('\n');
      if (end < seen) return;
      for (const line of text.slice(seen, end).split('\n')) {
        if (!line.trim()) continue;
        const message = JSON.parse(line) as ImportProgress;
        if ('phase' in message) watch.onProgress(message);
        else if ('result' in message) result = message.result;
        else
          failure = new ImportError(
            500,
            message.error.code,
            message.error.message,
            message.error.problems,
          );
      }
      seen = end + 1;
    };
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) watch.onUpload(event.loaded / event.total);
    };
    xhr.onprogress = () => {
      if (xhr.status === 200) readLines();
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Network error'));
    xhr.onload = () => {
      if (xhr.status !== 200) {
        try {
          const body = JSON.parse(xhr.responseText) as {
            code: string;
            message: string;
            field?: string;
            problems?: ImportError['problems'];
          };
          reject(new ImportError(xhr.status, body.code, body.message, body.problems, body.field));
        } catch {
          reject(new ApiError(xhr.status, `http_${xhr.status}`, xhr.statusText));
        }
        return;
      }
      readLines();
      if (result) resolve(result);
      else reject(failure ?? new ApiError(500, 'internal', 'The import did not finish'));
    };
    xhr.send(file);
  });
}

/** A refused import, with the problems by line (CSV) when the server listed them. */
export class ImportError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly problems: ImportResult['problems'] = [],
    field?: string,
  ) {
    super(status, code, message, field);
  }
}
