/**
 * Locale-aware time formatting for message timestamps and "last seen".
 */
import { clock } from './clock.js';

/** `14:05` today, `Mar 3, 14:05` on another day. */
export function formatTime(iso: string, locale: string, now = new Date(clock.now())): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    ...(sameDay ? {} : { month: 'short', day: 'numeric' }),
  }).format(date);
}

/** `5 minutes ago`, `yesterday`… in the widget's locale. */
export function formatRelative(iso: string, locale: string, now = clock.now()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((then - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['second', 60],
    ['minute', 60],
    ['hour', 24],
    ['day', 7],
  ];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return rtf.format(unit === 'second' ? 0 : value, unit);
    value = Math.round(value / size);
  }
  return rtf.format(Math.round(value / 7), 'week');
}
