import { useEffect, useRef, useState } from 'preact/hooks';
import { useSession } from '../lib/hooks.js';
import { errorMessage } from '../lib/labels.js';

// A server-rendered page (official layout, review record) shown in a sandboxed frame: it
// cannot run scripts, and it prints on its own. It is fetched again whenever `deps` change
// (a new revision, a new state of the review), keeping the page shown until the new one
// arrives; an answer overtaken by a newer request is dropped.
export function RenderedPage({ load, deps, title }) {
  const { api } = useSession();
  const [html, setHtml] = useState(null);
  const [error, setError] = useState(null);
  const frame = useRef(null);
  useEffect(() => {
    let current = true;
    load(api).then(
      (page) => {
        if (!current) return;
        setError(null);
        setHtml(page);
      },
      (failure) => current && setError(failure),
    );
    return () => {
      current = false;
    };
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
