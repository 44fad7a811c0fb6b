import { useEffect, useState } from 'preact/hooks';
import { navigate, useSession } from '../lib/hooks.js';
import { errorMessage, formatTime, stateLabel } from '../lib/labels.js';
import { Person } from './Person.jsx';

// 作废: a voided report says so at the top, with who voided it, when and why.
function VoidedNote({ report }) {
  const { api } = useSession();
  const [decision, setDecision] = useState(null);
  useEffect(() => {
    if (report.state !== 'voided') return;
    let live = true;
    api
      .call('report.history', { report_id: report.id })
      .then((history) => {
        const voids = history.entries.filter((e) => e.type === 'decision' && e.to_state === 'voided');
        if (live) setDecision(voids[voids.length - 1] ?? null);
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [api, report.id, report.state]);
  if (report.state !== 'voided') return null;
  return (
    <div class="card returned" role="note" data-testid="voided-note">
      <strong>本报告已作废</strong>，不再办理，也不出现在工作台列表中。
      {decision && (
        <>
          （<Person name={decision.actor_name} account={decision.actor} />，{formatTime(decision.created_at)}）作废原因：
          <p>{decision.comment}</p>
        </>
      )}
    </div>
  );
}

// 更正 on the report page: which report this one corrects or was corrected by (with links),
// and for a drafter of the organisation, on a published annual report not yet corrected, the
// 「更正」 button: a new draft with the published content, marked as correcting it, that goes
// through the same review; once it is published the old public page points to it.
export function Correction({ report }) {
  const { api, user } = useSession();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const isDrafter = user.roles.some((g) => g.role === 'drafter' && g.org === report.org);
  const canCorrect = isDrafter && report.kind === 'annual_report' && report.state === 'published' && !report.corrected_by;

  const correct = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.call('report.correct', { report_id: report.id });
      navigate(`#/reports/${result.report.id}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (report.state === 'voided') return <VoidedNote report={report} />;
  if (!report.corrects && !report.corrected_by && !canCorrect) return null;
  return (
    <div class="correction" data-testid="correction">
      {report.corrected_by && (
        <p class="card warning" role="note" data-testid="corrected-by">
          本报告已更正，以更正后的版本为准。<a href={`#/reports/${report.corrected_by}`}>查看更正后的报告</a>
        </p>
      )}
      {report.corrects && (
        <p class="card" role="note" data-testid="corrects">
          本报告是对已发布报告的更正{report.state === 'published' ? '，已替代原报告' : '，发布后将替代原报告'}。
          <a href={`#/reports/${report.corrects}`}>查看原报告</a>
        </p>
      )}
      {canCorrect && !asking && (
        <button type="button" onClick={() => setAsking(true)} data-testid="correct-report">
          更正
        </button>
      )}
      {canCorrect && asking && (
        <div class="card action-form" role="dialog" aria-label="更正报告" data-testid="correct-dialog">
          <h3>更正本报告</h3>
          <p>将以本报告已发布的内容新建一份更正稿。更正稿修改后按原流程提交保密审查、领导审批并发布；发布后，本报告的公开页面将注明“本报告已更正，以更正后的版本为准”，并链接到更正后的报告。</p>
          <p class="muted">在更正稿发布之前，本报告仍照常公开。</p>
          {error && (
            <div class="error" role="alert">
              {error.code === 'duplicate' && error.details?.report_id ? (
                <>
                  本年度已有一份正在办理的报告（{stateLabel(error.details.state)}），不能再新建更正稿。
                  <a href={`#/reports/${error.details.report_id}`}>查看该报告</a>
                </>
              ) : (
                errorMessage(error)
              )}
            </div>
          )}
          <div class="row">
            <button type="button" class="primary" disabled={busy} onClick={correct} data-testid="confirm-correct">
              新建更正稿
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              取消
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
