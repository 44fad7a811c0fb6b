// The office's time zone: Beijing time (UTC+8, no daylight saving time), as on the server's
// printed pages, whatever zone the browser is set to, so that every screen and the exported
// CSV give an entry the same date and time.
export const OFFICE_UTC_OFFSET_MINUTES = 8 * 60;

// "2024-01-31T08:00:00.000Z" → "2024-01-31 16:00" (with seconds: "2024-01-31 16:00:00").
// Text that is not a time comes back as it is.
export function officeTime(iso, { seconds = false } = {}) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const local = new Date(date.getTime() + OFFICE_UTC_OFFSET_MINUTES * 60000);
  const pad = (n) => String(n).padStart(2, '0');
  const text = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  return seconds ? `${text}:${pad(local.getUTCSeconds())}` : text;
}

// The office's date of a moment: "2024-01-31".
export const officeDate = (date = new Date()) => officeTime(date.toISOString()).slice(0, 10);
