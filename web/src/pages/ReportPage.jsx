import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AnnualEditor } from '../annual/AnnualEditor.jsx';
import { isTableSection, sectionCells } from '../annual/layout.js';
import { ActionBar } from '../components/ActionBar.jsx';
import { Comments } from '../components/Comments.jsx';
import { DiffView } from '../components/DiffView.jsx';
import { FindingsPanel } from '../components/FindingsPanel.jsx';
import { History } from '../components/History.jsx';
import { NoticeEditor } from '../components/NoticeEditor.jsx';
import { ApiError } from '../api.js';
import { useEvent, useSession } from '../lib/hooks.js';
import { ACTIONS_WITH_CHECKLIST, KIND_LABELS, errorMessage, formatTime, stateLabel } from '../lib/labels.js';
import { clearUnsaved, loadUnsaved, saveUnsaved } from '../lib/unsaved.js';

const TABS = [
  ['content', '内容'],
  ['review', '保密审查'],
  ['changes', '修订对比'],
  ['comments', '讨论'],
  ['history', '历史'],
  ['preview', '正式版式预览'],
  ['record', '保密审查单'],
];

// Findings of a scan grouped by the content field they are in, as the editors want them.
function findingsByField(scan) {
  const out = {};
  for (const finding of scan?.findings ?? []) (out[finding.field] ??= []).push(finding);
  return out;
}

// Chinese names of the content paths, for the diff: table cells by their qualified labels,
// text sections by their headings.
function pathLabels(template) {
  const labels = { body: '正文', summary: '摘要', title: '标题' };
  for (const section of template?.sections ?? []) {
    if (isTableSection(section)) {
      for (const cell of sectionCells(section)) labels[cell.path] = cell.label;
      labels[`notes.${section.key}`] = `${section.heading}（说明）`;
    } else {
      labels[`sections.${section.key}`] = section.heading;
    }
  }
  return labels;
}

// What a comment thread can be about: the free-text sections and the tables.
function commentAnchors(template) {
  return (template?.sections ?? []).map((section) => [
    isTableSection(section) ? section.key : `sections.${section.key}`,
    section.heading,
  ]);
}

// The report as the server has it, plus its stored scan and history; reread after every
// change and whenever the server says the report changed.
function useReport(api, reportId) {
  const [state, setState] = useState({ report: null, scan: null, history: null, error: null });
  const load = async () => {
    try {
      const [{ report }, scan, history] = await Promise.all([
        api.call('report.get', { report_id: reportId }),
        api.call('report.scan', { report_id: reportId }).catch(() => null),
        api.call('report.history', { report_id: reportId }).catch(() => null),
      ]);
      setState({ report, scan, history, error: null });
    } catch (error) {
      setState((s) => ({ ...s, error }));
    }
  };
  useEffect(() => {
    load();
    return api.on('status', (status) => status === 'online' && load());
  }, [reportId]);
  return { ...state, reload: load };
}

// The drafter's working copy: edits live here (and in local storage) until saved; a save
// that cannot reach the server waits for the connection; a save on a revision somebody else
// replaced becomes a visible conflict, never a silent overwrite.
function useWorkingCopy(api, report, onSaved) {
  const [edit, setEdit] = useState(null); // {base_revision, content, title} or null when clean
  const [saveState, setSaveState] = useState({ status: 'idle', error: null }); // idle|saving|waiting|conflict|error
  const [restored, setRestored] = useState(false);
  const reportId = report?.id;

  useEffect(() => {
    if (!report?.editable) return;
    const unsaved = loadUnsaved(report.id);
    if (unsaved && !edit) {
      setEdit(unsaved);
      setRestored(true);
    }
  }, [reportId, report?.editable]);

  useEffect(() => {
    if (!edit) return undefined;
    const warn = (event) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [edit !== null]);

  const change = (patch) => {
    const next = {
      base_revision: edit?.base_revision ?? report.revision,
      content: edit?.content ?? report.content,
      title: edit?.title ?? report.title,
      ...patch,
    };
    setEdit(next);
    saveUnsaved(report.id, next);
  };

  const save = async (current = edit, baseRevision = current?.base_revision) => {
    if (!current) return;
    if (api.status !== 'online') {
      setSaveState({ status: 'waiting', error: null });
      return;
    }
    setSaveState({ status: 'saving', error: null });
    try {
      const params = { report_id: report.id, base_revision: baseRevision, content: current.content };
      if (current.title !== report.title) params.title = current.title;
      const result = await api.call('report.update', params);
      clearUnsaved(report.id);
      setEdit(null);
      setRestored(false);
      setSaveState({ status: 'idle', error: null });
      onSaved(result.report);
    } catch (error) {
      if (error.code === 'offline') setSaveState({ status: 'waiting', error });
      else if (error.code === 'conflict') {
        // Show what the others saved (修订对比 compares against it) while my edit stays.
        setSaveState({ status: 'conflict', error });
        onSaved(null);
      }
      else setSaveState({ status: 'error', error });
    }
  };

  // A save that waited for the connection goes out as soon as it is back.
  useEffect(
    () =>
      api.on('status', (status) => {
        if (status === 'online' && saveState.status === 'waiting') save();
      }),
    [saveState.status, edit],
  );

  const discard = () => {
    clearUnsaved(report.id);
    setEdit(null);
    setRestored(false);
    setSaveState({ status: 'idle', error: null });
  };

  // After a conflict: keep my edits on top of the newest revision.
  const saveOverNewest = () => save(edit, saveState.error?.details?.current_revision);

  return { edit, change, save: () => save(), discard, saveOverNewest, saveState, restored };
}

// Live validation of what is on screen (saved or not), debounced while the person types.
function useLiveValidation(api, report, content) {
  const [result, setResult] = useState(null);
  const timer = useRef(null);
  useEffect(() => {
    if (!report) return undefined;
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      try {
        const params = { report_id: report.id };
        if (content !== report.content) params.content = content;
        else params.revision = report.revision;
        setResult(await api.call('report.validate', params));
      } catch (error) {
        if (error instanceof ApiError) setResult({ ok: false, errors: [], warnings: [], failure: error });
      }
    }, 350);
    return () => clearTimeout(timer.current);
  }, [report?.id, report?.revision, content]);
  return result;
}

