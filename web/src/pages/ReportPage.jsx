import { useMemo, useState } from 'preact/hooks';
import { AnnualEditor } from '../annual/AnnualEditor.jsx';
import { ActionBar } from '../components/ActionBar.jsx';
import { Correction } from '../components/Correction.jsx';
import { Comments } from '../components/Comments.jsx';
import { FindingsPanel } from '../components/FindingsPanel.jsx';
import { History } from '../components/History.jsx';
import { NoticeEditor } from '../components/NoticeEditor.jsx';
import { hasRole, useEvent, useSession } from '../lib/hooks.js';
import { ACTIONS_WITH_CHECKLIST, KIND_LABELS, errorMessage, formatTime, stageLabel, stateLabel } from '../lib/labels.js';
import { Changes } from '../report/Changes.jsx';
import { useLiveValidation, useReport, useWorkingCopy } from '../report/hooks.js';
import { commentAnchors, findingsByField, pathLabels, templateOf } from '../report/paths.js';
import { RenderedPage } from '../report/RenderedPage.jsx';
import { NoticePreview } from '../report/NoticePreview.jsx';
import { ProblemSummary, SaveBar } from '../report/SaveBar.jsx';
import { Person } from '../components/Person.jsx';

// The report page: header and workflow actions, the drafter's save bar, and the tabs
// (content with findings, review, changes, discussion, history, preview, review record).
// The data and editing logic live in ../report/.

const TABS = [
  ['content', '内容'],
  ['review', '保密审查'],
  ['changes', '修订对比'],
  ['comments', '讨论'],
  ['history', '历史'],
  ['preview', '正式版式预览'],
  ['record', '保密审查单'],
];

// A returned draft says why, above everything else, to the people who must act on it.
function ReturnReason({ report, history }) {
  if (report.state !== 'draft') return null;
  const decisions = (history?.entries ?? []).filter((e) => e.type === 'decision');
  const last = decisions[decisions.length - 1];
  if (!last || last.action !== 'return') return null;
  return (
    <div class="card returned" role="note" data-testid="return-reason">
      <strong>退回修改意见</strong>（<Person name={last.actor_name} account={last.actor} />，{formatTime(last.created_at)}，{stageLabel(last.from_state)}阶段）：
      <p>{last.comment}</p>
    </div>
  );
}

const NO_CELL_DRAFTS = {};

