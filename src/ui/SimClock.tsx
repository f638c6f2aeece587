import { useEffect, useRef } from 'react';
import { useRuntime } from '../net/runtime.tsx';
import { displayTime } from '../state/simClock.ts';
import { formatSimTime } from './format.ts';

/**
 * The simulated clock in the top bar. It ticks ten times a second by writing `textContent` through a ref
 * (the transient-update pattern): the clock never re-renders React.
 */
export function SimClock() {
  const { frames } = useRuntime();
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let last = '';
    const tick = (): void => {
      const el = ref.current;
      if (!el) return;
      const t = frames.stations.length ? displayTime(frames.clock, performance.now()) : 0;
      const text = formatSimTime(t);
      if (text !== last) {
        el.textContent = text;
        last = text;
      }
      el.dataset.t = t.toFixed(3);
    };
    tick();
    const id = setInterval(tick, 100);
    return () => clearInterval(id);
  }, [frames]);
  return <span ref={ref} className="sim-clock" data-testid="sim-clock" title="Simulated time" />;
}
