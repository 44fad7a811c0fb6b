// The choices for a notice whose category is `current`: the categories the installation
// configured (`report.options`, [reports] notice_categories), and `current` if it is not
// among them (an older or imported notice), so that saving never drops it.
export function categoryOptions(categories, current) {
  return current && !categories.includes(current) ? [...categories, current] : categories;
}

// The required fields of a form that are still empty, as the messages to show beside them
// (the browser's own bubbles are in the browser's language, so forms check themselves).
export function missingMessages(fields) {
  const out = {};
  for (const [name, value, label] of fields) {
    if (String(value ?? '').trim() === '') out[name] = `请填写${label}`;
  }
  return out;
}
