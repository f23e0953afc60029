import { useMemo } from 'react';
import type { PictureFilters } from '../../pictureApi';
import { navigate, useLocation } from '../../router';
import type { Measure } from './AfricaMap';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const EVENT_TYPES = [
  'battles',
  'explosions_remote_violence',
  'violence_against_civilians',
  'protests',
  'riots',
  'strategic_developments',
] as const;

export interface PictureState {
  filters: PictureFilters;
  measure: Measure;
}

/** Filters live in the URL, so a view of the picture can be bookmarked and shared. */
export function usePictureState(
  defaults: PictureFilters = {},
): [PictureState, (next: Partial<PictureFilters> & { measure?: Measure }) => void] {
  const { pathname, search } = useLocation();
  const key = search.toString();
  const state = useMemo<PictureState>(() => {
    const from = search.get('from') ?? defaults.from ?? '';
    const to = search.get('to') ?? defaults.to ?? '';
    const group = search.get('group') ?? '';
    const eventType = search.get('event_type') ?? '';
    const country = search.get('country') ?? '';
    return {
      filters: {
        ...(DAY.test(from) ? { from } : {}),
        ...(DAY.test(to) ? { to } : {}),
        ...(group ? { group } : {}),
        ...((EVENT_TYPES as readonly string[]).includes(eventType)
          ? { event_type: eventType as PictureFilters['event_type'] }
          : {}),
        ...(/^[A-Z]{2}$/.test(country) ? { country } : {}),
      },
      measure: search.get('measure') === 'fatalities' ? 'fatalities' : 'incidents',
    };
  }, [key]);
  const update = (next: Partial<PictureFilters> & { measure?: Measure }) => {
    const params = new URLSearchParams(search);
    for (const [name, value] of Object.entries(next)) {
      if (value === undefined || value === '' || (name === 'measure' && value === 'incidents'))
        params.delete(name);
      else params.set(name, String(value));
    }
    const q = params.toString();
    navigate(q ? `${pathname}?${q}` : pathname, { replace: true });
  };
  return [state, update];
}

export const EVENT_TYPE_CODES = EVENT_TYPES;

export function daysAgo(days: number, now = new Date()): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}
