// Typed client for the Tansiq REST API (`/api/v1`). The web app never imports server code:
// these types mirror the API contract, not the server's rows.

export const LOCALES = ['ar', 'fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type Localized = Record<Locale, string>;

export const ROLES = ['instance_admin', 'member_admin', 'analyst', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export interface Member {
  id: string;
  code: string;
  kind: string;
  iso2: string | null;
  names: Localized;
  identity_id: string;
}

export interface MyGroup {
  slug: string;
  names: Localized;
}

/** Two-step verification: `pending` is an enrolment started but not confirmed, with no factor on. */
export type TotpState = 'off' | 'pending' | 'on';

export interface Me {
  id: string;
  username: string;
  role: Role;
  locale: Locale;
  totp: TotpState;
  member: Member;
  groups: MyGroup[];
  csrfToken: string;
}

export interface ChairTerm {
  member: string;
  from: string;
  to: string | null;
}

export interface Group {
  id: string;
  slug: string;
  names: Localized;
  members: string[];
  observers: string[];
  chairs: string[];
  chairTerms: ChairTerm[];
}

// TLP 2.0 labels as the API spells them (FIRST TLP 2.0).
export const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof TLPS)[number];

export type Audience = 'member' | 'coalition' | `group:${string}` | { recipients: string[] };

/** A STIX 2.1 object as stored; only the common properties are typed. */
export interface StixObject {
  type: string;
  id: string;
  spec_version?: string;
  created?: string;
  modified?: string;
  name?: string;
  description?: string;
  lang?: string;
  revoked?: boolean;
  [property: string]: unknown;
}

export interface Item {
  object: StixObject;
  owner: string;
  audience: Audience;
  tlp: Tlp;
  federate: boolean;
  source: string;
  date_added: string;
}

export interface Translation {
  name?: string;
  description?: string;
}

export interface ObjectDetail extends Item {
  translations: Partial<Record<string, Translation>>;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface ObjectFilters {
  type?: string;
  tlp?: string;
  owner?: string;
}

/** By date added: newest first is what analysts expect; `asc` replays history. */
export type ObjectOrder = 'asc' | 'desc';

export interface User {
  id: string;
  username: string;
  role: Role;
  locale: Locale;
  disabled: boolean;
  created_at: string;
  member_id: string;
  member_code: string;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  /** The member's code. */
  member: string;
  locale?: Locale;
}

export interface UserChange {
  disabled?: boolean;
  role?: Role;
  password?: string;
}

/** Federation: a TAXII 2.1 server this instance pulls from and pushes to (instance admins). */
export interface PeerCheckpoint {
  direction: 'pull' | 'push';
  collection_id: string;
  /** date_added of the last object handled (remote for pull, local for push). */
  added_after: string;
  updated_at: string;
}

export interface Peer {
  name: string;
  url: string;
  username: string;
  auth: 'password' | 'token';
  /** Code of the local member that owns what is pulled. */
  member: string;
  /** `member`, `coalition`, `group:<slug>` or `recipients:A,B`. */
  audience: string;
  collections: string[];
  interval_seconds: number;
  created_at: string;
  last_pull_at: string | null;
  last_error: string | null;
  checkpoints: PeerCheckpoint[];
}

export interface NewPeer {
  name: string;
  url: string;
  username: string;
  password?: string;
  token?: string;
  member?: string;
  audience: string;
  collections?: string[];
  interval_seconds?: number;
}

export interface CollectionTransfer {
  collection: string;
  title: string;
  fetched: number;
  stored: number;
  duplicates: number;
  rejected: number;
  problems: string[];
  checkpoint: string | null;
  error?: string;
}

export interface TransferReport {
  peer: string;
  collections: CollectionTransfer[];
  error?: string;
}

export interface TotpEnrolment {
  secret: string;
  uri: string;
}

export type TokenScope = 'read' | 'write' | 'federation';

export interface ApiToken {
  id: string;
  name: string;
  scope: TokenScope;
  created_at: string;
  last_used_at: string | null;
  username: string;
}

export interface CreatedToken {
  id: string;
  name: string;
  scope: TokenScope;
  token: string;
}

export interface NewReport {
  names: Partial<Record<Locale, string>>;
  descriptions: Partial<Record<Locale, string>>;
  tlp: Tlp;
  audience: Audience;
  federate: boolean;
  object_refs?: string[];
}

/** The API's one error shape: `{code, message, field?, rule?}` with a 4xx status. `rule` names
 * the sharing rule a request broke (e.g. `tlp_red_recipients`), so the UI can explain it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const BASE = '/api/v1';

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remember the session's CSRF token: every POST/PATCH/DELETE must send it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when an authenticated call answers 401 (session expired or revoked). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (proxy error page, empty body): fall back to the status.
  }
  if (isRecord(body) && typeof body.code === 'string') {
    const message = typeof body.message === 'string' ? body.message : body.code;
    const field = typeof body.field === 'string' ? body.field : undefined;
    const rule = typeof body.rule === 'string' ? body.rule : undefined;
    return new ApiError(response.status, body.code, message, field, rule);
  }
  return new ApiError(response.status, `http_${response.status}`, response.statusText);
}

interface RequestOptions {
  body?: unknown;
  /** Do not treat a 401 as an expired session (login, initial /me). */
  anonymous?: boolean;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
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
  return (await response.json()) as T;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
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

  members: () => request<{ items: Member[] }>('GET', '/members'),
  groups: () => request<{ items: Group[] }>('GET', '/groups'),

  objects: (filters: ObjectFilters, order: ObjectOrder, cursor?: string, limit = 50) =>
    request<Page<Item>>('GET', `/objects${query({ ...filters, order, limit, cursor })}`),
  object: (id: string) => request<ObjectDetail>('GET', `/objects/${encodeURIComponent(id)}`),
  objectVersions: (id: string) =>
    request<{ items: Item[] }>('GET', `/objects/${encodeURIComponent(id)}?versions=all`),
  createReport: (report: NewReport) => request<Item>('POST', '/reports', { body: report }),

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
  startTotp: () => request<TotpEnrolment>('POST', '/me/totp'),
  confirmTotp: (code: string) => request<void>('POST', '/me/totp/confirm', { body: { code } }),
  /** 422 on `code` if the code is wrong, 409 if no factor is on. */
  disableTotp: (code: string) => request<void>('DELETE', '/me/totp', { body: { code } }),
};

/** A plain link (not fetch): the browser downloads the bundle with the session cookie. */
export function exportUrl(filters: ObjectFilters): string {
  return `${BASE}/export${query({ ...filters })}`;
}
