import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { setCell } from '../annual/layout.js';
import { mergeContent } from '../lib/merge.js';
import { clearUnsaved, loadUnsaved, saveUnsaved, watchUnsaved } from '../lib/unsaved.js';

// The report as the server has it, plus its stored scan and history; reread after every
// change and whenever the server says the report changed.
export function useReport(api, reportId) {
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

// Content compared whatever the order of its keys.
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// Whether a save refused as a conflict was in fact already made: the newest revision is the
// person's own (their other tab sent this same working copy first) and holds exactly the
// edit. Then nothing is left to save, and nothing is to be merged.
export function alreadySaved(current, newest, owner) {
  if (newest.revision_author !== owner || current.cell_drafts) return false;
  const merged = mergeContent(current.base_content, current.content, newest.content);
  const title = current.title === current.base_title ? newest.title : current.title;
  return merged.conflicts.length === 0 && title === newest.title && canonical(merged.content) === canonical(newest.content);
}

// The drafter's working copy: edits live here (and in local storage) until saved; a save
// that cannot reach the server is kept in this browser and goes out once the connection is
// back; a save on a revision somebody else replaced is merged with theirs (lib/merge.js) and
// shown before anything is saved again: nobody's work is overwritten unseen. The person's own
// saves in another tab or window are told apart from other people's (savedElsewhere).
export function useWorkingCopy(api, report, user, onSaved) {
  // {base_revision, base_content, base_title, content, title, cell_drafts} or null when clean;
  // cell_drafts: {path: {text, error}}, grid cells whose text does not parse yet (kept so a
  // reload does not lose them; saving waits until they are corrected)
  const [edit, setEdit] = useState(null);
  // status: idle | saving | waiting | merged | error; conflicts after a merge
  const [saveState, setSaveState] = useState({ status: 'idle', error: null, conflicts: [] });
  const [restored, setRestored] = useState(false);
  // The revision this person last saved in another tab or window of theirs, shown as theirs.
  const [savedElsewhere, setSavedElsewhere] = useState(null);
  const reportId = report?.id;
  const owner = user?.username;

  // Another tab of this browser saved the report for this person: the shared working copy is
  // gone there (watchUnsaved), and the report is read again.
  useEffect(() => {
    if (!reportId || !owner) return undefined;
    return api.on('tab:saved', (message) => {
      if (message.report_id !== reportId || message.user !== owner) return;
      setSavedElsewhere((known) => Math.max(known ?? 0, message.revision));
      onSaved(null);
    });
  }, [reportId, owner]);


  useEffect(() => {
    if (!report?.editable) return;
    const unsaved = loadUnsaved(owner, report.id);
    if (unsaved && !edit) {
      setEdit(unsaved);
      setRestored(true);
    }
  }, [reportId, report?.editable, owner]);

  // The same person's other tab on this report edits the same working copy.
  useEffect(() => {
    if (!reportId || !owner) return undefined;
    return watchUnsaved(owner, reportId, (other) => {
      setEdit(other);
      setRestored(false);
      if (!other) setSaveState({ status: 'idle', error: null, conflicts: [] });
      else setSavedElsewhere(null);
    });
  }, [reportId, owner]);

  // A layout effect, so the guard is in place as soon as the edit has rendered: a plain
  // effect waits for the next frame, and leaving within that frame lost the warning.
  useLayoutEffect(() => {
    if (!edit) return undefined;
    const warn = (event) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [edit !== null]);

  const keep = (next) => {
    setEdit(next);
    setSavedElsewhere(null);
    saveUnsaved(owner, report.id, next);
  };

  const saved = (newReport) => {
    clearUnsaved(owner, report.id);
    setEdit(null);
    setRestored(false);
    setSaveState({ status: 'idle', error: null, conflicts: [] });
    onSaved(newReport);
  };

  const change = (patch) => {
    keep({
      base_revision: edit?.base_revision ?? report.revision,
      base_content: edit?.base_content ?? report.content,
      base_title: edit?.base_title ?? report.title,
      content: edit?.content ?? report.content,
      title: edit?.title ?? report.title,
      cell_drafts: edit?.cell_drafts,
      ...patch,
    });
  };

  // Somebody saved first: lay my changes over their revision and let me look before saving.
  const mergeWithNewest = async (current) => {
    const { report: newest } = await api.call('report.get', { report_id: report.id });
    if (!newest.editable) {
      // Submitted (or otherwise taken out of drafting) meanwhile: my edit stays stored.
      setSaveState({ status: 'error', error: { message: '报告已被他人提交或已不可编辑，您的修改未保存（仍保留在本浏览器中）' }, conflicts: [] });
      onSaved(newest);
      return;
    }
    const merged = mergeContent(current.base_content, current.content, newest.content);
    const title = current.title === current.base_title ? newest.title : current.title;
    const mine = newest.revision_author === owner;
    if (alreadySaved(current, newest, owner)) {
      // This very edit was saved by the person's other tab meanwhile: nothing is left to save.
      setSavedElsewhere(newest.revision);
      saved(newest);
      return;
    }
    keep({ base_revision: newest.revision, base_content: newest.content, base_title: newest.title, content: merged.content, title, cell_drafts: current.cell_drafts });
    setSaveState({ status: 'merged', error: null, conflicts: merged.conflicts, revision: newest.revision, mine });
    onSaved(newest);
  };

  const sending = useRef(false);
  const save = async (current = edit) => {
    if (!current || sending.current) return;
    if (api.status !== 'online') {
      // Kept in this browser (it already is: local storage); sent when the connection is back.
      setSaveState({ status: 'waiting', error: null, conflicts: [] });
      return;
    }
    setSaveState({ status: 'saving', error: null, conflicts: [] });
    sending.current = true;
    try {
      const params = { report_id: report.id, base_revision: current.base_revision, content: current.content };
      if (current.title !== current.base_title) params.title = current.title;
      const result = await api.call('report.update', params);
      api.tell({ type: 'saved', report_id: report.id, revision: result.report.revision });
      saved(result.report);
    } catch (error) {
      if (error.code === 'offline') setSaveState({ status: 'waiting', error, conflicts: [] });
      else if (error.code === 'conflict') {
        await mergeWithNewest(current).catch((failure) => setSaveState({ status: 'error', error: failure, conflicts: [] }));
      } else setSaveState({ status: 'error', error, conflicts: [] });
    } finally {
      sending.current = false;
    }
  };

  // A save that waited for the connection goes out as soon as it is back (once: a second
  // 'online' while it is being sent finds it in flight).
  useEffect(
    () =>
      api.on('status', (status) => {
        if (status === 'online' && saveState.status === 'waiting') save();
      }),
    [saveState.status, edit],
  );

  const discard = () => {
    clearUnsaved(owner, report.id);
    setEdit(null);
    setRestored(false);
    setSaveState({ status: 'idle', error: null, conflicts: [] });
  };

  // After a merge: take the other person's value for one field both of us changed.
  const takeTheirs = (conflict) => {
    change({ content: setCell(edit.content, conflict.path, conflict.theirs) });
    setSaveState((state) => ({ ...state, conflicts: state.conflicts.filter((c) => c !== conflict) }));
  };

  return { edit, change, save: () => save(), discard, takeTheirs, saveState, restored, savedElsewhere };
}

// Live validation of what is on screen (saved or not), debounced while the person types.
export function useLiveValidation(api, report, content) {
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
