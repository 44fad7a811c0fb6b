// The review desk as the office uses it: forms that speak Chinese when something is missing
// (never the browser's English bubble), the notice form with its category list and date
// picker, a typo's suggestion taken with one click, a contact line kept as what it is, the
// checklist's 「以上均否」 and the common opinion phrases, a refusal said once, the
// confirmation after each decision saying what comes next, the publish dialog saying what
// becomes public and then linking the public page, and long notifications that wrap.
//
// node web/e2e/review-desk.mjs --bin build/bin --out build/web-screenshots
import { expectText, log, runScenario } from './harness.mjs';

// The report's state by its code (its Chinese label is the workflow's wording).
async function waitForState(page, state) {
  await page.locator(`[data-testid="report-state"].state-${state}`).waitFor();
}

const TITLE = '关于公布水塔街道办事处便民服务热线和政务公开咨询联系方式并做好二〇二一年度政务服务工作的通知';
const BODY = '为方便群众办事，现将咨询电话公布如下：13812345678（工作日受理）。请各社区认真布署落实。';

// The browser's own message for a field: empty (nothing native is required) or Chinese.
async function expectNoEnglishValidation(locator, what) {
  const message = await locator.evaluate((element) => element.validationMessage);
  if (/[A-Za-z]/.test(message)) throw new Error(`${what} has the browser's message "${message}"`);
}

// No field of the screen asks the browser to check it (its bubble would be in English).
async function expectNoNativeRequired(page, where) {
  const fields = await page.evaluate(() => [...document.querySelectorAll('[required]')].map((e) => e.outerHTML.slice(0, 80)));
  if (fields.length) throw new Error(`${where}: fields left to the browser's checks: ${fields.join(' ')}`);
}

async function openAction(page, action) {
  await page.locator(`[data-action="${action}"]`).click();
  await page.getByTestId('confirm-action').waitFor();
}

