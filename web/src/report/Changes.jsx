import { useEffect, useState } from 'preact/hooks';
import { DiffView } from '../components/DiffView.jsx';
import { useSession } from '../lib/hooks.js';

// 修订对比: any two revisions side by side; by default what changed since the revision the
// person last decided on (a reviewer's "since I last looked"), else since the previous one.
export function Changes({ report, history, labels, initial = null }) {
  const { api, user } = useSession();
  const revisions = (history?.entries ?? []).filter((e) => e.type === 'revision').map((e) => e.revision);
  const lastReviewed = (history?.entries ?? [])
    .filter((e) => e.type === 'decision' && e.actor === user.username && e.revision < report.revision)
    .map((e) => e.revision)
    .pop();
  const [choice, setChoice] = useState(initial ?? { from: null, to: null });
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
      {contents[from] && contents[to] && <DiffView before={contents[from]} after={contents[to]} labels={labels} />}
    </section>
  );
}
