// Formatting of durations, sizes, counts and times for display.

// "850 µs", "12.5 ms", "3.20 s", "2 min 5 s".
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(2)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

// "0 B", "1.2 KiB", "3.4 MiB".
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

// "1,234,567".
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

// A number for a table cell: integers as is, others with 4 significant digits.
export function number(v: unknown): string {
  if (typeof v !== 'number') return v === null || v === undefined ? '' : String(v);
  if (Number.isInteger(v)) return count(v);
  return Number(v.toPrecision(4)).toString();
}

// Nanoseconds since the epoch (decimal string) → milliseconds (float).
export function nanosToMs(nanos: string | number | undefined): number {
  if (nanos === undefined || nanos === '') return 0;
  return Number(nanos) / 1e6;
}

// "2026-03-12 15:21:07.123" in local time.
export function time(ms: number): string {
  if (!ms) return '–';
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

// "just now", "12 s ago", "5 min ago", "3 h ago", "2 d ago".
export function ago(ms: number, now = Date.now()): string {
  if (!ms) return 'never';
  const s = Math.max(0, (now - ms) / 1000);
  if (s < 2) return 'just now';
  if (s < 60) return `${Math.floor(s)} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

// A stable colour for a service name (same name, same colour).
export function serviceColor(name: string): string {
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  const palette = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f',
    '#ff9da7', '#8cd17d', '#499894', '#d4a6c8', '#86bcb6'];
  return palette[(hash >>> 0) % palette.length];
}
