// Three-way merge of report contents, for a save that lost the race: what I changed since
// the revision I started from is laid over what the others saved meanwhile. Only fields
// both sides changed differently are conflicts; there my value is kept and the person is
// shown both (they decide before saving, nothing is overwritten unseen).

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// → {content, conflicts: [{path, mine, theirs}]}
export function mergeContent(base, mine, theirs) {
  const conflicts = [];
  const content = mergeValue(base, mine, theirs, '', conflicts);
  return { content, conflicts };
}

function mergeValue(base, mine, theirs, path, conflicts) {
  if (same(mine, base)) return theirs;
  if (same(theirs, base) || same(mine, theirs)) return mine;
  if ((isObject(mine) || mine === undefined) && (isObject(theirs) || theirs === undefined) && (isObject(mine) || isObject(theirs))) {
    const out = {};
    const keys = new Set([...Object.keys(base ?? {}), ...Object.keys(mine ?? {}), ...Object.keys(theirs ?? {})]);
    for (const key of keys) {
      const value = mergeValue(base?.[key], mine?.[key], theirs?.[key], path ? `${path}.${key}` : key, conflicts);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  conflicts.push({ path, mine, theirs });
  return mine;
}
