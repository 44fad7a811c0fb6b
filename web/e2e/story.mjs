// The whole story of one annual report, in four browsers at once, against a real server and
// a real Redis started here on free ports:
//   drafter imports the sample report and fixes a validation error in the grid, submits;
//   the reviewer's bell shows the notification without a reload; the reviewer decides the
//   finding, fills the checklist and passes; the leader approves and publishes; the public
//   page shows it; the auditor finds every step in the audit table and the chain verifies.
// Plus: a <script> in a title and a comment does nothing; a server restart is survived
// without losing unsaved edits. Screenshots of every main screen go to --out. Any console
// error in any page fails the test.
//
// node web/e2e/story.mjs --bin build/bin --out build/web-screenshots (shots in .../story/)
import { readFileSync } from 'node:fs';
import { expectText, log, runScenario, sampleReportText, startServer, takeAction, waitForState } from './harness.mjs';

// The sample report with one broken sum (新收申请 总计 3 instead of 0) and a sentence naming a
// draft document (送审稿: a sensitive term the reviewer must decide on).
function sampleText() {
  const lines = sampleReportText().split('\n');
  const row = lines.findIndex((line) => line.includes('一、本年新收政府信息公开申请数量'));
  if (row < 0 || lines[row + 7].trim() !== '0') throw new Error('the sample report changed: fix sampleText()');
  lines[row + 7] = '\t3';
  const overview = lines.findIndex((line) => line.startsWith('一、总体情况'));
  lines.splice(overview + 1, 0, '   《水塔街政务公开标准目录（送审稿）》已按程序审定后印发。');
  return lines.join('\n');
}