export function ReportPage({ reportId }) {
  const { api, user, orgs, templates } = useSession();
  const { report, scan, history, error, reload } = useReport(api, reportId);
  const [tab, setTab] = useState('content');
  const [compare, setCompare] = useState(null); // {from, to} chosen from the timeline
  const [selected, setSelected] = useState(null);
  const working = useWorkingCopy(api, report, user, () => reload());
  const content = working.edit?.content ?? report?.content;
  const validation = useLiveValidation(api, report, content);
  // Changes by others reload the page, except under unsaved edits: then the save bar says so
  // (the save will merge).
  const [newerRevision, setNewerRevision] = useState(null);
  useEvent(
    'report.updated',
    (data) => {
      if (data.report_id !== reportId) return;
      if (working.edit && data.state === 'draft') setNewerRevision(data.revision);
      else reload();
    },
    [reportId, working.edit],
  );
  const fieldFindings = useMemo(() => findingsByField(scan), [scan]);

  const invalidCells = Object.keys(working.edit?.cell_drafts ?? NO_CELL_DRAFTS).length;
  const template = templateOf(templates, content);
  const labels = useMemo(() => pathLabels(template), [template]);
  const anchors = useMemo(() => commentAnchors(template), [template]);

  if (error && !report) return <p class="error" role="alert">{errorMessage(error)}</p>;
  if (!report) return <p class="muted">正在读取报告…</p>;

  const orgName = orgs.find((o) => o.id === report.org)?.name ?? report.org;
  const canDecide = report.actions.some((a) => ACTIONS_WITH_CHECKLIST.has(a));
  const readOnly = !report.editable;
  const selectFinding = (id) => {
    setSelected(id);
    if (tab !== 'review' && tab !== 'content') setTab('content');
  };
  const editorProps = {
    content,
    readOnly,
    onChange: (next, cellDrafts) =>
      working.change(cellDrafts === undefined ? { content: next } : { content: next, cell_drafts: cellDrafts }),
    cellDrafts: working.edit?.cell_drafts ?? NO_CELL_DRAFTS,
    problems: validation?.errors ?? [],
    // Offsets of the stored scan belong to the saved text: no marks on unsaved edits.
    findings: working.edit ? {} : fieldFindings,
    selectedFinding: selected,
    onSelectFinding: selectFinding,
  };

  return (
    <article class="report-page">
      <header class="report-head">
        <div>
          <p class="muted">
            {orgName} · {KIND_LABELS[report.kind] ?? report.kind} · 第 {report.revision} 版 · <Person name={report.revision_author_name} account={report.revision_author} />{' '}
            {formatTime(report.revision_created_at)}
          </p>
          {report.editable ? (
            <input class="title-input" aria-label="标题" maxLength={200} value={working.edit?.title ?? report.title}
              onInput={(e) => working.change({ title: e.currentTarget.value })} data-testid="title" />
          ) : (
            <h1 data-testid="report-title">{report.title}</h1>
          )}
        </div>
        <span class={`state state-${report.state}`} data-testid="report-state">{stateLabel(report.state)}{report.corrected_by ? '（已更正）' : ''}</span>
        {hasRole(user, 'auditor', 'admin') && <a href={`#/audit/reports/${report.id}`} data-testid="audit-link">查看审计记录</a>}
      </header>
      <Correction report={report} />
      <ActionBar report={report} dirty={working.edit !== null} onDone={() => reload()} />
      <SaveBar working={working} report={report} labels={labels}
        newerRevision={working.edit && newerRevision > working.edit.base_revision ? newerRevision : null}
        blocked={invalidCells > 0 ? `有 ${invalidCells} 个单元格的内容无效，改正后才能保存` : ''} />
      <ReturnReason report={report} history={history} />
      {report.import_notes?.notes.length > 0 && (
        <details class="card" open={report.state !== 'published' && report.state !== 'retracted'} data-testid="import-notes">
          <summary>导入说明（第 {report.import_notes.revision} 版导入时，{report.import_notes.notes.length} 条）</summary>
          <ul>{report.import_notes.notes.map((a, i) => <li key={i}>{a.message}</li>)}</ul>
        </details>
      )}
      <div class="tabs" role="tablist" aria-label="报告">
        {TABS.map(([id, label]) => (
          <button type="button" role="tab" key={id} id={`tab-${id}`} aria-selected={tab === id}
            aria-controls={`panel-${id}`} onClick={() => setTab(id)} data-tab={id}>
            {label}
            {id === 'review' && scan ? `（${scan.counts.block + scan.counts.review}）` : ''}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} class="tabpanel">
        {tab === 'content' && (
          <div class="content-layout">
            <div class="content-main">
              <ProblemSummary validation={validation} kind={report.kind} />
              {report.kind === 'annual_report' ? (
                template ? <AnnualEditor template={template} {...editorProps} /> : <p class="muted">正在读取模板…</p>
              ) : (
                <NoticeEditor {...editorProps} />
              )}
            </div>
            <aside class="content-side">
              <FindingsPanel report={report} scan={scan} canDecide={canDecide} canRedact={report.editable && !working.edit}
                selected={selected} onSelect={selectFinding} onChanged={reload} labels={labels} />
            </aside>
          </div>
        )}
        {tab === 'review' && (
          <FindingsPanel report={report} scan={scan} canDecide={canDecide} canRedact={report.editable && !working.edit}
            selected={selected} onSelect={selectFinding} onChanged={reload} labels={labels} />
        )}
        {tab === 'changes' && <Changes key={JSON.stringify(compare)} report={report} history={history} labels={labels} initial={compare} />}
        {tab === 'comments' && (
          <Comments report={report} anchors={anchors} anchorLabels={{ ...labels, ...Object.fromEntries(anchors) }} />
        )}
        {tab === 'history' && (
          <History history={history} onCompare={(from, to) => { setCompare({ from, to }); setTab('changes'); }} />
        )}
        {tab === 'preview' &&
          (report.kind === 'annual_report' ? (
            <RenderedPage title="正式版式预览" deps={[report.id, report.revision, report.state]}
              load={(a) => a.call('report.render', { report_id: report.id, revision: report.revision, format: 'html' }).then((r) => r.content)} />
          ) : (
            <NoticePreview report={report} orgName={orgName} />
          ))}
        {tab === 'record' && (
          <RenderedPage title="保密审查单" deps={[report.id, report.revision, report.state, history]}
            load={(a) => a.call('report.review_record', { report_id: report.id, revision: report.revision }).then((r) => r.html)} />
        )}
      </div>
    </article>
  );
}
