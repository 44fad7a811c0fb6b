// The categories a notice (通知公告) is filed under. The server takes any text as `category`
// and no configuration lists them, so the workbench offers this fixed list: the kinds of
// official documents of 《党政机关公文处理工作条例》 that offices publish as notices, plus
// 公示; a report filed under another category keeps it (categoryOptions).
export const NOTICE_CATEGORIES = ['通知', '公告', '通告', '公示', '通报', '决定', '意见', '办法'];

// The choices for a notice whose category is `current`: the list, and `current` if it is
// not in it (an older or imported notice), so that saving never drops it.
export function categoryOptions(current) {
  return current && !NOTICE_CATEGORIES.includes(current) ? [...NOTICE_CATEGORIES, current] : NOTICE_CATEGORIES;
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
