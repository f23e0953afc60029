// Typed client for the Tansiq REST API (`/api/v1`). The web app never imports server code:
// these types mirror the API contract, not the server's rows.

export * from '../../contract/api';
import type { SearchPage } from '../../contract/search';
import type { AuditPage, AuditVerification, HistoryItem } from '../../contract/audit';
import type {
  ApiToken,
  CreatedToken,
  Group,
  GroupRef,
  GroupRole,
  Item,
  Me,
  Member,
  MemberChange,
  ChairTerm,
  ChairTermChange,
  GroupChange,
  NewChairTerm,
  NewGroup,
  NewMember,
  NewPeer,
  NewReport,
  NewUser,
  ObjectDetail,
  ObjectFilters,
  ObjectOrder,
  Page,
  Peer,
  TokenScope,
  TotpEnrolment,
  RecoveryCodes,
  SessionInfo,
  TransferReport,
  User,
  UserChange,
  Locale,
  Role,
} from '../../contract/api';

/** The API's one error shape: `{code, message, field?, rule?, reason?, limit?}` with a 4xx
 * status. `rule` names the sharing rule a request broke (e.g. `tlp_red_recipients`), `reason` what
 * the request schema found wrong with `field` (e.g. `maxLength`, with its `limit`), so the UI
 * words them in the user's language (errors.ts); `message` is the server's English. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly rule?: string,
    readonly detail?: { reason?: string; limit?: number },
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** An `ApiError` from a parsed error body (`null` if the body is not the API's error shape). */
export function apiErrorFromBody(status: number, body: unknown): ApiError | null {
  if (!isRecord(body) || typeof body.code !== 'string') return null;
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
  return new ApiError(
    status,
    body.code,
    text('message') ?? body.code,
    text('field'),
    text('rule'),
    {
      reason: text('reason'),
      limit: typeof body.limit === 'number' ? body.limit : undefined,
    },
  );
}

const BASE = '/api/v1';

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remember the session's CSRF token: every POST/PATCH/DELETE must send it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The session's CSRF token, for writes that do not go through `request` (file uploads). */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

/** Called when an authenticated call answers 401 (session expired or revoked). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (proxy error page, empty body): fall back to the status.
  }
  return (
    apiErrorFromBody(response.status, body) ??
    new ApiError(response.status, `http_${response.status}`, response.statusText)
  );
}

export interface RequestOptions {
  body?: unknown;
  /** Do not treat a 401 as an expired session (login, initial /me). */
  anonymous?: boolean;
}

export async function request<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Network error');
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && !options.anonymous) onUnauthorized?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  // A 201 may come without a body (`POST /groups/{slug}/chairs`).
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function memberPath(code: string): string {
  return `/members/${encodeURIComponent(code)}`;
}

function groupPath(slug: string): string {
  return `/groups/${encodeURIComponent(slug)}`;
}

function termPath(slug: string, id: string): string {
  return `${groupPath(slug)}/chairs/${encodeURIComponent(id)}`;
}

function groupMemberPath(slug: string, code: string): string {
  return `/groups/${encodeURIComponent(slug)}/members/${encodeURIComponent(code)}`;
}