function SaveBar({ working, report }) {
  const { edit, saveState } = working;
  if (!report.editable) return null;
  return (
    <div class="savebar" role="status" data-testid="savebar">
      {working.restored && <span class="warning">已恢复上次未保存的修改。</span>}
      {saveState.status === 'saving' && <span>正在保存…</span>}
      {saveState.status === 'waiting' && <span class="warning">网络已断开，修改已保留，连接恢复后自动保存。</span>}
      {saveState.status === 'error' && <span class="error">{errorMessage(saveState.error)}</span>}
      {saveState.status === 'conflict' && (
        <span class="error" data-testid="conflict">
          {errorMessage(saveState.error)}（可在“修订对比”中查看对方的修改）
          <button type="button" onClick={working.saveOverNewest}>以我的修改保存为新版本</button>
          <button type="button" onClick={working.discard}>放弃我的修改</button>
        </span>
      )}
      {edit ? <span class="muted">有未保存的修改</span> : <span class="muted">已保存（第 {report.revision} 版）</span>}
      <button type="button" class="primary" disabled={!edit || saveState.status === 'saving'} onClick={working.save} data-testid="save">
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

function ProblemSummary({ validation }) {
  if (!validation) return null;
  const { errors = [], warnings = [] } = validation;
  if (validation.ok && warnings.length === 0) return <p class="ok" data-testid="validation-ok">校验通过（表内勾稽关系及填报规则）。</p>;
  return (
    <div class="problems" aria-live="polite" data-testid="validation-summary">
      {errors.length > 0 && <p class="error">校验发现 {errors.length} 个问题，提交前须改正：</p>}
      <ul>
        {errors.slice(0, 30).map((e, i) => (
          <li key={i} class="error">{e.message}</li>
        ))}
        {warnings.map((w, i) => (
          <li key={`w${i}`} class="warning">{w.message}</li>
        ))}
      </ul>
    </div>
  );
}

// A server-rendered page (official layout, review record) shown in a sandboxed frame: it
// cannot run scripts, and it prints on its own.
function RenderedPage({ load, deps, title }) {
  const { api } = useSession();
  const [html, setHtml] = useState(null);
  const [error, setError] = useState(null);
  const frame = useRef(null);
  useEffect(() => {
    load(api).then(setHtml, setError);
  }, deps);
  if (error) return <p class="error">{errorMessage(error)}</p>;
  if (html === null) return <p class="muted">正在生成…</p>;
  return (
    <div class="rendered">
      <button type="button" onClick={() => frame.current?.contentWindow?.print()}>
        打印
      </button>
      <iframe ref={frame} title={title} srcdoc={html} sandbox="allow-same-origin allow-modals" />
    </div>
  );
}

// 修订对比: any two revisions side by side; by default what changed since the revision the
// person last decided on (a reviewer's "since I last looked"), else since the previous one.
function Changes({ report, history, template }) {
  const { api, user } = useSession();
  const revisions = (history?.entries ?? []).filter((e) => e.type === 'revision').map((e) => e.revision);
  const lastReviewed = (history?.entries ?? [])
    .filter((e) => e.type === 'decision' && e.actor === user.username && e.revision < report.revision)
    .map((e) => e.revision)
    .pop();
  const [choice, setChoice] = useState({ from: null, to: null });
  const from = choice.from ?? lastReviewed ?? (report.revision > 1 ? report.revision - 1 : null);
  const to = choice.to ?? report.revision;
  const [contents, setContents] = useState({});
  useEffect(() => {
    for (const revision of [from, to]) {
      if (!revision || contents[revision]) continue;
      api.call('report.get', { report_id: report.id, revision }).then(
        (r) => setContents((c) => ({ ...c, [revision]: r.report.content })),
        () => {},
      );
    }
  }, [from, to, report.id]);
  if (revisions.length < 2) return <p class="muted">只有一个版本，没有可对比的修订。</p>;
  const picker = (key, value, testid) => (
    <select value={value} onChange={(e) => setChoice({ ...choice, [key]: Number(e.currentTarget.value) })} data-testid={testid}>
      {revisions.map((r) => (
        <option key={r} value={r}>第 {r} 版</option>
      ))}
    </select>
  );
  return (
    <section>
      <div class="row">
        <label class="inline">从{picker('from', from, 'diff-from')}</label>
        <label class="inline">到{picker('to', to, 'diff-to')}</label>
        {lastReviewed && from === lastReviewed && <span class="muted">（第 {lastReviewed} 版是您上次审查的版本）</span>}
      </div>
      {contents[from] && contents[to] && <DiffView before={contents[from]} after={contents[to]} labels={pathLabels(template)} />}
    </section>
  );
}

export function ReportPage({ reportId }) {
  const { api, orgs, templates } = useSession();
  const { report, scan, history, error, reload } = useReport(api, reportId);
  const [tab, setTab] = useState('content');
  const [selected, setSelected] = useState(null);
  const working = useWorkingCopy(api, report, () => reload());
  const content = working.edit?.content ?? report?.content;
  const validation = useLiveValidation(api, report, content);
  useEvent('report.updated', (data) => data.report_id === reportId && !working.edit && reload(), [reportId, working.edit]);
  const fieldFindings = useMemo(() => findingsByField(scan), [scan]);
  const assumptions = useMemo(() => {
    const stored = sessionStorage.getItem(`gongkai.assumptions.${reportId}`);
    return stored ? JSON.parse(stored) : null;
  }, [reportId]);

  if (error && !report) return <p class="error" role="alert">{errorMessage(error)}</p>;
  if (!report) return <p class="muted">正在读取报告…</p>;

  const template = templates.find((t) => t.id === (content?.template ?? null)) ??
    templates.find((t) => t.first_year <= content?.year && (t.last_year === null || content?.year <= t.last_year));
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
    onChange: (next) => working.change({ content: next }),
    problems: validation?.errors ?? [],
    findings: fieldFindings,
    selectedFinding: selected,
    onSelectFinding: selectFinding,
  };

  return (
    <article class="report-page">
      <header class="report-head">
        <div>
          <p class="muted">
            {orgName} · {KIND_LABELS[report.kind] ?? report.kind} · 第 {report.revision} 版 · {report.revision_author}{' '}
            {formatTime(report.revision_created_at)}
          </p>
          {report.editable ? (
            <input class="title-input" aria-label="标题" maxLength={200} value={working.edit?.title ?? report.title}
              onInput={(e) => working.change({ title: e.currentTarget.value })} data-testid="title" />
          ) : (
            <h1 data-testid="report-title">{report.title}</h1>
          )}
        </div>
        <span class={`state state-${report.state}`} data-testid="report-state">{stateLabel(report.state)}</span>
      </header>
      <ActionBar report={report} dirty={working.edit !== null} onDone={() => reload()} />
      <SaveBar working={working} report={report} />
      {assumptions && (
        <details class="card">
          <summary>导入时的假设（{assumptions.length} 条）</summary>
          <ul>{assumptions.map((a, i) => <li key={i}>{a.message}</li>)}</ul>
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
              <ProblemSummary validation={validation} />
              {report.kind === 'annual_report' ? (
                template ? <AnnualEditor template={template} {...editorProps} /> : <p class="muted">正在读取模板…</p>
              ) : (
                <NoticeEditor {...editorProps} />
              )}
            </div>
            <aside class="content-side">
              <FindingsPanel report={report} scan={scan} canDecide={canDecide} canRedact={report.editable && !working.edit}
                selected={selected} onSelect={selectFinding} onChanged={reload} />
            </aside>
          </div>
        )}
        {tab === 'review' && (
          <FindingsPanel report={report} scan={scan} canDecide={canDecide} canRedact={report.editable && !working.edit}
            selected={selected} onSelect={selectFinding} onChanged={reload} />
        )}
        {tab === 'changes' && <Changes report={report} history={history} template={template} />}
        {tab === 'comments' && (
          <Comments report={report} anchors={commentAnchors(template)}
            anchorLabels={Object.fromEntries([...commentAnchors(template), ...Object.entries(pathLabels(template))])} />
        )}
        {tab === 'history' && <History history={history} />}
        {tab === 'preview' &&
          (report.kind === 'annual_report' ? (
            <RenderedPage title="正式版式预览" deps={[report.id, report.revision]}
              load={(a) => a.call('report.render', { report_id: report.id, revision: report.revision, format: 'html' }).then((r) => r.content)} />
          ) : (
            <NoticeEditor content={report.content} readOnly findings={fieldFindings} />
          ))}
        {tab === 'record' && (
          <RenderedPage title="保密审查单" deps={[report.id, report.revision, history]}
            load={(a) => a.call('report.review_record', { report_id: report.id, revision: report.revision }).then((r) => r.html)} />
        )}
      </div>
    </article>
  );
}
