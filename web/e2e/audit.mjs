// The audit log as auditors search it and everyone else reads history: the auditor finds a
// person by their name (李娜) and entries by report title, sees the title column and details
// in the office's words, opens 「技术信息」 for the hashes, exports the search as CSV whose
// times are the screen's (Beijing time), and reaches a report's log from the report page
// (「查看审计记录」). The drafter's 历史 tab shows no audit numbers or hashes.
//
// node web/e2e/audit.mjs --bin build/bin --out build/web-screenshots
import { readFileSync } from 'node:fs';
import { expectText, log, reportIdOf, runScenario, takeAction, waitForState } from './harness.mjs';

const TITLE = '关于水塔街道办事处暂停供水的通知';
const BODY = '因管网检修，本周六 8 时至 12 时暂停供水，请居民提前储水。';

// The rows the audit table shows: time, person, action, report title and details.
async function tableRows(page) {
  const table = page.getByTestId('audit-table');
  await table.waitFor();
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = [...row.children].map((cell) => cell.innerText.trim());
      return {
        action: row.dataset.action,
        time: row.querySelector('[data-testid="audit-time"]').innerText.trim(),
        person: cells[1],
        report: cells[3],
        title: row.querySelector('[data-testid="audit-report-title"]').innerText.trim(),
        details: row.querySelector('[data-testid="audit-details"]').innerText.trim(),
      };
    }),
  );
}

async function search(page, fields) {
  for (const [testId, value] of Object.entries({ 'audit-report': '', 'audit-title': '', 'audit-actor': '', ...fields })) {
    await page.getByTestId(testId).fill(value);
  }
  // A new search replaces the table: wait for the answer of this one.
  const answers = async () => Number((await page.getByTestId('audit-table').getAttribute('data-answers').catch(() => 0)) ?? 0);
  const before = (await page.getByTestId('audit-table').count()) ? await answers() : 0;
  await page.getByTestId('audit-search').click();
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="audit-table"]')?.dataset.answers ?? 0) > n,
    before,
  );
  return tableRows(page);
}

// A CSV line's fields (quoted fields with commas and doubled quotes).
function csvFields(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), (i += 1);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') fields.push(field), (field = '');
    else field += c;
  }
  fields.push(field);
  return fields;
}

