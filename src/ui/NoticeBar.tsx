import { useEffect } from 'react';
import { useRuntime, useTwin } from '../net/runtime.tsx';

/** How long an info or warning stays (ms); errors stay until dismissed. */
const AUTO_HIDE_MS = 8000;

/** One-line messages from the server or the client (refused token, closed session, rate limits...). */
export function NoticeBar() {
  const { store } = useRuntime();
  const notice = useTwin((s) => s.notice);
  useEffect(() => {
    if (!notice || notice.level === 'error') return;
    const id = setTimeout(() => {
      if (store.getState().notice === notice) store.setState({ notice: null });
    }, AUTO_HIDE_MS);
    return () => clearTimeout(id);
  }, [notice, store]);
  if (!notice) return null;
  return (
    <div className={`notice notice-${notice.level}`} role="alert" data-testid="notice">
      <span>{notice.text}</span>
      <button type="button" className="close" aria-label="Dismiss" onClick={() => store.setState({ notice: null })}>
        ✕
      </button>
    </div>
  );
}
