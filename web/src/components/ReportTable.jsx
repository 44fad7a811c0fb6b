import { useSession } from '../lib/hooks.js';
import { KIND_LABELS, formatTime, stateLabel } from '../lib/labels.js';

export function ReportTable({ items, empty, testid }) {
  const { orgs } = useSession();
  const orgName = (id) => orgs.find((org) => org.id === id)?.name ?? id;
  if (!items?.length) return <p class="muted">{empty}</p>;
  return (
    <div class="table-wrap">
      <table class="list" data-testid={testid}>
        <thead>
          <tr>
            <th scope="col">标题</th>
            <th scope="col" class="wide-only">机构</th>
            <th scope="col" class="wide-only">类别</th>
            <th scope="col">状态</th>
            <th scope="col">更新时间</th>
          </tr>
        </thead>
        <tbody>
          {items.map((report) => (
            <tr key={report.id}>
              <td>
                <a href={`#/reports/${report.id}`}>{report.title}</a>
              </td>
              <td class="wide-only">{orgName(report.org)}</td>
              <td class="wide-only">{KIND_LABELS[report.kind] ?? report.kind}</td>
              <td>
                <span class={`state state-${report.state}`}>{stateLabel(report.state)}</span>
              </td>
              <td>{formatTime(report.updated_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
