import { useState } from 'react';
import { formatSimTime } from '../ui/format.ts';
import { useTraining } from './context.tsx';

/** The scenario's latest message over the stage; each new message shows again after a dismiss. */
export function MessageBanner() {
  const message = useTraining((s) => s.state?.message ?? null);
  const paused = useTraining((s) => s.state?.status === 'paused');
  const [dismissed, setDismissed] = useState<number | null>(null);
  if (!message || dismissed === message.at) return null;
  return (
    <div className="training-message" role="status" data-testid="training-message">
      <span className="training-message-time">{formatSimTime(message.at)}</span>
      <p>{message.text}</p>
      {paused ? <span className="muted">The trainer has paused the line.</span> : null}
      <button type="button" className="close" aria-label="Dismiss" onClick={() => setDismissed(message.at)}>
        ✕
      </button>
    </div>
  );
}
