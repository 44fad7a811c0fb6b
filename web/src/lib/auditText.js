// The audit log as an auditor reads it: each entry's details in the office's words, the
// same on screen and in the exported CSV. What has no words (ids, hashes, addresses) stays
// in the raw details, which the 「技术信息」 toggle and the CSV's last columns show.
import { CHECKLIST_ITEMS, DISPOSITION_LABELS, KIND_LABELS, ROLE_LABELS, RULE_LABELS, auditActionLabel } from './labels.js';
import { officeTime } from './time.js';

// The notice's form labels; an annual report's cells are named in its review record.
const FIELD_LABELS = { title: '标题', doc_number: '文号', category: '类别', effective_date: '生效日期', summary: '摘要', body: '正文' };

const yesNo = (value) => (value ? '是' : '否');

// The person the system recorded: 「系统」 for the tool and the server itself.
export function actorText(account, name) {
  if (name && name !== account) return name;
  if (account === 'system') return '系统';
  return account;
}

// One sentence per fact the entry's details hold, joined with 「；」. `orgName` turns an
// organisation id into its name.
export function describeDetails(entry, orgName = () => '') {
  const d = entry?.details ?? {};
  const parts = [];
  const org = (id) => orgName(id) || '';
  if (d.title !== undefined) parts.push(`标题：${d.title}`);
  if (d.kind !== undefined && KIND_LABELS[d.kind]) parts.push(`类别：${KIND_LABELS[d.kind]}`);
  if (d.org !== undefined && org(d.org)) parts.push(`单位：${org(d.org)}`);
  if (d.base_revision !== undefined) parts.push(`在第 ${d.base_revision} 版基础上修改`);
  if (d.comment) parts.push(`意见：${d.comment}`);
  if (d.checklist && typeof d.checklist === 'object') {
    parts.push(`核查项：${CHECKLIST_ITEMS.filter(([key]) => key in d.checklist).map(([key, label]) => `${label}：${yesNo(d.checklist[key])}`).join('，')}`);
  }
  if (d.rule !== undefined) parts.push(`问题类型：${RULE_LABELS[d.rule] ?? '其他'}`);
  if (d.field !== undefined && FIELD_LABELS[d.field]) {
    const where = d.start !== undefined && d.end !== undefined ? `第 ${d.start + 1}–${d.end} 字` : '';
    parts.push(`位置：${FIELD_LABELS[d.field]}${where}`);
  }
  if (DISPOSITION_LABELS[d.decision]) parts.push(`审查意见：${DISPOSITION_LABELS[d.decision]}`);
  if (d.note) parts.push(`说明：${d.note}`);
  if (Array.isArray(d.finding_ids)) parts.push(`处理问题 ${d.finding_ids.length} 处`);
  if (d.body !== undefined) parts.push(`${d.reply_to ? '回复' : '内容'}：${d.body}`);
  if (d.corrects !== undefined) parts.push(`更正编号为 ${d.corrects} 的报告`);
  if (d.correction !== undefined) parts.push(`更正报告编号：${d.correction}`);
  if (d.reason) parts.push(`原因：${d.reason}`);
  if (d.display_name !== undefined) parts.push(`姓名：${d.display_name}`);
  if (ROLE_LABELS[d.role]) parts.push(`角色：${ROLE_LABELS[d.role]}`);
  if (entry?.action === 'org.add' && d.name !== undefined) parts.push(`机构：${d.name}`);
  if (d.refused !== undefined) parts.push(`被拒绝 ${d.refused} 次`);
  if (d.first && d.last) parts.push(`${officeTime(d.first, { seconds: true })} 至 ${officeTime(d.last, { seconds: true })}`);
  if (d.sensitive_terms !== undefined) parts.push(`敏感词 ${d.sensitive_terms} 个`);
  if (d.typos !== undefined) parts.push(`错别字 ${d.typos} 组`);
  if (d.reloaded === false) parts.push('词库未能加载，仍使用原词库');
  return parts.join('；');
}

// The columns of the exported log: the account beside the name and the action's code beside
// its name, for matching with other records; the raw details and hashes at the end.
export const AUDIT_CSV_HEADER = [
  '序号', '时间（北京时间）', '操作人账号', '操作人', '操作', '操作代码', '报告编号', '报告标题', '原状态', '新状态', '版本',
  '详情', '内容SHA-256', '详情原文', '本条哈希',
];

// One CSV row, its time as the screen shows it.
export function auditCsvRow(entry, { stateLabel, orgName }) {
  return [
    entry.seq, officeTime(entry.at, { seconds: true }), entry.actor, actorText(entry.actor, entry.actor_name),
    auditActionLabel(entry.action), entry.action, entry.report_id, entry.report_title ?? '',
    entry.from_state ? stateLabel(entry.from_state) : '', entry.to_state ? stateLabel(entry.to_state) : '',
    entry.revision, describeDetails(entry, orgName), entry.content_sha256, JSON.stringify(entry.details ?? {}), entry.hash,
  ];
}
