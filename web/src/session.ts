import { createContext, useContext } from 'react';
import type { Group, Locale, Me, Member } from './api';

export interface Session {
  me: Me;
  /** Every member on this instance, by code (for owner and recipient names). */
  members: Map<string, Member>;
  groups: Map<string, Group>;
  setLocale: (locale: Locale) => void;
  /** Asks the server again, after a change that shows in `me` (two-step verification). */
  reloadMe: () => Promise<void>;
  /** Asks for members and groups again, after an administrator changed them. */
  reloadDirectory: () => void;
  logout: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in shell');
  return session;
}
