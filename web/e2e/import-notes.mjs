// What an import assumed stays with the report: the drafter imports the sample report (its
// applicant columns are blank and read as 0), sees the checks name cells by their labels,
// saves a second revision and submits; the reviewer, in another window and
// without anything the importing tab kept, reads the same notes in Chinese, labelled with the
// revision the import produced, cells named by their printed labels and the template by its
// title. Every screen is checked for codes.
import { expectText, log, runScenario, sampleReportText, takeAction, waitForState } from './harness.mjs';

async function run(story) {
  const drafter = await story.person('drafter');
  const reviewer = await story.person('reviewer');
  await Promise.all([story.login(drafter, 'drafter'), story.login(reviewer, 'reviewer')]);

  log('drafter imports the sample report; the notes of the import are on the report');
  await drafter.goto(`${story.baseUrl}/#/new`);
  await drafter.getByLabel('年度报告（粘贴已有文本导入）').check();
  await drafter.getByTestId('import-text').fill(sampleReportText());
  await drafter.getByRole('button', { name: '导入并创建草稿' }).click();
  await drafter.waitForURL(/#\/reports\/\d+$/);
  const reportId = Number(drafter.url().match(/reports\/(\d+)/)[1]);
  const drafterNotes = drafter.getByTestId('import-notes');
  await expectText(drafterNotes, '导入说明（第 1 版导入时');
  await expectText(drafterNotes, '138 个空白单元格按 0 读取');
  await expectText(drafterNotes, '一、本年新收政府信息公开申请数量 / 自然人');
  await story.shot(drafter, 'drafter-import-notes');

  log('drafter breaks a sum: the checks name cells by their labels, no rule ids');
  await drafter.locator('[data-path="applications.new_received.total"]').fill('3');
  const summary = drafter.getByTestId('validation-summary');
  await expectText(summary, '无法核对上年结转数');
  await expectText(summary, '一、本年新收政府信息公开申请数量');
  await story.shot(drafter, 'drafter-validation');
  await drafter.locator('[data-path="applications.new_received.total"]').fill('0');
  await drafter.locator('[aria-invalid="true"]').first().waitFor({ state: 'detached' });

  log('drafter adds a sentence, saves revision 2 and submits; the notes stay those of revision 1');
  await drafter.locator('[data-path="sections.other"]').fill('无其他需要报告的事项。');
  await drafter.getByTestId('save').click();
  await expectText(drafter.getByTestId('savebar'), '第 2 版');
  await expectText(drafterNotes, '导入说明（第 1 版导入时');
  await takeAction(drafter, 'submit');
  await waitForState(drafter, '保密审查');

  log('reviewer opens the report and reads the same notes');
  await reviewer.goto(`${story.baseUrl}/#/reports/${reportId}`);
  const notes = reviewer.getByTestId('import-notes');
  await expectText(notes, '导入说明（第 1 版导入时');
  await expectText(notes, '138 个空白单元格按 0 读取');
  await expectText(notes, '《政府信息公开工作年度报告格式（试行）》');
  if (!(await notes.evaluate((element) => element.open))) await notes.locator('summary').click();
  await story.shot(reviewer, 'reviewer-import-notes');
}

await runScenario('import-notes', run);
