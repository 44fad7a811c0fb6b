// CSV for Excel and WPS: UTF-8 with a byte-order mark (without it both read the file as the
// local ANSI code page and the Chinese turns to mojibake), CRLF line ends, every field quoted
// when it holds a comma, quote or line break. Fields that a spreadsheet would run as a
// formula (=, +, -, @ first) are prefixed with ' so an exported log cannot carry one.
export const BOM = '\uFEFF';

export function csvField(value) {
  let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  if (/[",\r\n]/.test(text)) text = `"${text.replaceAll('"', '""')}"`;
  return text;
}

export function toCsv(header, rows) {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}
