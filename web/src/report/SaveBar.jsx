import { errorMessage } from '../lib/labels.js';

export function SaveBar({ working, report, labels = {}, blocked = '', newerRevision = null }) {
  const { edit, saveState } = working;
  if (!report.editable) return null;
  return (
    <div class="savebar" role="status" data-testid="savebar">
      {working.restored && <span class="warning">已恢复上次未保存的修改。</span>}
      {saveState.status === 'saving' && <span>正在保存…</span>}
      {saveState.status === 'waiting' && (
        <span class="warning" data-testid="save-queued">网络已断开。修改已暂存在本机（本浏览器中），连接恢复后自动保存。</span>
      )}
      {working.savedElsewhere && !edit && (
        <span class="notice" data-testid="saved-elsewhere">您在另一窗口保存了第 {working.savedElsewhere} 版。</span>
      )}
      {saveState.status === 'error' && <span class="error">{errorMessage(saveState.error)}</span>}
      {newerRevision && saveState.status !== 'merged' && (
        <span class="warning" data-testid="newer-revision">
          {working.savedElsewhere === newerRevision ? `您在另一窗口保存了第 ${newerRevision} 版` : `他人刚保存了第 ${newerRevision} 版`}；您保存时会与其合并。
        </span>
      )}
      {saveState.status === 'merged' && (
        <div class="merge-notice" data-testid="conflict">
          <p class="warning">
            {saveState.mine
              ? `您在另一窗口保存了第 ${saveState.revision} 版。本窗口的修改已与其合并，尚未保存；请检查后再保存（可在“修订对比”中查看那一版的修改）。`
              : `他人已保存第 ${saveState.revision} 版。您的修改已与其合并，尚未保存；请检查后再保存（可在“修订对比”中查看对方的修改）。`}
          </p>
          {saveState.conflicts.length > 0 && (
            <>
              <p class="error">以下 {saveState.conflicts.length} 处双方都作了修改，目前保留的是您的内容：</p>
              <ul>
                {saveState.conflicts.map((conflict) => (
                  <li key={conflict.path}>
                    {labels[conflict.path] ?? conflict.path}：您的为“{String(conflict.mine ?? '（空）')}”，对方的为“{String(conflict.theirs ?? '（空）')}”
                    <button type="button" class="link" onClick={() => working.takeTheirs(conflict)}>改用对方的</button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {edit ? <span class="muted">有未保存的修改</span> : <span class="muted">已保存（第 {report.revision} 版）</span>}
      {blocked && <span class="error">{blocked}</span>}
      <button type="button" class="primary" disabled={!edit || saveState.status === 'saving' || Boolean(blocked)} onClick={working.save} data-testid="save">
        保存
      </button>
      {edit && (
        <button type="button" onClick={working.discard}>
          放弃修改
        </button>
      )}
    </div>
  );
}

// Moves the keyboard focus to the field a problem is about (its cell or text area).
function focusPath(path) {
  const field = document.querySelector(`input[data-path="${path}"], textarea[data-path="${path}"]`);
  field?.focus();
  field?.scrollIntoView({ block: 'center' });
}

function Problem({ problem, kind }) {
  return (
    <li class={kind}>
      {problem.path ? (
        <button type="button" class="link problem-link" onClick={() => focusPath(problem.path)}>
          {problem.message}
        </button>
      ) : (
        problem.message
      )}
    </li>
  );
}

// The result of the full check (what submit requires), above the content; each problem
// takes the person to its field.
export function ProblemSummary({ validation, kind }) {
  if (!validation) return null;
  const { errors = [], warnings = [] } = validation;
  if (validation.ok && warnings.length === 0) {
    return (
      <p class="ok" data-testid="validation-ok">
        {kind === 'annual_report' ? '校验通过（表内勾稽关系及填报规则）。' : '校验通过。'}
      </p>
    );
  }
  const shown = 50;
  return (
    <div class="problems" aria-live="polite" data-testid="validation-summary">
      {errors.length > 0 && <p class="error">校验发现 {errors.length} 个问题，提交前须改正（点击问题可跳到对应位置）：</p>}
      <ul>
        {errors.slice(0, shown).map((e, i) => (
          <Problem key={i} problem={e} kind="error" />
        ))}
        {errors.length > shown && <li class="muted">另有 {errors.length - shown} 个问题未列出。</li>}
        {warnings.map((w, i) => (
          <Problem key={`w${i}`} problem={w} kind="warning" />
        ))}
      </ul>
    </div>
  );
}
