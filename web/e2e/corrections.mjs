// One annual report per organisation and year: a second import of the same year is refused
// with a link to the report that exists; a draft made by mistake is voided (作废) with a
// reason and leaves the workbench; a published report is corrected (更正) through the same
// review, and once the correction is published the old public page says so and links it.
//
// node web/e2e/corrections.mjs --bin build/bin --out build/web-screenshots
import { expectText, log, runScenario, sampleReportText, takeAction, waitForState } from './harness.mjs';

async function importSample(drafter) {
  await drafter.getByRole('link', { name: /^新建/ }).first().click();
  await drafter.getByLabel('年度报告（粘贴已有文本导入）').check();
  await drafter.getByTestId('import-text').fill(sampleReportText());
  await drafter.getByRole('button', { name: '导入并创建草稿' }).click();
}

function idOf(page) {
  return Number(page.url().match(/reports\/(\d+)/)[1]);
}

// The reviewer keeps every finding that waits for a decision, then passes with the checklist.
async function passReview(reviewer, reportId, baseUrl) {
  await reviewer.goto(`${baseUrl}/#/reports/${reportId}`);
  await waitForState(reviewer, '保密审查');
  const forms = reviewer.getByTestId('disposition-form');
  const total = await forms.count();
  for (let i = 0; i < total; i += 1) {
    const form = forms.nth(i);
    await form.getByTestId('decision-keep').check();
    await form.getByTestId('disposition-note').fill('已公开的信息，可以公开');
    await form.getByRole('button', { name: '保存意见' }).click();
    await reviewer.getByTestId('disposition-status').nth(i).waitFor();
  }
  await takeAction(reviewer, 'pass_review', { checklist: true });
  await waitForState(reviewer, '领导审批');
}

async function approveAndPublish(leader, reportId, baseUrl) {
  await leader.goto(`${baseUrl}/#/reports/${reportId}`);
  await waitForState(leader, '领导审批');
  await takeAction(leader, 'approve');
  await waitForState(leader, '已批准待发布');
  await takeAction(leader, 'publish');
  await waitForState(leader, '已发布');
}

async function run(story) {
  const drafter = await story.person('drafter');
  const reviewer = await story.person('reviewer');
  const leader = await story.person('leader');
  await Promise.all([story.login(drafter, 'drafter'), story.login(reviewer, 'reviewer'), story.login(leader, 'leader')]);

  log('the drafter imports the 2020 report');
  await importSample(drafter);
  await drafter.waitForURL(/#\/reports\/\d+$/);
  const firstId = idOf(drafter);

  log('a second import of the same year is refused with a link to the first');
  await importSample(drafter);
  const refusal = drafter.getByTestId('duplicate-report');
  await expectText(refusal, '2020年度政府信息公开工作年度报告已存在（草稿），不能重复创建。');
  await story.shot(drafter, 'duplicate-import-refused');
  await refusal.getByRole('link', { name: '查看该报告' }).click();
  await drafter.waitForURL(new RegExp(`#/reports/${firstId}$`));
  await waitForState(drafter, '草稿');

  log('a draft made by mistake is voided with a reason');
  await drafter.getByRole('link', { name: /^新建/ }).first().click();
  await drafter.getByLabel('年度报告（按国家模板填写）').check();
  await drafter.getByLabel('报告年度').fill('2019');
  await drafter.getByRole('button', { name: '创建草稿' }).click();
  await drafter.waitForURL(/#\/reports\/\d+$/);
  const mistakeId = idOf(drafter);
  await drafter.locator('[data-action="void"]').click();
  await drafter.getByTestId('confirm-action').click();
  await expectText(drafter.locator('.action-form .error'), '请填写理由');
  await drafter.getByTestId('action-comment').fill('年度选错，作废后重新建立');
  await story.shot(drafter, 'void-dialog');
  await drafter.getByTestId('confirm-action').click();
  await waitForState(drafter, '已作废');
  await expectText(drafter.getByTestId('voided-note'), '年度选错，作废后重新建立');
  await story.shot(drafter, 'voided-report');
  await drafter.locator('[data-tab="history"]').click();
  await drafter.getByText('年度选错，作废后重新建立').first().waitFor();
  await drafter.goto(story.baseUrl);
  await drafter.locator(`a[href="#/reports/${firstId}"]`).first().waitFor();
  if ((await drafter.locator(`a[href="#/reports/${mistakeId}"]`).count()) > 0) {
    throw new Error('the voided draft is still listed on the workbench');
  }
  await story.shot(drafter, 'workbench-without-voided');

  log('the 2020 report goes through review and is published');
  await drafter.goto(`${story.baseUrl}/#/reports/${firstId}`);
  await takeAction(drafter, 'submit');
  await waitForState(drafter, '保密审查');
  await passReview(reviewer, firstId, story.baseUrl);
  await approveAndPublish(leader, firstId, story.baseUrl);

  log('the drafter starts a correction of the published report');
  await drafter.goto(`${story.baseUrl}/#/reports/${firstId}`);
  await waitForState(drafter, '已发布');
  await drafter.getByTestId('correct-report').click();
  await story.shot(drafter, 'correct-dialog');
  await drafter.getByTestId('confirm-correct').click();
  await drafter.waitForURL((url) => !url.hash.endsWith(`/reports/${firstId}`) && /#\/reports\/\d+$/.test(url.hash));
  const correctionId = idOf(drafter);
  await waitForState(drafter, '草稿');
  await expectText(drafter.getByTestId('corrects'), '本报告是对已发布报告的更正');
  await story.shot(drafter, 'correction-draft');

  log('the correction goes through the same review and is published');
  await takeAction(drafter, 'submit');
  await waitForState(drafter, '保密审查');
  await passReview(reviewer, correctionId, story.baseUrl);
  await approveAndPublish(leader, correctionId, story.baseUrl);
  await expectText(leader.getByTestId('corrects'), '已替代原报告');

  log('the old report says it was corrected, in the workbench and on its public page');
  await drafter.goto(`${story.baseUrl}/#/reports/${firstId}`);
  await expectText(drafter.getByTestId('corrected-by'), '本报告已更正，以更正后的版本为准');
  await story.shot(drafter, 'corrected-report');
  const citizen = await story.person('public');
  await citizen.goto(`${story.baseUrl}/public/reports/${firstId}`);
  await expectText(citizen.locator('.correction'), '本报告已更正，以更正后的版本为准');
  await story.shot(citizen, 'public-old-corrected');
  await citizen.getByRole('link', { name: '查看更正后的版本' }).click();
  await citizen.waitForURL(new RegExp(`/public/reports/${correctionId}$`));
  await expectText(citizen.locator('.correction'), '本报告是对此前发布的报告的更正');
  await story.shot(citizen, 'public-correction');
}

runScenario('corrections', run);
