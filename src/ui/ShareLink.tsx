import { useState } from 'react';
import { formatUrlTarget } from '../net/urlTarget.ts';
import { useTwin } from '../net/runtime.tsx';

/** Copies a link that opens this very session (by its join code) at the current speed. */
export function ShareLink() {
  const session = useTwin((s) => s.session);
  const [copied, setCopied] = useState(false);
  if (!session) return null;
  const url = `${window.location.origin}${window.location.pathname}${formatUrlTarget({ session: session.code, speed: session.speed })}`;
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      window.prompt('Copy this link', url); // clipboard refused (http, permissions): show it instead
    }
  };
  return (
    <button type="button" className="link" title={url} onClick={() => void copy()} data-testid="share-link">
      {copied ? 'Link copied' : 'Share link'}
    </button>
  );
}