export const api = {
  login: (username: string, password: string, totp?: string) =>
    request<Me>('POST', '/session', {
      body: totp ? { username, password, totp } : { username, password },
      anonymous: true,
    }),
  logout: () => request<void>('DELETE', '/session', { anonymous: true }),
  me: () => request<Me>('GET', '/me', { anonymous: true }),
  setLocale: (locale: Locale) => request<Me>('PATCH', '/me', { body: { locale } }),
  /** The region of dates and digits (contract/regions.ts); null: from the member's country. */
  setRegion: (region: string | null) => request<Me>('PATCH', '/me', { body: { region } }),

  members: () => request<{ items: Member[] }>('GET', '/members'),
  /** Co-chairs as on `date` (YYYY-MM-DD; today when absent). */
  groups: (date?: string) => request<{ items: Group[] }>('GET', `/groups${query({ date })}`),

  addMember: (member: NewMember) => request<Member>('POST', '/members', { body: member }),
  addGroup: (group: NewGroup) => request<GroupRef>('POST', '/groups', { body: group }),
  setGroupRole: (slug: string, code: string, role: GroupRole) =>
    request<void>('PUT', groupMemberPath(slug, code), { body: { role } }),
  removeFromGroup: (slug: string, code: string) =>
    request<void>('DELETE', groupMemberPath(slug, code)),
  addChairTerm: (slug: string, term: NewChairTerm) =>
    request<void>('POST', `/groups/${encodeURIComponent(slug)}/chairs`, { body: term }),

  // Corrections (instance admins): each audited, the history read from the audit log.
  updateMember: (code: string, change: MemberChange) =>
    request<Member>('PATCH', memberPath(code), { body: change }),
  retireMember: (code: string, on?: string) =>
    request<Member>('POST', `${memberPath(code)}/retire`, { body: on ? { on } : {} }),
  restoreMember: (code: string) => request<Member>('POST', `${memberPath(code)}/restore`),
  memberHistory: (code: string) =>
    request<{ items: HistoryItem[] }>('GET', `${memberPath(code)}/history`),
  updateGroup: (slug: string, change: GroupChange) =>
    request<Group>('PATCH', groupPath(slug), { body: change }),
  closeGroup: (slug: string, on?: string) =>
    request<Group>('POST', `${groupPath(slug)}/close`, { body: on ? { on } : {} }),
  reopenGroup: (slug: string) => request<Group>('POST', `${groupPath(slug)}/reopen`),
  groupHistory: (slug: string) =>
    request<{ items: HistoryItem[] }>('GET', `${groupPath(slug)}/history`),
  correctChairTerm: (slug: string, id: string, change: ChairTermChange) =>
    request<ChairTerm>('PATCH', termPath(slug, id), { body: change }),
  endChairTerm: (slug: string, id: string, on: string) =>
    request<ChairTerm>('POST', `${termPath(slug, id)}/end`, { body: { on } }),
  withdrawChairTerm: (slug: string, id: string) => request<void>('DELETE', termPath(slug, id)),
  endCoChairmanship: (slug: string, code: string, on: string) =>
    request<{ ended: number }>(
      'POST',
      `${groupPath(slug)}/co-chairs/${encodeURIComponent(code)}/end`,
      { body: { on } },
    ),

  /** The audit log (instance admins: all of it; member admins: their member's). */
  audit: (params: Record<string, string | number | undefined>) =>
    request<AuditPage>('GET', `/audit${query(params)}`),
  auditVerification: (fresh = false) =>
    request<AuditVerification>('GET', `/audit/verification${fresh ? '?fresh=true' : ''}`),

  objects: (filters: ObjectFilters, order: ObjectOrder, cursor?: string, limit = 50) =>
    request<Page<Item>>('GET', `/objects${query({ ...filters, order, limit, cursor })}`),
  object: (id: string) => request<ObjectDetail>('GET', `/objects/${encodeURIComponent(id)}`),
  objectVersions: (id: string) =>
    request<{ items: Item[] }>('GET', `/objects/${encodeURIComponent(id)}?versions=all`),
  createReport: (report: NewReport) => request<Item>('POST', '/reports', { body: report }),
  search: (params: Record<string, string | number | undefined>) =>
    request<SearchPage>('GET', `/search${query(params)}`),

  tokens: () => request<{ items: ApiToken[] }>('GET', '/tokens'),
  createToken: (name: string, scope: TokenScope) =>
    request<CreatedToken>('POST', '/tokens', { body: { name, scope } }),
  revokeToken: (id: string) => request<void>('DELETE', `/tokens/${encodeURIComponent(id)}`),

  users: () => request<{ items: User[] }>('GET', '/users'),
  createUser: (user: NewUser) =>
    request<{ id: string; username: string; role: Role }>('POST', '/users', { body: user }),
  changeUser: (id: string, change: UserChange) =>
    request<{ id: string; username: string; role: Role; disabled: boolean }>(
      'PATCH',
      `/users/${encodeURIComponent(id)}`,
      { body: change },
    ),

  peers: () => request<{ peers: Peer[] }>('GET', '/peers'),
  addPeer: (peer: NewPeer) => request<Peer>('POST', '/peers', { body: peer }),
  removePeer: (name: string) => request<void>('DELETE', `/peers/${encodeURIComponent(name)}`),
  pullPeer: (name: string) =>
    request<TransferReport>('POST', `/peers/${encodeURIComponent(name)}/pull`),
  pushPeer: (name: string) =>
    request<TransferReport>('POST', `/peers/${encodeURIComponent(name)}/push`),

  /** A new secret; an active factor keeps working until the new one is confirmed. */
  startTotp: (currentCode?: string) =>
    request<TotpEnrolment>('POST', '/me/totp', { body: currentCode ? { code: currentCode } : {} }),
  /** Answers the recovery codes, shown this once. */
  confirmTotp: (code: string) =>
    request<RecoveryCodes>('POST', '/me/totp/confirm', { body: { code } }),
  /** 422 on `code` if the code is wrong, 409 if no factor is on. */
  disableTotp: (code: string) => request<void>('DELETE', '/me/totp', { body: { code } }),
  renewRecoveryCodes: (code: string) =>
    request<RecoveryCodes>('POST', '/me/totp/recovery-codes', { body: { code } }),

  sessions: () => request<{ items: SessionInfo[] }>('GET', '/me/sessions'),
  endSession: (id: string) => request<void>('DELETE', `/me/sessions/${encodeURIComponent(id)}`),
  endOtherSessions: () => request<{ ended: number }>('DELETE', '/me/sessions'),
};

/** A plain link (not fetch): the browser downloads the bundle with the session cookie. */
export function exportUrl(filters: ObjectFilters): string {
  return `${BASE}/export${query({ ...filters })}`;
}
