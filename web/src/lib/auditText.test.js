import { describe, expect, it } from 'vitest';
import { AUDIT_CSV_HEADER, actorText, auditCsvRow, describeDetails } from './auditText.js';
import { toCsv } from './csv.js';
import { stateLabel } from './labels.js';
import { officeTime } from './time.js';

describe('officeTime', () => {
  it('shows Beijing time whatever the zone of the browser', () => {
    expect(officeTime('2024-01-31T08:00:00.000Z')).toBe('2024-01-31 16:00');
    expect(officeTime('2024-01-31T20:30:05.000Z', { seconds: true })).toBe('2024-02-01 04:30:05');
    expect(officeTime('2024-12-31T16:00:00.000Z')).toBe('2025-01-01 00:00');
    expect(officeTime('')).toBe('');
    expect(officeTime('不是时间')).toBe('不是时间');
  });
});

describe('describeDetails', () => {
  it('reads a secrecy review decision in the office\'s words', () => {
    const text = describeDetails({
      action: 'report.pass_review',
      details: {
        comment: '同意',
        checklist: { state_secret: false, work_secret: true, personal_info: false, commercial_secret: false, security_stability: false },
      },
    });
    expect(text).toBe(
      '意见：同意；核查项：是否涉及国家秘密：否，是否涉及工作秘密：是，是否涉及个人隐私或个人信息：否，是否涉及商业秘密：否，是否可能危及国家安全、公共安全、经济安全和社会稳定：否',
    );
  });

  it('names findings, fields and organisations, never their codes', () => {
    const text = describeDetails(
      { action: 'report.disposition', details: { finding_id: 'f0123456789abcdef', rule: 'mobile_number', field: 'doc_number', start: 0, end: 10, decision: 'must_fix', note: '删去' } },
      () => '',
    );
    expect(text).toBe('问题类型：手机号码；位置：文号第 1–10 字；审查意见：须修改；说明：删去');
    const created = describeDetails(
      { action: 'report.create', details: { org: 'shuita', kind: 'notice', title: '关于停水的通知', workflow: 'default' } },
      (id) => ({ shuita: '尧都区水塔街办事处' })[id],
    );
    expect(created).toBe('标题：关于停水的通知；类别：通知公告；单位：尧都区水塔街办事处');
    expect(describeDetails({ action: 'role.grant', details: { username: 'reviewer', org: 'shuita', role: 'reviewer' } }, () => '尧都区水塔街办事处')).toBe(
      '单位：尧都区水塔街办事处；角色：保密审查人',
    );
    expect(describeDetails({ action: 'report.disposition', details: { rule: 'new_rule', decision: 'new_decision' } })).toBe('问题类型：其他');
    expect(describeDetails({ action: 'auth.login', details: { remote: '127.0.0.1' } })).toBe('');
    expect(describeDetails({ details: {} })).toBe('');
  });
});

describe('the audit CSV', () => {
  const entry = {
    seq: 7, at: '2024-01-31T20:30:05.000Z', actor: 'reviewer', actor_name: '李娜', action: 'report.pass_review',
    report_id: 3, report_title: '关于停水的通知', from_state: 'secrecy_review', to_state: 'leader_approval', revision: 2,
    content_sha256: 'ab'.repeat(32), details: { comment: '同意' }, hash: 'cd'.repeat(32),
  };

  it('has the time the screen shows', () => {
    const row = auditCsvRow(entry, { stateLabel, orgName: () => '' });
    expect(row.length).toBe(AUDIT_CSV_HEADER.length);
    expect(row[1]).toBe(officeTime(entry.at, { seconds: true }));
    expect(row[1]).toBe('2024-02-01 04:30:05');
    expect(row.slice(2, 12)).toEqual([
      'reviewer', '李娜', '通过保密审查', 'report.pass_review', 3, '关于停水的通知',
      stateLabel('secrecy_review'), stateLabel('leader_approval'), 2, '意见：同意',
    ]);
    const csv = toCsv(AUDIT_CSV_HEADER, [row]);
    expect(csv.split('\r\n')[1].startsWith('7,2024-02-01 04:30:05,reviewer,李娜,')).toBe(true);
  });

  it('names the system 系统', () => {
    expect(actorText('system', null)).toBe('系统');
    expect(actorText('reviewer', '李娜')).toBe('李娜');
    expect(actorText('nobody', null)).toBe('nobody');
  });
});
