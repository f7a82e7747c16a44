// Durations the way kubectl prints ages: "45s", "12m", "3h5m", "4d", "2y".

export function parseTime(value: string | undefined | null): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Seconds from `from` to `now`, never negative. */
export function secondsBetween(from: string | Date | undefined | null, now: Date): number | undefined {
  const start = typeof from === 'string' || from == null ? parseTime(from) : from;
  if (!start) return undefined;
  return Math.max(0, Math.floor((now.getTime() - start.getTime()) / 1000));
}

export function humanDuration(seconds: number | undefined): string {
  if (seconds === undefined) return '<unknown>';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return `${minutes}m${seconds % 60 ? `${seconds % 60}s` : ''}`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return `${hours}h${minutes % 60 ? `${minutes % 60}m` : ''}`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 8) return `${days}d${hours % 24 ? `${hours % 24}h` : ''}`;
  if (days < 365 * 2) return `${days}d`;
  return `${Math.floor(days / 365)}y`;
}

export function age(from: string | undefined | null, now: Date): string {
  return humanDuration(secondsBetween(from, now));
}
