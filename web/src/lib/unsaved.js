// Unsaved edits of a report, kept in the browser's local storage until the server has them:
// a reload, a closed tab, a dropped connection or an expired session never loses them. They
// are kept per user, so on a shared computer nobody else gets them restored.
const PREFIX = 'gongkai.unsaved.';
const key = (username, reportId) => `${PREFIX}${username}.${reportId}`;

export function loadUnsaved(username, reportId, storage = globalThis.localStorage) {
  try {
    const text = storage?.getItem(key(username, reportId));
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

// edit: {base_revision, content, title}
export function saveUnsaved(username, reportId, edit, storage = globalThis.localStorage) {
  try {
    storage?.setItem(key(username, reportId), JSON.stringify({ ...edit, saved_at: new Date().toISOString() }));
  } catch {
    // A full storage only loses the crash protection, not the edit on the page.
  }
}

export function clearUnsaved(username, reportId, storage = globalThis.localStorage) {
  storage?.removeItem(key(username, reportId));
}

// How many reports the user has unsaved edits of (asked before logging out).
export function countUnsaved(username, storage = globalThis.localStorage) {
  let count = 0;
  for (let i = 0; i < (storage?.length ?? 0); i++) {
    if (storage.key(i)?.startsWith(`${PREFIX}${username}.`)) count++;
  }
  return count;
}

// Another tab of the same browser changed (or saved, or discarded) the user's unsaved edits
// of this report: onChange(edit) with the new edit, or null when it is gone. The tabs of one
// person then show one working copy instead of overwriting each other's in storage. Browsers
// send the `storage` event only to the other tabs, never to the one that wrote.
export function watchUnsaved(username, reportId, onChange, target = globalThis.window) {
  const wanted = key(username, reportId);
  const listener = (event) => {
    if (event.key !== wanted) return;
    let edit = null;
    try {
      edit = event.newValue ? JSON.parse(event.newValue) : null;
    } catch {
      return; // not ours to understand; keep what is on the page
    }
    onChange(edit);
  };
  target?.addEventListener('storage', listener);
  return () => target?.removeEventListener('storage', listener);
}
