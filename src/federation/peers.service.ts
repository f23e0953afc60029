import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { PeersTable } from '../db/schema.ts';
import type { Peer } from '../../contract/api.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { resolveAudience, type AudienceSpec } from '../members/audience.service.ts';
import { firstInstanceAdmin } from '../accounts/users.repository.ts';
import {
  keyId,
  KeyringError,
  needsResealing,
  open,
  seal,
  type Keyring,
} from '../secrets/keyring.ts';
import { memberByCode, memberById } from '../members/members.repository.ts';
import type { Actor } from '../policy/viewer.ts';
import {
  checkpoints,
  deletePeerRow,
  insertPeer,
  listPeerRows,
  setPeerSecret,
  peerByName,
} from './peers.repository.ts';

export interface PeerInput {
  name: string;
  url: string;
  username: string;
  password?: string;
  token?: string;
  /** Local member code that owns what is pulled; default: the member of the admin adding it (CLI: of the first instance admin). */
  member?: string;
  /** `member`, `coalition`, `group:<slug>` or `recipients:A,B`. */
  audience: string;
  collections?: string[];
  interval_seconds?: number;
}

export function audienceSpec(value: string): AudienceSpec {
  return value.startsWith('recipients:')
    ? { recipients: value.slice('recipients:'.length).split(',').filter(Boolean) }
    : value;
}

/** From the CLI (no actor), pulled objects default to the member of the instance's first admin. */
async function operatorMemberId(db: Db): Promise<string | undefined> {
  return (await firstInstanceAdmin(db))?.member_id;
}

const invalid = (field: string, message: string) =>
  new AppError(422, 'validation', `${field}: ${message}`, field);

