// What the decision dialogs and the findings panel offer: the common opinion phrases, the
// 「以上均否」 checklist answer, the confirmation after an action, the masking example that
// fits each kind of finding, and a typo's suggestion applied to the text.
import { stateLabel } from './labels.js';

// Common phrases of an opinion, by action (picked, then edited freely).
const PHRASES = {
  submit: ['请审查', '已按要求修改，请审查'],
  pass_review: ['同意', '经审查，未发现涉密和敏感内容，同意公开'],
  pass_first_review: ['同意', '经初审，同意报复审'],
  pass_second_review: ['同意', '经复审，同意报领导审批'],
  return: ['请修改后再报', '请按审查意见修改后再报'],
  approve: ['同意', '同意发布'],
  publish: ['同意发布'],
  withdraw: ['撤回修改'],
  retract: ['内容有误，更正后重新发布'],
  void: ['重复创建', '导入的内容有误'],
};

export function opinionPhrases(action) {
  return PHRASES[action] ?? ['同意'];
}

// The opinion with a picked phrase added: the phrase alone into an empty box, after what is
// there (with 「；」) otherwise; a phrase that is already there is not added again.
export function insertPhrase(text, phrase) {
  const current = (text ?? '').trimEnd();
  if (current === '') return phrase;
  if (current.split(/[；;，,。\n]/).some((part) => part.trim() === phrase)) return current;
  return /[；;，,。]$/.test(current) ? `${current}${phrase}` : `${current}；${phrase}`;
}

// 「以上均否」: every checklist item answered 否 (each can still be changed after).
export function allNo(items) {
  return Object.fromEntries(items.map(([key]) => [key, false]));
}

// What the action just did and what comes next, for the confirmation shown after it.
// `state` is the report's state afterwards.
const DONE = {
  submit: '已提交保密审查',
  withdraw: '已撤回，报告回到草稿',
  pass_review: '已通过保密审查',
  pass_first_review: '已通过初审',
  pass_second_review: '已通过复审',
  return: '已退回起草人修改',
  approve: '已批准',
  publish: '已发布',
  retract: '已撤销发布',
  void: '已作废',
};

const NEXT = {
  draft: '起草人可继续修改，修改后重新提交保密审查。',
  secrecy_review: '等待保密审查人审查；审查期间内容不能修改，如需修改可先撤回。',
  first_review: '等待初审。',
  second_review: '等待复审。',
  leader_approval: '已通知分管领导审批。',
  approved: '等待发布；发布后公众即可在公开页面查看。',
  published: '公众现在可以在公开页面查看本报告。',
  retracted: '公开页面已不再显示正文，只显示撤回原因。',
  voided: '报告已移出工作台列表，仍可在历史和审计记录中查到。',
};

export function afterAction(action, state) {
  return {
    done: `${DONE[action] ?? `操作已完成，报告现为“${stateLabel(state)}”`}。`,
    next: NEXT[state] ?? '',
  };
}

// The address of a published report's public page.
export function publicPageUrl(reportId) {
  return `/public/reports/${reportId}`;
}

// How the server masks each kind of identifier (report.redact), as an example next to the
// choice: an identity number is not shown a phone example.
const MASK_EXAMPLES = {
  mobile_number: '138****5678',
  landline: '0357-***5678',
  resident_id: '35*************234',
  bank_card: '***************5679',
  passport: 'E*****678',
  credit_code: '91************341L',
  email: 'g******@yaodu.gov.cn',
};

export function maskExample(rule) {
  return MASK_EXAMPLES[rule] ?? '';
}

// Kinds of finding that may be an office's public contact line (a telephone or e-mail the
// notice invites people to use), which the reviewer may keep as such.
export const CONTACT_RULES = new Set(['mobile_number', 'landline', 'email']);
export const PUBLIC_CONTACT_NOTE = '对外联系方式，为本单位公开的办公联系渠道，可以公开';

// The content with a typo's suggestion put in place of [start, end) (Unicode code points of
// the saved text of `finding.field`). Returns {content, title} (the title changes when the
// finding is in it), or null when the text no longer holds what the finding marked.
export function applySuggestion({ content, title }, finding) {
  if (!finding?.suggestion) return null;
  const replace = (text) => {
    if (typeof text !== 'string') return null;
    const chars = [...text];
    if (finding.end > chars.length || finding.start > finding.end) return null;
    return [...chars.slice(0, finding.start), ...finding.suggestion, ...chars.slice(finding.end)].join('');
  };
  if (finding.field === 'title') {
    const next = replace(title);
    return next === null ? null : { content, title: next };
  }
  const path = parsePath(finding.field);
  const next = replace(getAt(content, path));
  if (next === null) return null;
  return { content: setAt(content, path, next), title };
}

// "sections.overview", "items[2].text" → ['sections', 'overview'], ['items', 2, 'text']
function parsePath(field) {
  const out = [];
  for (const part of field.split('.')) {
    const match = part.match(/^([^[]+)((?:\[\d+\])*)$/);
    if (!match) return [field];
    out.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out;
}

function getAt(value, path) {
  return path.reduce((node, key) => (node == null ? undefined : node[key]), value);
}

function setAt(value, [key, ...rest], text) {
  const copy = Array.isArray(value) ? [...value] : { ...value };
  copy[key] = rest.length ? setAt(value?.[key] ?? (typeof rest[0] === 'number' ? [] : {}), rest, text) : text;
  return copy;
}
