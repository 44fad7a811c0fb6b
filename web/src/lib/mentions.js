// Splits a comment body into plain and mention parts: every occurrence of one of
// `mentions` (texts such as "@王强" that the server found to name somebody), the longest
// first where two start at the same place.
export function splitMentions(text, mentions = []) {
  const wanted = [...new Set(mentions)].filter(Boolean).sort((a, b) => b.length - a.length);
  const parts = [];
  let plainFrom = 0;
  let i = 0;
  while (i < text.length) {
    const found = text[i] === '@' ? wanted.find((m) => text.startsWith(m, i)) : undefined;
    if (!found) {
      i += 1;
      continue;
    }
    if (i > plainFrom) parts.push({ text: text.slice(plainFrom, i), mention: false });
    parts.push({ text: found, mention: true });
    i += found.length;
    plainFrom = i;
  }
  if (plainFrom < text.length) parts.push({ text: text.slice(plainFrom), mention: false });
  return parts;
}