export async function addPeer(
  db: Db,
  keyring: Keyring | null,
  actor: Pick<Actor, 'username' | 'memberId' | 'memberCode'> | null,
  input: PeerInput,
): Promise<PeersTable> {
  if (!/^[a-z0-9][a-z0-9._-]{0,62}$/i.test(input.name))
    throw invalid('name', '1 to 63 letters, digits, dots, hyphens or underscores');
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw invalid('url', 'not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalid('url', 'must be http(s)');
  if (!input.username) throw invalid('username', 'required');
  if (!!input.password === !!input.token)
    throw invalid('password', 'give a password or a token (one of them)');
  const member = input.member
    ? await memberByCode(db, input.member)
    : await memberById(db, actor?.memberId ?? (await operatorMemberId(db)) ?? '');
  if (!member) throw invalid('member', `no member ${input.member ?? ''}`);
  if (member.retired_on)
    throw new AppError(422, 'retired', `member: ${member.code} is retired`, 'member');
  // The audience must be one the owning member may address (same rule as for its own writes).
  await resolveAudience(db, { memberId: member.id }, audienceSpec(input.audience));
  const interval = input.interval_seconds ?? 300;
  if (!Number.isInteger(interval) || interval < 0 || interval > 7 * 86400)
    throw invalid('interval_seconds', '0 (no scheduled pull) to 604800');
  const collections = input.collections ?? [];
  if (!collections.every((c) => /^[0-9a-f-]{36}$/i.test(c)))
    throw invalid('collections', 'collection ids are UUIDs');
  if (await peerByName(db, input.name))
    throw new AppError(409, 'conflict', `name: peer ${input.name} exists`, 'name');
  const row: PeersTable = {
    id: randomUUID(),
    name: input.name,
    url: url.toString(),
    username: input.username,
    secret_kind: input.password ? 'password' : 'token',
    // Sealed at rest: a copy of the database does not hand out access to the peer.
    secret: seal(requireKeyring(keyring), (input.password ?? input.token)!),
    member_id: member.id,
    audience: input.audience,
    collections: JSON.stringify(collections),
    interval_seconds: interval,
    created_at: new Date().toISOString(),
    last_pull_at: null,
    last_error: null,
  };
  await db.transaction().execute(async (trx) => {
    await insertPeer(trx, row);
    await appendAudit(trx, [
      {
        actor: actor?.username ?? 'cli',
        member: actor?.memberCode ?? null,
        action: 'peer.add',
        subject: row.name,
        detail: {
          url: row.url,
          username: row.username,
          member: member.code,
          audience: row.audience,
          collections,
          interval,
        },
        about: '*',
      },
    ]);
  });
  return row;
}

export async function removePeer(
  db: Db,
  actor: Pick<Actor, 'username' | 'memberCode'> | null,
  name: string,
): Promise<void> {
  const row = await peerByName(db, name);
  if (!row) throw new AppError(404, 'not_found', `peer ${name} not found`);
  await db.transaction().execute(async (trx) => {
    await deletePeerRow(trx, row.id);
    await appendAudit(trx, [
      {
        actor: actor?.username ?? 'cli',
        member: actor?.memberCode ?? null,
        action: 'peer.remove',
        subject: name,
        detail: {},
        about: '*',
      },
    ]);
  });
}

/** What the admin UI and the CLI show of a peer: never its password or token. */
/** What the API shows of a peer: never its secret. */
export type PresentedPeer = Peer;

export async function presentPeer(db: Db, row: PeersTable): Promise<PresentedPeer> {
  const member = await memberById(db, row.member_id);
  return {
    name: row.name,
    url: row.url,
    username: row.username,
    auth: row.secret_kind,
    member: member?.code ?? row.member_id,
    audience: row.audience,
    collections: JSON.parse(row.collections) as string[],
    interval_seconds: row.interval_seconds,
    created_at: row.created_at,
    last_pull_at: row.last_pull_at,
    last_error: row.last_error,
    checkpoints: (await checkpoints(db, row.id)).map((c) => ({
      direction: c.direction,
      collection_id: c.collection_id,
      added_after: c.added_after,
      updated_at: c.updated_at,
    })),
  };
}

export async function listPeers(db: Db): Promise<PresentedPeer[]> {
  return Promise.all((await listPeerRows(db)).map((row) => presentPeer(db, row)));
}

/** A peer with its secret opened, to present to the peer (in memory only). */
export async function requirePeer(
  db: Db,
  keyring: Keyring | null,
  name: string,
): Promise<PeersTable> {
  const row = await peerByName(db, name);
  if (!row) throw new AppError(404, 'not_found', `peer ${name} not found`);
  return openPeer(keyring, row);
}

export function openPeer(keyring: Keyring | null, row: PeersTable): PeersTable {
  try {
    return { ...row, secret: open(requireKeyring(keyring), row.secret) };
  } catch (e) {
    if (e instanceof KeyringError) throw new AppError(409, 'conflict', `secret: ${e.message}`);
    throw e;
  }
}

function requireKeyring(keyring: Keyring | null): Keyring {
  if (!keyring)
    throw new AppError(
      409,
      'conflict',
      'TANSIQ_SECRET_KEY: set it to keep peer credentials (PostgreSQL installations need it)',
    );
  return keyring;
}

/**
 * Seals every peer secret under the current key: plain ones (from before secrets were sealed) and
 * ones an older key sealed. Run at start and by `tansiq secrets rotate`; audited.
 */
export async function resealPeerSecrets(db: Db, keyring: Keyring): Promise<number> {
  const rows = (await listPeerRows(db)).filter((r) => needsResealing(keyring, r.secret));
  if (rows.length === 0) return 0;
  await db.transaction().execute(async (trx) => {
    for (const row of rows)
      await setPeerSecret(trx, row.id, seal(keyring, open(keyring, row.secret)));
    await appendAudit(trx, [
      {
        actor: 'system',
        member: null,
        action: 'secrets.reseal',
        subject: null,
        detail: { peers: rows.map((r) => r.name), key: keyId(keyring.current) },
      },
    ]);
  });
  return rows.length;
}
