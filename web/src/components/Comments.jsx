import { useState } from 'preact/hooks';
import { useEvent, useLoad, useSession } from '../lib/hooks.js';
import { errorMessage, formatTime } from '../lib/labels.js';
import { Person } from './Person.jsx';
import { splitMentions } from '../lib/mentions.js';

// Shows the @-mentions that named somebody emphasised, exactly as the server found them
// (`mentions`: "@王强" in "@王强请阅"); the body stays plain text (Preact escapes it).
function Body({ text, mentions = [] }) {
  return (
    <p class="comment-body">
      {splitMentions(text, mentions).map((part, i) =>
        part.mention ? <strong key={i} class="mention">{part.text}</strong> : part.text,
      )}
    </p>
  );
}

function CommentForm({ report, replyTo, onPosted, label, anchors = [] }) {
  const { api } = useSession();
  const [body, setBody] = useState('');
  const [anchor, setAnchor] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const post = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const params = { report_id: report.id, revision: report.revision, body: body.trim() };
      if (replyTo) params.reply_to = replyTo;
      if (anchor) params.anchor = anchor;
      await api.call('comment.add', params);
      setBody('');
      onPosted();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="comment-form" onSubmit={post}>
      <label>
        {label}
        <textarea rows={replyTo ? 2 : 3} maxLength={2000} aria-required="true" value={body}
          placeholder="可用 @姓名 或 @用户名 提醒他人" onInput={(e) => setBody(e.currentTarget.value)} data-testid="comment-body" />
      </label>
      {anchors.length > 0 && (
        <label>
          针对
          <select value={anchor} onChange={(e) => setAnchor(e.currentTarget.value)}>
            <option value="">全文</option>
            {anchors.map(([key, text]) => (
              <option key={key} value={key}>{text}</option>
            ))}
          </select>
        </label>
      )}
      {error && (
        <span class="error" role="alert">
          {errorMessage(error)}
        </span>
      )}
      <button type="submit" disabled={busy || !body.trim()}>
        {replyTo ? '回复' : '发表评论'}
      </button>
    </form>
  );
}

function Comment({ comment, anchorLabels }) {
  return (
    <div class="comment" data-testid="comment">
      <div class="comment-meta">
        <strong><Person name={comment.author_name} account={comment.author} /></strong>
        <span class="muted">
          {' '}
          第 {comment.revision} 版 · {formatTime(comment.created_at)}
          {comment.anchor && ` · 针对：${anchorLabels[comment.anchor] ?? comment.anchor}`}
        </span>
      </div>
      <Body text={comment.body} mentions={comment.mentions} />
    </div>
  );
}

// 讨论: threads of comments on the report, with replies and resolve.
// anchors: [[content path, Chinese label]] the person may attach a thread to.
export function Comments({ report, anchors = [], anchorLabels = {} }) {
  const { api } = useSession();
  const { data, error, reload } = useLoad((a) => a.call('comment.list', { report_id: report.id }), [report.id]);
  const [replying, setReplying] = useState(null);
  // Pushed to everyone who may see the report when someone comments or resolves a thread.
  useEvent('comment.updated', (change) => change.report_id === report.id && reload(), [report.id, reload]);

  const resolve = async (thread) => {
    await api.call('comment.resolve', { comment_id: thread.id }).catch(() => {});
    reload();
  };

  return (
    <section class="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">讨论</h2>
      {error && <p class="error">{errorMessage(error)}</p>}
      {data?.threads.length === 0 && <p class="muted">还没有评论。</p>}
      {data?.threads.map((thread) => (
        <article class={`thread${thread.resolved ? ' resolved' : ''}`} key={thread.id}>
          <Comment comment={thread} anchorLabels={anchorLabels} />
          {thread.replies.map((reply) => (
            <div class="reply" key={reply.id}>
              <Comment comment={reply} anchorLabels={anchorLabels} />
            </div>
          ))}
          <div class="row">
            {thread.resolved ? (
              <span class="muted">已解决（<Person name={thread.resolved_by_name} account={thread.resolved_by} />）</span>
            ) : (
              <button type="button" class="link" onClick={() => resolve(thread)}>
                标为已解决
              </button>
            )}
            <button type="button" class="link" onClick={() => setReplying(replying === thread.id ? null : thread.id)}>
              回复
            </button>
          </div>
          {replying === thread.id && (
            <CommentForm report={report} replyTo={thread.id} label="回复" onPosted={() => { setReplying(null); reload(); }} />
          )}
        </article>
      ))}
      <CommentForm report={report} label="发表评论" onPosted={reload} anchors={anchors} />
    </section>
  );
}
