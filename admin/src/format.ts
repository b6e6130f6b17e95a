/** Formatting helpers the console's views share. */

/** `1234` -> `1,234`. */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Milliseconds with a sensible precision, or a dash when unknown. */
export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

/** How long ago an ISO time was, e.g. `12 s ago`. */
export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  const sec = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (sec < 60) return `${sec} s ago`;
  if (sec < 3600) return `${Math.floor(sec / 60)} min ago`;
  return `${Math.floor(sec / 3600)} h ago`;
}

/** A duration in seconds as `3 d 4 h`, `5 h 2 min` or `42 s`. */
export function uptime(totalSec: number): string {
  const d = Math.floor(totalSec / 86400);
  const h = Math.floor((totalSec % 86400) / 3600);
  const m = Math.floor((totalSec % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min`;
  return `${Math.floor(totalSec)} s`;
}

/** Local time of day for an ISO time. */
export function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString();
}

/** A person as the console names them: "Name (id)", or the id alone when the two match. */
export const person = (u: { id: string; name?: string | undefined }) =>
  u.name && u.name !== u.id ? `${u.name} (${u.id})` : u.id;
