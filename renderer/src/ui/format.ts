/** Human formats for sizes, counts and times, shared by every screen. */

const sizeUnits = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** 12.4 GB, 980 B, 1.2 MB (decimal units, as file managers show them). */
export function humanSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  if (bytes < 1000) return `${bytes} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < sizeUnits.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${sizeUnits[unit]}`;
}

/** 12,345 with the user's grouping. */
export function formatCount(count: number): string {
  return count.toLocaleString();
}

/** "1 dataset", "3 datasets". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/** Accepts Unix seconds (Provena) or milliseconds and answers milliseconds. */
export function toMilliseconds(timestamp: number): number {
  return timestamp < 100_000_000_000 ? timestamp * 1000 : timestamp;
}

/** "just now", "3 min ago", "5 h ago", "2 days ago", then the date. Seconds or milliseconds. */
export function relativeTime(timestamp: number, now = Date.now()): string {
  const milliseconds = toMilliseconds(timestamp);
  const seconds = Math.round((now - milliseconds) / 1000);
  // A little in the future is clock skew between machines; further is a date, said as one.
  if (seconds < -120)
    return new Date(milliseconds).toLocaleDateString(undefined, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
    });
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} day${days === 1 ? '' : 's'} ago`;
  return new Date(milliseconds).toLocaleDateString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
}

/** The exact local time, for tooltips. Seconds or milliseconds. */
export function exactTime(timestamp: number): string {
  return new Date(toMilliseconds(timestamp)).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** A transfer rate: "12.4 MB/s". */
export function humanRate(bytesPerSecond: number | null | undefined): string {
  if (!bytesPerSecond || !Number.isFinite(bytesPerSecond)) return '—';
  return `${humanSize(Math.round(bytesPerSecond))}/s`;
}

/** A remaining time: "about 3 min", "12 s". */
export function humanDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `about ${hours} h ${minutes % 60} min`;
}

/** The platform's command-key label: "⌘" on macOS, "Ctrl+" elsewhere. */
export const commandKeyLabel =
  typeof navigator !== 'undefined' && navigator.platform.startsWith('Mac') ? '⌘' : 'Ctrl+';
