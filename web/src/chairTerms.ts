import type { ChairTerm } from './api';

/** Today as the server compares chair terms: an ISO date, in UTC. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A term runs from its first day up to, not including, its end date (as the server counts). */
export function isCurrent(term: ChairTerm, date: string): boolean {
  return term.from <= date && (term.to === null || term.to > date);
}

/** Newest term first: the history reads from the present backwards. */
export function newestFirst(terms: ChairTerm[]): ChairTerm[] {
  return [...terms].sort(
    (a, b) => b.from.localeCompare(a.from) || a.member.localeCompare(b.member),
  );
}
