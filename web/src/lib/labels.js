// Chinese wording for the codes the API returns. States and actions follow the labels of
// config/workflows/*.toml; codes this table does not know are shown as they are rather than
// hidden, so a new workflow still works (only less nicely) before this table learns it.

import { officeTime } from './time.js';

export const STATE_LABELS = {
  draft: '草稿',
  // Waiting states read as what the report waits for.
  secrecy_review: '待保密审查',
  first_review: '待初审',
  second_review: '待复审',
  leader_approval: '待领导审批',
  approved: '已批准待发布',
  published: '已发布',
  retracted: '已撤销发布',
  voided: '已作废',
};

export const ACTION_LABELS = {
  submit: '提交保密审查',
  withdraw: '撤回',
  pass_review: '通过保密审查',
  pass_first_review: '通过初审',
  pass_second_review: '通过复审',
  return: '退回修改',
  approve: '批准',
  publish: '发布',
  retract: '撤销发布',
  void: '作废',
};

// Actions that need a reason (the server refuses them without a comment).
export const ACTIONS_NEEDING_COMMENT = new Set(['return', 'retract', 'void']);
// Actions that carry the five-item secrecy checklist.
export const ACTIONS_WITH_CHECKLIST = new Set(['pass_review', 'pass_first_review', 'pass_second_review']);

export const KIND_LABELS = { annual_report: '政府信息公开工作年度报告', notice: '通知公告' };

export const ROLE_LABELS = {
  drafter: '起草人',
  reviewer: '保密审查人',
  leader: '分管领导',
  auditor: '审计',
  admin: '系统管理员',
};

// 保密审查清单: the five items, in the order of the review record.
export const CHECKLIST_ITEMS = [
  ['state_secret', '是否涉及国家秘密'],
  ['work_secret', '是否涉及工作秘密'],
  ['personal_info', '是否涉及个人隐私或个人信息'],
  ['commercial_secret', '是否涉及商业秘密'],
  ['security_stability', '是否可能危及国家安全、公共安全、经济安全和社会稳定'],
];

export const SEVERITY_LABELS = { block: '禁止发布', review: '需审查', info: '提示' };

// The scanner's rules (scanner/src/rule.cpp).
export const RULE_LABELS = {
  classification_marking: '密级标志',
  internal_marking: '工作秘密或内部标志',
  resident_id: '居民身份证号码',
  mobile_number: '手机号码',
  bank_card: '银行卡号',
  passport: '护照号码',
  sensitive_term: '敏感词',
  typo: '疑似错别字',
  document_number: '文号',
  credit_code: '统一社会信用代码',
  landline: '固定电话',
  email: '电子邮箱',
  declassified_marking: '解密标志',
};

export const DISPOSITION_LABELS = { keep: '保留', must_fix: '须修改' };

export const AUDIT_ACTION_LABELS = {
  'report.create': '创建报告',
  'report.update': '修改报告',
  'report.redact': '应用脱敏',
  'report.disposition': '审查意见',
  'report.correct': '新建更正报告',
  'report.correction_begun': '开始更正',
  'report.corrected': '已被更正',
  'comment.add': '发表评论',
  'comment.resolve': '评论已解决',
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.login_refused': '登录尝试被拒（过于频繁）',
  'auth.logout': '退出登录',
  'user.add': '新增用户',
  'role.grant': '授予角色',
  'org.add': '新增机构',
  'scanner.lexicons_reloaded': '重新加载审查词库',
  'scanner.lexicons_reload_failed': '审查词库加载失败',
};

export function stateLabel(state) {
  return STATE_LABELS[state] ?? state;
}

// A waiting state as the stage a decision was taken in: 「保密审查阶段」, not 「待保密审查阶段」.
export function stageLabel(state) {
  return stateLabel(state).replace(/^待/, '');
}

export function actionLabel(action) {
  return ACTION_LABELS[action] ?? action;
}

export function auditActionLabel(action) {
  if (AUDIT_ACTION_LABELS[action]) return AUDIT_ACTION_LABELS[action];
  if (action?.startsWith('report.')) return actionLabel(action.slice('report.'.length));
  return action;
}

// "2024-01-31T08:00:00.000Z" → "2024-01-31 16:00", Beijing time (./time.js).
export function formatTime(iso) {
  return officeTime(iso);
}

// What each refusal is, for a failure that comes without a message of its own.
const ERROR_LABELS = {
  bad_request: '请求有误',
  unauthenticated: '登录已失效，请重新登录',
  forbidden: '操作被拒绝',
  not_found: '报告不存在或您无权查看',
  conflict: '内容已被他人更新，请刷新后再试',
  invalid_transition: '当前状态下不能执行此操作',
  validation_failed: '内容未通过校验',
  duplicate: '该报告已存在，不能重复创建',
  rate_limited: '操作过于频繁，请稍后再试',
  too_large: '内容超过长度限制',
  internal: '服务器内部错误，请稍后再试',
};

// A server message as people read it: states and actions quoted by their codes get their
// Chinese names, field names added in brackets for developers are left out, and a message
// that starts by repeating itself (「操作被拒绝：操作被拒绝…」) says it once.
export function plainMessage(message) {
  let text = String(message ?? '')
    .replace(/“([a-z][a-z0-9_]*)”/g, (all, code) => {
      const label = STATE_LABELS[code] ?? ACTION_LABELS[code];
      return label ? `“${label}”` : all;
    })
    .replace(/\s*[（(][a-z][a-z0-9_.]*[）)]/g, '')
    .trim();
  let repeated;
  while ((repeated = text.match(/^([^：:]{2,40})[：:]\s*(?=\1)/))) text = text.slice(repeated[0].length);
  return text;
}

// The message to show for a failed request.
export function errorMessage(error) {
  if (!error) return '';
  if (error.code === 'offline') return '与服务器的连接已断开，正在重新连接…';
  const message = error.message && error.message !== error.code ? plainMessage(error.message) : '';
  return message || ERROR_LABELS[error.code] || '操作失败';
}