async function run(story, server) {
  const drafter = await story.person('drafter');
  const reviewer = await story.person('reviewer');
  const leader = await story.person('leader');
  const auditor = await story.person('auditor');
  await Promise.all([
    story.login(drafter, 'drafter'),
    story.login(reviewer, 'reviewer'),
    story.login(leader, 'leader'),
    story.login(auditor, 'auditor'),
  ]);
  await story.shot(reviewer, 'workbench-reviewer');

  log('drafter imports the sample report');
  await drafter.getByRole('link', { name: '新建年度报告' }).click();
  await drafter.getByLabel('年度报告（粘贴已有文本导入）').check();
  await drafter.getByTestId('import-text').fill(sampleText());
  await drafter.getByRole('button', { name: '导入并创建草稿' }).click();
  await drafter.waitForURL(/#\/reports\/\d+$/);
  const reportId = Number(drafter.url().match(/reports\/(\d+)/)[1]);

  log('drafter sees the broken sum at its cell and fixes it');
  const brokenCell = drafter.locator('[data-path="applications.new_received.total"]');
  await drafter.locator('[data-path="applications.new_received.total"][aria-invalid="true"]').waitFor();
  await drafter.locator('[data-problem-path="applications.new_received.total"]').first().waitFor();
  await story.shot(drafter, 'drafter-validation-error');
  await brokenCell.fill('0');
  await drafter.locator('[aria-invalid="true"]').first().waitFor({ state: 'detached' });
  await drafter.getByTestId('save').click();
  await expectText(drafter.getByTestId('savebar'), '已保存（第 2 版）');
  await story.shot(drafter, 'drafter-editor');

  log('drafter submits; the reviewer is told without a reload');
  await takeAction(drafter, 'submit');
  await waitForState(drafter, '保密审查');
  await reviewer.getByTestId('unread-count').waitFor();
  await reviewer.getByTestId('awaiting').locator(`a[href="#/reports/${reportId}"]`).waitFor();
  await story.shot(reviewer, 'reviewer-bell');
  await reviewer.getByTestId('bell').click();
  await expectText(reviewer.getByTestId('notification'), '等待您进行保密审查');
  await reviewer.getByTestId('notification').first().click();
  await reviewer.waitForURL(new RegExp(`#/reports/${reportId}$`));

  log('reviewer decides the finding, fills the checklist and passes');
  const form = reviewer.getByTestId('disposition-form').first();
  await form.getByTestId('decision-keep').check();
  await form.getByTestId('disposition-note').fill('已公开印发文件的名称，可以公开');
  await form.getByRole('button', { name: '保存意见' }).click();
  await expectText(reviewer.getByTestId('disposition-status'), '保留');
  await reviewer.locator('[data-tab="changes"]').click();
  await reviewer.getByTestId('diff').waitFor();
  await story.shot(reviewer, 'reviewer-changes');
  await reviewer.locator('[data-tab="content"]').click();
  await takeAction(reviewer, 'pass_review', { checklist: true });
  await waitForState(reviewer, '领导审批');
  await reviewer.locator('[data-tab="comments"]').click();
  await reviewer.getByLabel('针对').selectOption('applications');
  await reviewer.getByTestId('comment-body').fill('第三部分数据已核对，@王强请审阅');
  await reviewer.getByRole('button', { name: '发表评论' }).click();
  await expectText(reviewer.getByTestId('comment'), '针对：三、收到和处理政府信息公开申请情况');
  await reviewer.locator('[data-tab="record"]').click();
  await reviewer.frameLocator('iframe[title="保密审查单"]').getByText('公开发布审批单').first().waitFor();
  await story.shot(reviewer, 'reviewer-review-record');
  await reviewer.locator('[data-tab="comments"]').click(); // stays open while the leader answers

  log('leader approves and publishes');
  await leader.getByTestId('unread-count').waitFor();
  await leader.getByTestId('bell').click();
  await expectText(leader.getByTestId('notification'), '提到了您'); // @王强: by name
  await leader.keyboard.press('Escape');
  await leader.goto(`${story.baseUrl}/#/reports/${reportId}`);
  await leader.locator('[data-tab="comments"]').click();
  await expectText(leader.getByTestId('comment'), '@王强请审阅');
  const mention = await leader.locator('[data-testid="comment"] .mention').first().textContent();
  if (mention !== '@王强') throw new Error(`the mention shown is "${mention}", not "@王强"`);
  await leader.getByRole('button', { name: '回复' }).click();
  await leader.getByTestId('comment-body').first().fill('已阅，同意');
  await leader.getByRole('button', { name: '回复', exact: true }).last().click();
  await expectText(leader.getByTestId('comment'), '已阅，同意');
  await leader.getByRole('button', { name: '标为已解决' }).click();
  await leader.getByText('已解决（王强）').waitFor(); // people by name, not account
  // The reviewer's open discussion shows the reply and the resolve without a reload.
  await expectText(reviewer.getByTestId('comment'), '已阅，同意');
  await reviewer.getByText('已解决（王强）').waitFor();
  await story.shot(leader, 'leader-discussion');
  await leader.locator('[data-tab="content"]').click();
  await takeAction(leader, 'approve');
  await waitForState(leader, '已批准待发布');
  await takeAction(leader, 'publish');
  await waitForState(leader, '已发布');
  await story.shot(leader, 'leader-published');

  log('the public page shows it, on a phone');
  const citizen = await story.person('public', { width: 390, height: 844 });
  await citizen.goto(`${story.baseUrl}/public/reports/${reportId}`);
  await citizen.getByText('政府信息公开工作年度报告').first().waitFor();
  await story.shot(citizen, 'public-report-phone');

  log('the auditor finds every step and the chain verifies');
  await auditor.getByRole('link', { name: '审计日志' }).click();
  await auditor.getByTestId('audit-report').fill(String(reportId));
  await auditor.getByTestId('audit-search').click();
  for (const action of ['report.create', 'report.update', 'report.submit', 'report.disposition', 'report.pass_review', 'report.approve', 'report.publish']) {
    await auditor.locator(`[data-testid="audit-table"] tr[data-action="${action}"]`).first().waitFor();
  }
  await expectText(auditor.locator('[data-testid="audit-table"] tr[data-action="report.publish"]').first(), '王强');
  await auditor.getByTestId('audit-verify').click();
  await expectText(auditor.getByTestId('verify-result'), '校验通过');
  const [download] = await Promise.all([auditor.waitForEvent('download'), auditor.getByTestId('audit-export').click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  if (!csv.startsWith('\uFEFF序号,')) throw new Error(`CSV without BOM/header: ${csv.slice(0, 40)}`);
  if (!csv.includes('report.publish') && !csv.includes('发布')) throw new Error('CSV lacks the publish entry');
  if (!csv.includes('操作人账号,操作人,') || !csv.includes('leader,王强,')) throw new Error('CSV lacks the names of the people');
  await story.shot(auditor, 'auditor-audit-log');
  await auditor.locator(`[data-testid="audit-table"] a[href="#/reports/${reportId}"]`).first().click();
  await auditor.locator('[data-tab="history"]').click();
  await expectText(auditor.getByTestId('timeline'), '通过保密审查');
  await auditor.getByRole('button', { name: '与第 1 版对比' }).click();
  await auditor.locator('[data-testid="diff"] tr[data-path="applications.new_received.total"]').waitFor();
  await story.shot(auditor, 'auditor-timeline-diff');

  await onAPhone(story, reportId);
  await otherWaysThrough(story, { drafter, reviewer, leader }, reportId);
  await hostileText(story, drafter, reviewer);
  await survivesRestart(story, drafter, server);
  await keepsEditsAcrossReloadAndConflict(story, drafter);
  await keepsInvalidCellTextAcrossReload(drafter);
}

// The leader reads the report on a 390-pixel phone: nothing but the wide tables (which
// scroll inside their own frame) may be wider than the screen.
async function onAPhone(story, reportId) {
  log('the leader reads it on a phone');
  const phone = await story.person('leader-phone', { width: 390, height: 844 });
  await story.login(phone, 'leader');
  await story.shot(phone, 'leader-phone-workbench');
  await phone.goto(`${story.baseUrl}/#/reports/${reportId}`);
  await waitForState(phone, '已发布');
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  if (width > 390) throw new Error(`the report page is ${width} px wide on a 390 px phone`);
  await story.shot(phone, 'leader-phone-report');
}

// The other ways through the workflow: the drafter masks a mobile number the scanner found,
// previews, submits and withdraws; the reviewer returns it with a reason the drafter is
// shown; the leader retracts the published report, and the public page gives the reason.
async function otherWaysThrough(story, { drafter, reviewer, leader }, publishedId) {
  log('drafter masks a number, previews, submits and withdraws; the reviewer returns it');
  await drafter.goto(`${story.baseUrl}/#/new`);
  await drafter.getByLabel('通知公告').check();
  await drafter.getByLabel(/^标题/).fill('关于开展便民服务的通知');
  await drafter.getByLabel('正文').fill('咨询电话：13812345678，工作日受理。');
  await drafter.getByRole('button', { name: '创建草稿' }).click();
  await drafter.waitForURL(/#\/reports\/\d+$/);
  const noticeId = Number(drafter.url().match(/reports\/(\d+)/)[1]);
  await drafter.getByText('应用脱敏（如 138****5678）').first().click();
  await drafter.getByRole('button', { name: /应用脱敏并保存为新版本/ }).click();
  await drafter.waitForFunction(() => document.querySelector('[data-path="body"]')?.value === '咨询电话：138****5678，工作日受理。');
  await drafter.locator('[data-tab="preview"]').click();
  await expectText(drafter.locator('[role="tabpanel"]'), '138****5678');
  await takeAction(drafter, 'submit');
  await waitForState(drafter, '保密审查');
  await takeAction(drafter, 'withdraw');
  await waitForState(drafter, '草稿');
  await takeAction(drafter, 'submit');
  await waitForState(drafter, '保密审查');

  await reviewer.goto(`${story.baseUrl}/#/reports/${noticeId}`);
  await waitForState(reviewer, '保密审查');
  await takeAction(reviewer, 'return', { comment: '请写明受理时间' });
  await waitForState(reviewer, '草稿');
  const reason = drafter.getByTestId('return-reason'); // the drafter's page updates by itself
  await expectText(reason, '请写明受理时间');
  await expectText(reason, '李娜');
  await story.shot(drafter, 'drafter-returned');

  log('the leader retracts the published report; the public page says why');
  await leader.goto(`${story.baseUrl}/#/reports/${publishedId}`);
  await takeAction(leader, 'retract', { comment: '数据有误，更正后重新发布' });
  await waitForState(leader, '已撤销发布');
  const citizen = await story.person('public-after-retraction', { width: 390, height: 844 });
  await citizen.goto(`${story.baseUrl}/public/reports/${publishedId}`);
  await citizen.getByText('撤回原因：数据有误，更正后重新发布').waitFor();
  await story.shot(citizen, 'public-retracted');
}

// A <script> in a title and a comment is shown as text and runs nothing.
async function hostileText(story, drafter, reviewer) {
  log('hostile text is shown, not run');
  const hostile = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">';
  await drafter.goto(`${story.baseUrl}/#/new`);
  await drafter.getByLabel('通知公告').check();
  await drafter.getByLabel(/^标题/).fill(`通知${hostile}`);
  await drafter.getByLabel('正文').fill('正文');
  await drafter.getByRole('button', { name: '创建草稿' }).click();
  await drafter.waitForURL(/#\/reports\/\d+$/);
  const noticeId = Number(drafter.url().match(/reports\/(\d+)/)[1]);
  await drafter.locator('[data-tab="comments"]').click();
  await drafter.getByTestId('comment-body').last().fill(`评论${hostile} @reviewer`);
  await drafter.getByRole('button', { name: '发表评论' }).click();
  await expectText(drafter.getByTestId('comment'), '<script>');
  await reviewer.goto(`${story.baseUrl}/#/reports/${noticeId}`);
  await expectText(reviewer.getByTestId('report-title'), '<script>');
  await reviewer.locator('[data-tab="comments"]').click();
  await expectText(reviewer.getByTestId('comment'), '<img');
  for (const page of [drafter, reviewer]) {
    if (await page.evaluate(() => window.__pwned)) throw new Error('hostile text ran');
    if (await page.locator('img[src="x"]').count()) throw new Error('hostile markup was inserted');
  }
  await story.shot(reviewer, 'reviewer-comments');
}

// The server restarts while the drafter has unsaved edits: the page says it is offline,
// keeps the edit, reconnects by itself, resumes the session and saves.
async function survivesRestart(story, drafter, server) {
  log('a server restart loses no unsaved edit');
  await drafter.locator('[data-tab="content"]').click();
  const body = drafter.locator('[data-path="body"]');
  await body.fill('断线期间的修改');
  story.serverDown = true;
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  await drafter.getByText('网络已断开').first().waitFor();
  await drafter.getByTestId('save').click();
  await expectText(drafter.getByTestId('savebar'), '连接恢复后自动保存');
  await story.shot(drafter, 'drafter-offline');
  const restarted = await startServer(server.dir, server.db, server.redisPort, server.port);
  Object.assign(server, restarted);
  await expectText(drafter.getByTestId('savebar'), '已保存（第 2 版）');
  story.serverDown = false;
  if ((await body.inputValue()) !== '断线期间的修改') throw new Error('the edit was lost');
}

// Unsaved edits survive a reload (after the browser asked before leaving), and a save on a
// revision somebody else replaced meanwhile is merged with theirs and shown before saving.
async function keepsEditsAcrossReloadAndConflict(story, drafter) {
  log('unsaved edits survive a reload; a concurrent save is a visible conflict');
  const body = drafter.locator('[data-path="body"]');
  // Browsers ask before leaving only a page the person has used (a click or a key press, not
  // a script's fill), and only once the edit has rendered its guard.
  await body.click();
  await body.fill('甲的修改');
  await body.press('End');
  await expectText(drafter.getByTestId('savebar'), '有未保存的修改');
  let askedBeforeLeaving = false;
  drafter.once('dialog', (dialog) => {
    askedBeforeLeaving = dialog.type() === 'beforeunload';
    dialog.accept();
  });
  await drafter.reload();
  if (!askedBeforeLeaving) throw new Error('leaving with unsaved edits did not ask first');
  await expectText(drafter.getByTestId('savebar'), '已恢复上次未保存的修改');
  if ((await body.inputValue()) !== '甲的修改') throw new Error('the unsaved edit was not restored');

  const colleague = await story.person('drafter-2');
  await story.login(colleague, 'drafter');
  await colleague.goto(drafter.url());
  await colleague.locator('[data-path="body"]').fill('乙的修改');
  await colleague.locator('[data-path="summary"]').fill('乙的摘要');
  await colleague.getByTestId('save').click();
  await expectText(colleague.getByTestId('savebar'), '已保存（第 3 版）');

  // Both changed the body, only the colleague the summary: the summary is merged in, the
  // body is shown as a conflict (mine kept), nothing is saved until I save.
  await drafter.getByTestId('newer-revision').waitFor();
  await drafter.getByTestId('save').click();
  const notice = drafter.getByTestId('conflict');
  await notice.waitFor();
  await expectText(notice, '正文：您的为“甲的修改”，对方的为“乙的修改”');
  if ((await drafter.locator('[data-path="summary"]').inputValue()) !== '乙的摘要') throw new Error('their summary was not merged in');
  await story.shot(drafter, 'drafter-merge');
  await drafter.getByTestId('save').click();
  await expectText(drafter.getByTestId('savebar'), '已保存（第 4 版）');
  if ((await body.inputValue()) !== '甲的修改') throw new Error('my edit was not the one saved');
  if ((await drafter.locator('[data-path="summary"]').inputValue()) !== '乙的摘要') throw new Error('their summary was lost');
}

// Text in a grid cell that is not a number yet is an unsaved edit like any other: a reload
// brings it back (marked invalid), and saving waits until it is corrected.
async function keepsInvalidCellTextAcrossReload(drafter) {
  log('text in a grid cell that does not parse yet survives a reload and blocks saving');
  await drafter.getByRole('link', { name: '新建年度报告' }).click();
  await drafter.getByLabel('年度报告（按国家模板填写）').check();
  await drafter.getByLabel('报告年度').fill('2019');
  await drafter.getByRole('button', { name: '创建草稿' }).click();
  await drafter.waitForURL(/#\/reports\/\d+$/);
  const cell = drafter.locator('input[data-path="applications.new_received.total"]');
  await cell.fill('12件');
  await cell.press('End');
  drafter.once('dialog', (dialog) => dialog.accept());
  await drafter.reload();
  await expectText(drafter.getByTestId('savebar'), '已恢复上次未保存的修改');
  if ((await cell.inputValue()) !== '12件') throw new Error('the invalid cell text was lost on reload');
  if ((await cell.getAttribute('aria-invalid')) !== 'true') throw new Error('the restored cell is not marked invalid');
  await expectText(drafter.getByTestId('savebar'), '有 1 个单元格的内容无效');
  await cell.fill('12');
  await drafter.getByTestId('save').click();
  await expectText(drafter.getByTestId('savebar'), '已保存（第 2 版）');
}

runScenario('story', run);