async function run(story) {
  const visitor = await story.person('visitor');
  await visitor.goto(story.baseUrl);
  log('an empty login form is answered in Chinese');
  await visitor.getByRole('button', { name: '登录' }).click();
  await expectText(visitor.locator('#login-error'), '请填写用户名');
  await expectNoEnglishValidation(visitor.getByLabel('用户名'), 'the user name');
  await expectNoEnglishValidation(visitor.getByLabel('密码'), 'the password');
  await expectNoNativeRequired(visitor, 'the login form');
  await story.shot(visitor, 'login-empty');

  const drafter = await story.person('drafter');
  const reviewer = await story.person('reviewer');
  const leader = await story.person('leader');
  await Promise.all([story.login(drafter, 'drafter'), story.login(reviewer, 'reviewer'), story.login(leader, 'leader')]);

  log('the drafter creates a notice from the menu that names the kind');
  await drafter.getByRole('link', { name: '新建通知公告' }).click();
  await drafter.getByRole('heading', { name: '新建通知公告' }).waitFor();
  if (!(await drafter.getByLabel('通知公告').isChecked())) throw new Error('the menu did not choose 通知公告');
  await drafter.getByRole('button', { name: '创建草稿' }).click();
  await expectText(drafter.locator('.new-report .error'), '请填写标题');
  await expectText(drafter.locator('.new-report .error'), '请填写正文');
  await expectNoEnglishValidation(drafter.getByLabel(/^标题/), 'the title');
  await expectNoEnglishValidation(drafter.getByLabel('正文'), 'the body');
  await expectNoNativeRequired(drafter, 'the new notice form');
  await story.shot(drafter, 'new-notice-missing');
  await drafter.getByLabel(/^标题/).fill(TITLE);
  const categories = await drafter.getByTestId('notice-category').locator('option').allTextContents();
  if (!categories.includes('公告') || !categories.includes('通知')) throw new Error(`categories offered: ${categories}`);
  await drafter.getByTestId('notice-category').selectOption('公告');
  const date = drafter.getByTestId('notice-date');
  if ((await date.getAttribute('type')) !== 'date') throw new Error('the effective date is not a date picker');
  await date.fill('2021-03-01');
  await drafter.getByLabel('正文').fill(BODY);
  await story.shot(drafter, 'new-notice-filled');
  await drafter.getByRole('button', { name: '创建草稿' }).click();
  await drafter.waitForURL(/#\/reports\/\d+$/);
  const reportId = Number(drafter.url().match(/reports\/(\d+)/)[1]);
  if ((await drafter.locator('select[data-path="category"]').inputValue()) !== '公告') throw new Error('the category was not kept');
  if ((await drafter.locator('input[data-path="effective_date"]').inputValue()) !== '2021-03-01') throw new Error('the date was not kept');
  if ((await drafter.locator('input[data-path="effective_date"]').getAttribute('type')) !== 'date') throw new Error('the editor has no date picker');

  log('the findings speak of fields by their labels; a typo takes its suggestion in place');
  const findings = drafter.locator('.content-side .findings');
  await expectText(findings.locator('.finding-item'), '疑似错别字');
  await expectText(findings.locator('.finding-item'), '正文');
  await expectText(findings.locator('.finding-item'), '应用脱敏（如 138****5678）');
  await story.shot(drafter, 'drafter-findings');
  await findings.getByTestId('accept-suggestion').first().click();
  await drafter.waitForFunction(() => document.querySelector('[data-path="body"]')?.value.includes('认真部署落实'));
  await expectText(drafter.getByTestId('savebar'), '第 2 版');

  log('submitting says what happened and what comes next');
  await openAction(drafter, 'submit');
  await drafter.getByTestId('confirm-action').click();
  await waitForState(drafter, 'secrecy_review');
  await expectText(drafter.getByTestId('action-done'), '已提交保密审查');
  await expectText(drafter.getByTestId('action-done'), '等待保密审查人审查');
  await story.shot(drafter, 'drafter-submitted');

  log('the reviewer: a reason is asked for in Chinese, a refusal is said once');
  await reviewer.goto(`${story.baseUrl}/#/reports/${reportId}`);
  await waitForState(reviewer, 'secrecy_review');
  await openAction(reviewer, 'return');
  await reviewer.getByTestId('confirm-action').click();
  await expectText(reviewer.locator('.action-form .error'), '请填写理由');
  await expectNoEnglishValidation(reviewer.getByTestId('action-comment'), 'the reason');
  await expectNoNativeRequired(reviewer, 'the return dialog and the findings');
  await reviewer.getByRole('button', { name: '取消' }).click();
  await openAction(reviewer, 'pass_review');
  await reviewer.getByTestId('checklist-all-no').click();
  await reviewer.getByTestId('confirm-action').click();
  const refusal = reviewer.getByTestId('action-error');
  await refusal.waitFor();
  const refusalText = await refusal.innerText();
  const sentences = refusalText.split(/[。\n]/).map((s) => s.trim()).filter(Boolean);
  if (new Set(sentences).size !== sentences.length || (refusalText.match(/未处置|未作出处理/g) ?? []).length !== 1) {
    throw new Error(`the refusal repeats itself: ${refusalText}`);
  }
  await story.shot(reviewer, 'reviewer-refused-once');
  await reviewer.getByRole('button', { name: '取消' }).click();

  log('the reviewer keeps the contact line as such, answers 以上均否 and picks a phrase');
  const contact = reviewer.locator('.content-side .finding-item', { hasText: '手机号码' });
  await contact.getByTestId('keep-public-contact').click();
  await expectText(contact.getByTestId('disposition-status'), '保留：对外联系方式');
  await openAction(reviewer, 'pass_review');
  await reviewer.getByTestId('checklist-all-no').click();
  const keys = ['state_secret', 'work_secret', 'personal_info', 'commercial_secret', 'security_stability'];
  for (const key of keys) {
    if (!(await reviewer.getByTestId(`checklist-${key}-no`).isChecked())) throw new Error(`以上均否 left ${key} unanswered`);
  }
  await reviewer.getByTestId('checklist-personal_info-yes').check(); // each answer stays changeable
  if (await reviewer.getByTestId('checklist-personal_info-no').isChecked()) throw new Error('the answer could not be changed');
  await reviewer.getByTestId('checklist-personal_info-no').check();
  await reviewer.getByTestId('phrase').filter({ hasText: /^同意$/ }).click();
  const comment = reviewer.getByTestId('action-comment');
  if ((await comment.inputValue()) !== '同意') throw new Error(`the phrase gave "${await comment.inputValue()}"`);
  await comment.fill('联系电话为对外公开的咨询电话；同意');
  await story.shot(reviewer, 'reviewer-pass-dialog');
  await reviewer.getByTestId('confirm-action').click();
  await waitForState(reviewer, 'leader_approval');
  await expectText(reviewer.getByTestId('action-done'), '已通过保密审查');
  await expectText(reviewer.getByTestId('action-done'), '分管领导');
  await story.shot(reviewer, 'reviewer-passed');
  // The drafter's page follows by itself, and its confirmation of the submit is gone.
  await waitForState(drafter, 'leader_approval');
  await drafter.getByTestId('action-done').waitFor({ state: 'detached' });
  await reviewer.locator('[data-tab="comments"]').click();
  await reviewer.getByTestId('comment-body').first().waitFor();
  await expectNoNativeRequired(reviewer, 'the discussion');
  await reviewer.locator('[data-tab="content"]').click();

  log('a long notification wraps in the bell');
  await leader.getByTestId('unread-count').waitFor();
  await leader.getByTestId('bell').click();
  const note = leader.getByTestId('notification').first();
  await note.waitFor();
  for (const element of [note, note.locator('.text'), leader.locator('.bell-panel')]) {
    const { scrollWidth, clientWidth } = await element.evaluate((e) => ({ scrollWidth: e.scrollWidth, clientWidth: e.clientWidth }));
    if (scrollWidth > clientWidth) throw new Error(`a notification is cut: ${scrollWidth} px of text in ${clientWidth} px`);
  }
  const lines = await note.locator('.text').evaluate((e) => e.getClientRects().length > 0 && e.offsetHeight / parseFloat(getComputedStyle(e).lineHeight));
  if (!(lines > 1.5)) throw new Error('the long notification is on one line');
  await story.shot(leader, 'leader-bell-wraps');
  await leader.keyboard.press('Escape');

  log('the leader approves with a phrase; publishing says what becomes public, then links it');
  await leader.goto(`${story.baseUrl}/#/reports/${reportId}`);
  await waitForState(leader, 'leader_approval');
  await openAction(leader, 'approve');
  await leader.getByTestId('phrase').filter({ hasText: '同意发布' }).click();
  await leader.getByTestId('confirm-action').click();
  await waitForState(leader, 'approved');
  await expectText(leader.getByTestId('action-done'), '已批准');
  await openAction(leader, 'publish');
  const publishNotice = leader.getByTestId('publish-notice');
  await expectText(publishNotice, '对公众公开');
  await expectText(publishNotice, TITLE);
  await story.shot(leader, 'leader-publish-dialog');
  await leader.getByTestId('confirm-action').click();
  await waitForState(leader, 'published');
  await expectText(leader.getByTestId('action-done'), '已发布');
  const link = leader.getByTestId('public-link');
  if ((await link.getAttribute('href')) !== `/public/reports/${reportId}`) throw new Error('the public link points elsewhere');
  await story.shot(leader, 'leader-published');

  const citizen = await story.person('public');
  await citizen.goto(`${story.baseUrl}${await link.getAttribute('href')}`);
  await citizen.getByText('便民服务热线').first().waitFor();
  await story.shot(citizen, 'public-notice');
}

runScenario('review-desk', run);
