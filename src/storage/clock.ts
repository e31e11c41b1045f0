// Time as the seed stores it: issues, logs and timeline as TEXT 'YYYY-MM-DD HH:MM:SS' in UTC; documents as
// INTEGER milliseconds. A clock is injected so tests can control it.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** 'YYYY-MM-DD HH:MM:SS' in UTC. */
export function sqlTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** Parses the seed's TEXT timestamp (UTC). */
export function parseSqlTimestamp(text: string): Date {
  return new Date(`${text.replace(' ', 'T')}Z`);
}
