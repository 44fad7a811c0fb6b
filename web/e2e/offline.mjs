// The workbench never looks lost: two tabs of one person share the session and tell each
// other's saves apart from other people's; with the network cut (context.setOffline) a banner
// appears at once, a save is kept in this browser and says so, the workbench lists say they
// could not load; back online the queued save goes out once and nothing is left unsaved.
// Then the lists OA users know: 待办 / 已办 / 我发起的, a returned report shown as 已退回 with
// its reason, each report once per list.
//
// node web/e2e/offline.mjs --bin build/bin --out build/web-screenshots (shots in .../offline/)
import { PASSWORD, expectText, log, runScenario, takeAction, waitForState } from './harness.mjs';

// One request as `username` on a connection of its own from the page (what the server holds,
// independent of the screens under test).
async function serverCall(page, username, op, params = {}) {
  return page.evaluate(
    async ({ username: user, password, op: operation, params: fields }) => {
      const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws`);
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = reject;
      });
      let next = 0;
      const call = (name, body) =>
        new Promise((resolve, reject) => {
          const id = ++next;
          const listener = (message) => {
            const data = JSON.parse(message.data);
            if (data.id !== id) return;
            ws.removeEventListener('message', listener);
            if (data.ok) resolve(data.result);
            else reject(new Error(`${name}: ${data.error.code}`));
          };
          ws.addEventListener('message', listener);
          ws.send(JSON.stringify({ ...body, id, op: name }));
        });
      try {
        await call('auth.login', { username: user, password });
        return await call(operation, fields);
      } finally {
        ws.close();
      }
    },
    { username, password: PASSWORD, op, params },
  );
}

async function listed(page, testid, reportId) {
  return page.getByTestId(testid).locator(`a[href="#/reports/${reportId}"]`).count();
}

async function run(story, server) {
  const drafter = await story.person('drafter');
  await story.login(drafter, 'drafter');
  const { report } = await serverCall(drafter, 'drafter', 'report.create', {
    org: 'shuita', kind: 'notice', title: '关于社区服务时间调整的通知', content: { body: '工作日受理。' },
  });
  const reportId = report.id;
  await drafter.goto(`${story.baseUrl}/#/reports/${reportId}`);
  await expectText(drafter.getByTestId('savebar'), '已保存（第 1 版）');

  log('a second tab of the same person is logged in and sees their save as their own');
  const tab2 = await story.person('drafter-tab2', undefined, { context: drafter.context() });
  await tab2.goto(`${story.baseUrl}/#/reports/${reportId}`);
  await tab2.getByTestId('current-user').waitFor();
  if (await tab2.getByLabel('密码').count()) throw new Error('the second tab asked to log in');
  await expectText(tab2.getByTestId('savebar'), '已保存（第 1 版）');
  const body = drafter.locator('[data-path="body"]');
  await body.fill('工作日 9 时至 17 时受理。');
  await drafter.getByTestId('save').click();
  await expectText(drafter.getByTestId('savebar'), '已保存（第 2 版）');
  await expectText(tab2.getByTestId('saved-elsewhere'), '您在另一窗口保存了第 2 版');
  await expectText(tab2.getByTestId('savebar'), '已保存（第 2 版）');
  if (/他人已保存|他人刚保存/.test(await tab2.getByTestId('savebar').innerText())) throw new Error('the own save was shown as somebody else\'s');
  if ((await tab2.locator('[data-path="body"]').inputValue()) !== '工作日 9 时至 17 时受理。') throw new Error('the second tab does not show the save');
  await story.shot(tab2, 'second-tab-own-save');

  log('the network goes away: banner, the save is kept here, the lists say they could not load');
  const context = drafter.context();
  story.serverDown = true; // Chromium logs the refused reconnects
  const cut = Date.now();
  await context.setOffline(true);
  await drafter.getByTestId('connection-banner').waitFor({ timeout: 2000 });
  log(`banner after ${Date.now() - cut} ms`);
  await body.fill('工作日 9 时至 17 时受理，周六上午值班。');
  await expectText(drafter.getByTestId('savebar'), '有未保存的修改');
  await drafter.getByTestId('save').click();
  await expectText(drafter.getByTestId('save-queued'), '已暂存在本机');
  await story.shot(drafter, 'offline-save-kept');
  await tab2.getByRole('link', { name: '工作台', exact: true }).click();
  await expectText(tab2.getByTestId('awaiting-failed'), '未能加载');
  const workbenchText = await tab2.locator('main').innerText();
  if (workbenchText.includes('暂无待办事项')) throw new Error('the offline workbench claims there is nothing to do');
  await story.shot(tab2, 'offline-workbench');

  log('back online: the queued save goes out once, nothing is left unsaved, the lists load');
  await context.setOffline(false);
  await expectText(drafter.getByTestId('savebar'), '已保存（第 3 版）');
  story.serverDown = false;
  if (await drafter.getByText('有未保存的修改').count()) throw new Error('the unsaved state did not clear');
  await tab2.getByTestId('awaiting').locator(`a[href="#/reports/${reportId}"]`).waitFor();
  await drafter.getByTestId('connection-banner').waitFor({ state: 'detached' });
  const stored = await serverCall(drafter, 'drafter', 'report.get', { report_id: reportId });
  if (stored.report.current_revision !== 3) throw new Error(`the queued save went out as revision ${stored.report.current_revision}, not 3`);
  if (stored.report.content.body !== '工作日 9 时至 17 时受理，周六上午值班。') throw new Error('the queued save lost the edit');
  await story.shot(drafter, 'back-online-saved');

  log('待办 / 已办 / 我发起的 for the drafter and the reviewer; a return shows 已退回 with its reason');
  const untouched = (await serverCall(drafter, 'drafter', 'report.create', {
    org: 'shuita', kind: 'notice', title: '关于暂停受理的通知', content: { body: '暂停受理。' },
  })).report.id;
  const reviewer = await story.person('reviewer');
  await story.login(reviewer, 'reviewer');
  await takeAction(drafter, 'submit');
  await waitForState(drafter, '保密审查');
  await expectText(drafter.getByTestId('report-state'), '待保密审查');
  await reviewer.getByTestId('awaiting').locator(`a[href="#/reports/${reportId}"]`).waitFor();
  await story.shot(reviewer, 'reviewer-todo');
  await reviewer.goto(`${story.baseUrl}/#/reports/${reportId}`);
  await takeAction(reviewer, 'return', { comment: '请写明节假日安排' });
  await waitForState(reviewer, '草稿');
  await reviewer.getByRole('link', { name: '工作台', exact: true }).click();
  await reviewer.getByTestId('list-tab-handled').click();
  await reviewer.getByTestId('handled').locator(`a[href="#/reports/${reportId}"]`).waitFor();
  if ((await listed(reviewer, 'handled', reportId)) !== 1) throw new Error('the report is not listed exactly once in 已办');
  await expectText(reviewer.getByTestId('handled'), '已退回');
  if (await listed(reviewer, 'handled', untouched)) throw new Error('已办 lists a report the reviewer never handled');
  await story.shot(reviewer, 'reviewer-done');

  await tab2.getByTestId('awaiting').locator(`a[href="#/reports/${reportId}"]`).waitFor();
  await expectText(tab2.getByTestId('list-return-reason'), '请写明节假日安排');
  await expectText(tab2.getByTestId('awaiting'), '已退回');
  if ((await listed(tab2, 'awaiting', reportId)) !== 1) throw new Error('the report is not listed exactly once in 待办');
  await story.shot(tab2, 'drafter-todo-returned');
  await tab2.getByTestId('list-tab-created').click();
  await tab2.getByTestId('created').locator(`a[href="#/reports/${reportId}"]`).waitFor();
  await tab2.getByTestId('created').locator(`a[href="#/reports/${untouched}"]`).waitFor();
  await tab2.getByTestId('list-tab-handled').click();
  await tab2.getByTestId('handled').locator(`a[href="#/reports/${reportId}"]`).waitFor(); // submitted it
  if (await listed(tab2, 'handled', untouched)) throw new Error('已办 lists a draft the drafter never submitted');
  await story.shot(tab2, 'drafter-done');

  log('a server that stops answering (the socket stays open) is noticed by the heartbeat');
  story.serverDown = true;
  const stopped = Date.now();
  process.kill(server.child.pid, 'SIGSTOP');
  try {
    await drafter.getByTestId('connection-banner').waitFor();
    log(`banner after ${Date.now() - stopped} ms of silence`);
  } finally {
    process.kill(server.child.pid, 'SIGCONT');
  }
  await drafter.getByTestId('connection-banner').waitFor({ state: 'detached' });
  story.serverDown = false;

  log('a logout in one tab ends the other');
  await drafter.getByRole('button', { name: '退出' }).click();
  await tab2.getByLabel('密码').waitFor();
}

runScenario('offline', run);
