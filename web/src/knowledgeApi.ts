// The knowledge wing of the REST API (`/api/v1/objects/{id}/…`): references, mentions, the graph,
// notes and opinions, versions and revocation, attached files, pickers, CSV export.
import {
  ApiError,
  currentCsrfToken,
  query,
  request,
  toApiError,
  type Attachment,
  type Audience,
  type StoreOutcome,
  type Tlp,
  type Graph,
  type HistoryVersion,
  type Mention,
  type NewNote,
  type NewOpinion,
  type NewVersion,
  type ObjectDetail,
  type ObjectFilters,
  type ObjectLabel,
  type Page,
  type References,
  type Replies,
  type Revocation,
} from './api';

const BASE = '/api/v1';
const obj = (id: string) => `/objects/${encodeURIComponent(id)}`;

export const knowledgeApi = {
  references: (id: string) => request<References>('GET', `${obj(id)}/references`),
  mentions: (id: string, cursor?: string, limit = 20) =>
    request<Page<Mention>>('GET', `${obj(id)}/mentions${query({ cursor, limit })}`),
  graph: (id: string, depth: 1 | 2) => request<Graph>('GET', `${obj(id)}/graph${query({ depth })}`),
  replies: (id: string) => request<Replies>('GET', `${obj(id)}/replies`),
  addNote: (id: string, note: NewNote) =>
    request<Replies>('POST', `${obj(id)}/notes`, { body: note }),
  addOpinion: (id: string, opinion: NewOpinion) =>
    request<Replies>('POST', `${obj(id)}/opinions`, { body: opinion }),
  history: (id: string) => request<{ items: HistoryVersion[] }>('GET', `${obj(id)}/history`),
  addVersion: (id: string, version: NewVersion) =>
    request<ObjectDetail>('POST', `${obj(id)}/versions`, { body: version }),
  revoke: (id: string, revocation: Revocation) =>
    request<ObjectDetail>('POST', `${obj(id)}/revoke`, { body: revocation }),
  attachments: (id: string) => request<{ items: Attachment[] }>('GET', `${obj(id)}/attachments`),
  lookup: (q: string, types: readonly string[], limit = 8) =>
    request<{ items: ObjectLabel[] }>(
      'GET',
      `/objects/lookup${query({ q, type: types.join(','), limit })}`,
    ),
  labels: (ids: readonly string[]) =>
    ids.length === 0
      ? Promise.resolve({ items: [] as ObjectLabel[] })
      : request<{ items: ObjectLabel[] }>('GET', `/objects/labels${query({ ids: ids.join(',') })}`),
};

/** A plain link: the browser downloads the file with the session cookie. */
export function attachmentUrl(fileId: string, inline = false): string {
  return `${BASE}/attachments/${encodeURIComponent(fileId)}${inline ? '?inline=true' : ''}`;
}

export function exportCsvUrl(filters: ObjectFilters): string {
  return `${BASE}/export.csv${query({ ...filters })}`;
}

/**
 * Sends a file as the body of a POST, reporting the bytes sent (fetch cannot report an upload's
 * progress; XMLHttpRequest can).
 */
export function uploadAttachment(
  id: string,
  file: File,
  onProgress: (sent: number, total: number) => void,
): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${BASE}${obj(id)}/attachments${query({ name: file.name })}`);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = currentCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.total || file.size);
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Network error'));
    xhr.onload = () => {
      const response = new Response(xhr.responseText, { status: xhr.status });
      if (xhr.status >= 200 && xhr.status < 300)
        resolve(JSON.parse(xhr.responseText) as Attachment);
      else toApiError(response).then(reject, reject);
    };
    xhr.send(file);
  });
}

/**
 * One batch of an import: the store's answer per object, also when none of them was stored
 * (a 422 that still carries each object's result).
 */
export async function importBatch(body: {
  objects: unknown[];
  audience: Audience;
  tlp: Tlp;
  federate: boolean;
}): Promise<StoreOutcome> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
  };
  const csrf = currentCsrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  let response: Response;
  try {
    response = await fetch(`${BASE}/objects`, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Network error');
  }
  if (response.ok) return (await response.json()) as StoreOutcome;
  const text = await response.text();
  if (response.status === 422) {
    const data = JSON.parse(text) as Partial<StoreOutcome>;
    if (Array.isArray(data.results))
      return {
        stored: data.stored ?? 0,
        duplicates: data.duplicates ?? 0,
        rejected: data.rejected ?? 0,
        results: data.results,
      };
  }
  throw await toApiError(new Response(text, { status: response.status }));
}
