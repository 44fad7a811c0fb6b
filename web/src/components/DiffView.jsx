import { diffContent } from '../lib/diff.js';

// The differences between two contents: paragraphs added/removed per text field, and table
// cells that changed (before → after).
export function DiffView({ before, after, labels = {} }) {
  const { texts, cells } = diffContent(before, after);
  if (texts.length === 0 && cells.length === 0) return <p class="muted">两个版本内容相同。</p>;
  return (
    <div class="diff" data-testid="diff">
      {texts.map(({ path, lines }) => (
        <section key={path}>
          <h3>{labels[path] ?? path}</h3>
          {lines.map((line, i) =>
            line.type === 'same' ? (
              <p key={i} class="same">{line.text}</p>
            ) : line.type === 'added' ? (
              <ins key={i}><span class="sr-only">新增：</span>{line.text}</ins>
            ) : (
              <del key={i}><span class="sr-only">删除：</span>{line.text}</del>
            ),
          )}
        </section>
      ))}
      {cells.length > 0 && (
        <table class="list">
          <caption>表格数据变化</caption>
          <thead>
            <tr>
              <th scope="col">单元格</th>
              <th scope="col">原值</th>
              <th scope="col">新值</th>
            </tr>
          </thead>
          <tbody>
            {cells.map((cell) => (
              <tr key={cell.path} data-path={cell.path}>
                <td>{labels[cell.path] ?? cell.path}</td>
                <td><del>{String(cell.before ?? '（空）')}</del></td>
                <td><ins>{String(cell.after ?? '（空）')}</ins></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