async function run(story) {
  const drafter = await story.person('drafter');
  const reviewer = await story.person('reviewer');
  await Promise.all([story.login(drafter, 'drafter'), story.login(reviewer, 'reviewer')]);

  log('the drafter writes a notice and submits it; the reviewer (李娜) passes it');
  await drafter.getByRole('link', { name: '新建通知公告' }).click();
  await drafter.getByLabel(/^标题/).fill(TITLE);
  await drafter.getByLabel('正文').fill(BODY);
  await drafter.getByRole('button', { name: '创建草稿' }).click();
  await drafter.waitForURL(/#\/reports\/\d+$/);
  const reportId = reportIdOf(drafter);
  await takeAction(drafter, 'submit');
  await waitForState(drafter, '保密审查');
  await reviewer.goto(`${story.baseUrl}/#/reports/${reportId}`);
  await takeAction(reviewer, 'pass_review', { checklist: true, comment: '同意' });
  await waitForState(reviewer, '领导');

  log("the drafter's history tab has no audit numbers or hashes");
  await drafter.reload();
  await drafter.locator('[data-tab="history"]').click();
  await drafter.getByTestId('timeline').locator('li').nth(2).waitFor();
  if (await drafter.getByTestId('timeline').getByText('技术信息').count()) throw new Error('the drafter is offered 技术信息');
  await story.shot(drafter, 'drafter-history');

  const auditor = await story.person('auditor', { width: 1440, height: 900 });
  await story.login(auditor, 'auditor');
  await auditor.getByRole('link', { name: '审计日志' }).click();
  const actions = await auditor.getByTestId('audit-action').locator('option').allTextContents();
  if (actions.some((label) => /[a-z]/.test(label))) throw new Error(`the action menu shows codes: ${actions.join(' ')}`);

  log('the auditor finds 李娜 by her name');
  const byName = await search(auditor, { 'audit-actor': '李娜' });
  if (!byName.length || byName.some((row) => row.person !== '李娜')) throw new Error(`search by 李娜: ${JSON.stringify(byName)}`);
  const passed = byName.find((row) => row.action === 'report.pass_review');
  if (!passed) throw new Error('the pass of the review is not among 李娜\'s entries');
  if (passed.title !== TITLE) throw new Error(`the title column says "${passed.title}"`);
  for (const words of ['意见：同意', '核查项', '是否涉及国家秘密：否']) {
    if (!passed.details.includes(words)) throw new Error(`details "${passed.details}" lack ${words}`);
  }
  await story.shot(auditor, 'audit-by-name');

  log('and the entries of a report by a word of its title');
  const byTitle = await search(auditor, { 'audit-title': '暂停供水' });
  if (!byTitle.length || byTitle.some((row) => row.title !== TITLE || row.report !== String(reportId))) {
    throw new Error(`search by title: ${JSON.stringify(byTitle)}`);
  }
  const kinds = new Set(byTitle.map((row) => row.action));
  for (const action of ['report.create', 'report.submit', 'report.pass_review']) {
    if (!kinds.has(action)) throw new Error(`the title search lacks ${action}`);
  }

  log('技术信息 shows the hashes to the auditor who opens it');
  const technical = auditor.getByTestId('audit-table').locator('details.technical').first();
  await technical.locator('summary').click();
  await technical.locator('[data-technical]').waitFor();
  const raw = await technical.locator('[data-technical]').innerText();
  if (!/[0-9a-f]{64}/.test(raw)) throw new Error(`技术信息 has no hash: ${raw}`);
  await story.shot(auditor, 'audit-by-title-technical');

  log("the CSV's times are the screen's");
  const [download] = await Promise.all([auditor.waitForEvent('download'), auditor.getByTestId('audit-export').click()]);
  const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.split('\r\n').filter(Boolean);
  const header = csvFields(lines[0]);
  const at = header.indexOf('时间（北京时间）');
  const title = header.indexOf('报告标题');
  if (at < 0 || title < 0) throw new Error(`CSV header: ${header.join(',')}`);
  const exported = lines.slice(1).map(csvFields);
  if (exported.length !== byTitle.length) throw new Error(`CSV has ${exported.length} rows, the screen ${byTitle.length}`);
  exported.forEach((row, i) => {
    if (row[at] !== byTitle[i].time) throw new Error(`CSV time ${row[at]} where the screen shows ${byTitle[i].time}`);
    if (row[title] !== TITLE) throw new Error(`CSV title ${row[title]}`);
  });

  log('an auditor whose computer is set to UTC sees the same Beijing times');
  const utc = await story.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'UTC' });
  const travelling = await story.person('auditor-utc', undefined, { context: utc });
  await story.login(travelling, 'auditor');
  await travelling.getByRole('link', { name: '审计日志' }).click();
  const elsewhere = await search(travelling, { 'audit-title': '暂停供水' });
  if (elsewhere.map((row) => row.time).join() !== byTitle.map((row) => row.time).join()) {
    throw new Error(`times in a UTC browser ${elsewhere.map((row) => row.time)} differ from ${byTitle.map((row) => row.time)}`);
  }
  await utc.close();

  log('「查看审计记录」 on the report leads to its log');
  await auditor.goto(`${story.baseUrl}/#/reports/${reportId}`);
  await auditor.getByTestId('audit-link').click();
  await auditor.waitForURL(new RegExp(`#/audit/reports/${reportId}$`));
  const ofReport = await tableRows(auditor);
  if (!ofReport.length || ofReport.some((row) => row.report !== String(reportId))) {
    throw new Error(`the report's log: ${JSON.stringify(ofReport)}`);
  }
  if ((await auditor.getByTestId('audit-report').inputValue()) !== String(reportId)) throw new Error('the report number is not in the search');
  await story.shot(auditor, 'audit-of-report');

  log("the auditor's history tab keeps the numbers behind 技术信息");
  await auditor.goto(`${story.baseUrl}/#/reports/${reportId}`);
  await auditor.locator('[data-tab="history"]').click();
  await expectText(auditor.getByTestId('timeline').locator('summary'), '技术信息');
  await auditor.getByTestId('timeline').locator('summary').first().click();
  await story.shot(auditor, 'auditor-history-technical');

  log('the system appears as 系统');
  const bySystem = await (async () => {
    await auditor.getByRole('link', { name: '审计日志' }).click();
    return search(auditor, { 'audit-actor': '系统' });
  })();
  if (!bySystem.length || bySystem.some((row) => row.person !== '系统')) throw new Error(`search by 系统: ${JSON.stringify(bySystem.slice(0, 3))}`);
  await story.shot(auditor, 'audit-system');
}

await runScenario('audit', run);
