import { TAXII_MEDIA } from './media.ts';

/** A TAXII 2.1 client (OASIS Standard, 10 June 2021) over fetch, used by federation and the CLI. */
export interface TaxiiCredentials {
  username: string;
  /** A password, or an API token (Tansiq accepts both in HTTP Basic). */
  secret: string;
}

export class TaxiiClientError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface RemoteCollection {
  id: string;
  title: string;
  can_read: boolean;
  can_write: boolean;
  /** Tansiq's custom property: the audience the collection stands for. */
  x_tansiq_audience?: string;
}

export interface ManifestRecord {
  id: string;
  date_added: string;
  version: string;
  media_type?: string;
  x_tansiq_tlp?: string;
}

export interface Page<T> {
  items: T[];
  more: boolean;
  next?: string;
  /** X-TAXII-Date-Added-Last of the answer (§3.3). */
  lastAdded?: string;
}

export interface StatusResource {
  id: string;
  status: string;
  total_count: number;
  success_count: number;
  failure_count: number;
  failures?: { id: string; version?: string; message?: string }[];
}

export type Filters = Record<string, string | undefined>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export class TaxiiClient {
  private apiRoot: string | undefined;

  constructor(
    /** A discovery URL (…/taxii2/) or an API root URL. */
    readonly url: string,
    private readonly credentials: TaxiiCredentials,
    private readonly options: { timeoutMs?: number; headers?: Record<string, string> } = {},
  ) {}

  private async request(
    method: string,
    url: string,
    body?: unknown,
  ): Promise<{ json: unknown; headers: Headers }> {
    const auth = Buffer.from(`${this.credentials.username}:${this.credentials.secret}`).toString(
      'base64',
    );
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          accept: TAXII_MEDIA,
          authorization: `Basic ${auth}`,
          ...this.options.headers,
          ...(body !== undefined ? { 'content-type': TAXII_MEDIA } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
      });
    } catch (e) {
      throw new TaxiiClientError(`${method} ${url}: ${(e as Error).message}`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new TaxiiClientError(
        `${method} ${url}: answered ${res.status} with a body that is not JSON`,
        res.status,
      );
    }
    if (!res.ok) {
      const description =
        isRecord(json) && typeof json.description === 'string'
          ? json.description
          : isRecord(json) && typeof json.title === 'string'
            ? json.title
            : text.slice(0, 200);
      throw new TaxiiClientError(`${method} ${url}: ${res.status} ${description}`, res.status);
    }
    return { json, headers: res.headers };
  }

  /** Resolves the API root: the URL itself, or the default (else first) root of a discovery resource. */
  async root(): Promise<string> {
    if (this.apiRoot) return this.apiRoot;
    const base = this.url.endsWith('/') ? this.url : `${this.url}/`;
    const { json } = await this.request('GET', base);
    if (!isRecord(json))
      throw new TaxiiClientError(`${base}: not a TAXII discovery or API root resource`);
    if (Array.isArray(json.api_roots) || typeof json.default === 'string') {
      const chosen =
        typeof json.default === 'string' ? json.default : (json.api_roots as unknown[])[0];
      if (typeof chosen !== 'string')
        throw new TaxiiClientError(`${base}: the discovery resource lists no API root`);
      this.apiRoot = new URL(chosen.endsWith('/') ? chosen : `${chosen}/`, base).toString();
    } else if (Array.isArray(json.versions)) {
      this.apiRoot = base;
    } else {
      throw new TaxiiClientError(`${base}: not a TAXII discovery or API root resource`);
    }
    return this.apiRoot;
  }

  async collections(): Promise<RemoteCollection[]> {
    const { json } = await this.request('GET', `${await this.root()}collections/`);
    if (!isRecord(json))
      throw new TaxiiClientError('collections: not a TAXII collections resource');
    const list = json.collections ?? [];
    if (!Array.isArray(list) || !list.every((c) => isRecord(c) && typeof c.id === 'string')) {
      throw new TaxiiClientError('collections: not a TAXII collections resource');
    }
    return list as RemoteCollection[];
  }

  private async page(
    path: string,
    filters: Filters,
    key: 'objects' | 'versions',
  ): Promise<Page<unknown>> {
    const query = new URLSearchParams(
      Object.entries(filters).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const url = `${await this.root()}${path}${query.size ? `?${query}` : ''}`;
    const { json, headers } = await this.request('GET', url);
    if (
      !isRecord(json) ||
      (json.more !== undefined && typeof json.more !== 'boolean') ||
      (json[key] !== undefined && !Array.isArray(json[key]))
    ) {
      throw new TaxiiClientError(
        `GET ${url}: not a TAXII ${key === 'objects' ? 'envelope' : 'versions resource'}`,
      );
    }
    return {
      items: (json[key] as unknown[] | undefined) ?? [],
      more: json.more === true,
      next: typeof json.next === 'string' ? json.next : undefined,
      lastAdded: headers.get('x-taxii-date-added-last') ?? undefined,
    };
  }

  /** §5.4 Get Objects: one page. */
  async objects(collection: string, filters: Filters = {}): Promise<Page<Record<string, unknown>>> {
    const page = await this.page(`collections/${collection}/objects/`, filters, 'objects');
    if (
      !page.items.every(
        (o) => isRecord(o) && typeof o.id === 'string' && typeof o.type === 'string',
      )
    ) {
      throw new TaxiiClientError(
        `collection ${collection}: the envelope holds something that is not a STIX object`,
      );
    }
    return page as Page<Record<string, unknown>>;
  }

  /** §5.3 Get Object Manifests: one page. */
  async manifest(collection: string, filters: Filters = {}): Promise<Page<ManifestRecord>> {
    const page = await this.page(`collections/${collection}/manifest/`, filters, 'objects');
    if (
      !page.items.every(
        (m) =>
          isRecord(m) &&
          typeof m.id === 'string' &&
          typeof m.date_added === 'string' &&
          typeof m.version === 'string',
      )
    ) {
      throw new TaxiiClientError(
        `collection ${collection}: the manifest holds something that is not a manifest record`,
      );
    }
    return page as Page<ManifestRecord>;
  }

  /** §5.5 Add Objects; answers the status resource. */
  async add(collection: string, objects: unknown[]): Promise<StatusResource> {
    const { json } = await this.request(
      'POST',
      `${await this.root()}collections/${collection}/objects/`,
      { objects },
    );
    if (!isRecord(json) || typeof json.id !== 'string' || typeof json.status !== 'string') {
      throw new TaxiiClientError(
        `collection ${collection}: the answer to a POST is not a TAXII status resource`,
      );
    }
    return json as unknown as StatusResource;
  }

  async status(id: string): Promise<StatusResource> {
    const { json } = await this.request('GET', `${await this.root()}status/${id}/`);
    if (!isRecord(json) || typeof json.id !== 'string')
      throw new TaxiiClientError(`status ${id}: not a TAXII status resource`);
    return json as unknown as StatusResource;
  }
}
