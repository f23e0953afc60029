import type { SessionInfo } from '../../contract/accounts.ts';
import type { Db } from '../db/index.ts';
import { notFound, requireSession } from '../errors.ts';
import type { Actor } from '../policy/viewer.ts';
import { auditedAccountChange } from './users.service.ts';
import { endSessions, sessionsOfUser } from './users.repository.ts';

/** The signed-in user's open sessions, the current one marked. */
export async function mySessions(
  db: Db,
  actor: Actor,
  currentId: string | null,
): Promise<SessionInfo[]> {
  requireSession(actor);
  const rows = await sessionsOfUser(db, actor.userId, new Date().toISOString());
  return rows.map((r) => ({
    id: r.id ?? '',
    created_at: r.created_at,
    expires_at: r.expires_at,
    last_seen_at: r.last_seen_at,
    address: r.address,
    user_agent: r.user_agent,
    current: r.id !== null && r.id === currentId,
  }));
}

/** Ends one of the user's sessions (a lost laptop), or all the others ("sign out elsewhere"). */
export async function endMySessions(
  db: Db,
  actor: Actor,
  which: { only: string } | { others: true },
  currentId: string | null,
): Promise<number> {
  requireSession(actor);
  let ended = 0;
  await auditedAccountChange(
    db,
    actor,
    'session.end',
    actor.username,
    'only' in which ? { session: which.only } : { others: true },
    async (trx) => {
      ended = await endSessions(trx, actor.userId, 'only' in which ? which : { except: currentId });
      if ('only' in which && ended === 0) throw notFound('session');
    },
  );
  return ended;
}
