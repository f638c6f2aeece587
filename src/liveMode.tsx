import { App } from './App.tsx';
import { openRuntime } from './net/openRuntime.ts';
import { parseUrlTarget } from './net/urlTarget.ts';
import { TwinProvider } from './net/runtime.tsx';

/** The live line (the default mode): one store, one frame buffer, one socket for the page's lifetime. */
export function start(url: URL) {
  const runtime = openRuntime(parseUrlTarget(url.search));
  return (
    <TwinProvider runtime={runtime}>
      <App />
    </TwinProvider>
  );
}
