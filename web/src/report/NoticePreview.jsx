import './notice-preview.css';

// The official layout of a notice (通知公告) as it will be published: title, 文号, body, and
// the 落款 (organisation and date), under the stamp that says what the page is in the
// report's state. Drawn here rather than by the server because a notice is a few plain
// text fields the page already holds, so the preview follows every change of the report
// (content, state) without a round trip; the annual report's tables come from the server's
// renderer (report.render), which this layout leaves alone.

// The same stamps as the server's annual::status_banner for annual reports.
const STAMPS = {
  draft: ['草稿，未经审核，不得公开', '草稿'],
  leader_approval: ['送审稿，已通过保密审查，待领导签发，不得公开', '待签发'],
  approved: ['领导已签发，待发布，发布前不得公开', '待发布'],
  retracted: ['本通知已撤回', '已撤回'],
};
const REVIEW_STAMP = ['送审稿，正在审查，不得公开', '送审稿'];

export function noticeStamp(state) {
  if (state === 'published') return null;
  return STAMPS[state] ?? REVIEW_STAMP;
}

// 2026-12-08 → 2026年12月8日 (the date as a 落款 writes it); a UTC time is taken on Beijing's
// calendar (the office's day).
export function chineseDate(iso) {
  let text = iso ?? '';
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const time = Date.parse(text);
    if (!Number.isNaN(time)) text = new Date(time + 8 * 3600 * 1000).toISOString();
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return '';
  return `${Number(match[1])}年${Number(match[2])}月${Number(match[3])}日`;
}

function paragraphs(text) {
  return (text ?? '').split(/\n+/).map((line) => line.trim()).filter(Boolean);
}

export function NoticePreview({ report, orgName }) {
  const content = report.content ?? {};
  const stamp = noticeStamp(report.state);
  // The 落款 date: the date the notice takes effect, else the day of the shown revision.
  const date = chineseDate(content.effective_date) || chineseDate(report.revision_created_at);
  return (
    <div class="notice-preview" data-testid="notice-preview" data-state={report.state}>
      {stamp && (
        <>
          <div class="np-banner" role="note" data-testid="preview-stamp">{stamp[0]}</div>
          <div class="np-watermark" aria-hidden="true">{stamp[1]}</div>
        </>
      )}
      <article class="np-page">
        <h1 class="np-title">{report.title}</h1>
        {content.doc_number && <p class="np-doc-number" data-testid="np-doc-number">{content.doc_number}</p>}
        {paragraphs(content.summary).map((p, i) => <p class="np-summary" key={`s${i}`}>{p}</p>)}
        <div class="np-body">
          {paragraphs(content.body).map((p, i) => <p key={i}>{p}</p>)}
        </div>
        <div class="np-signoff" data-testid="np-signoff">
          <p>{orgName}</p>
          {date && <p>{date}</p>}
        </div>
      </article>
    </div>
  );
}
