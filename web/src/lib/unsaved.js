// Unsaved edits of a report, kept in the browser's local storage until the server has them:
// a reload, a closed tab, a dropped connection or an expired session never loses them.
const key = (reportId) => `gongkai.unsaved.${reportId}`;

export function loadUnsaved(reportId, storage = globalThis.localStorage) {
  try {
    const text = storage?.getItem(key(reportId));
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

// edit: {base_revision, content, title}
export function saveUnsaved(reportId, edit, storage = globalThis.localStorage) {
  try {
    storage?.setItem(key(reportId), JSON.stringify({ ...edit, saved_at: new Date().toISOString() }));
  } catch {
    // A full storage only loses the crash protection, not the edit on the page.
  }
}

export function clearUnsaved(reportId, storage = globalThis.localStorage) {
  storage?.removeItem(key(reportId));
}
