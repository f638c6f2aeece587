import { startServer } from '../live/server.ts';
import { resolveOperatorToken } from '../live/auth.ts';
import { appNeedsBuild, buildApp } from './buildApp.ts';
import { InputError } from './inputError.ts';

/** Flags of `twin serve`. */
export interface ServeFlags {
  scene: string;
  port: number;
  host: string;
  seed?: number;
  speed?: number | 'max';
  build: boolean;
  allowOrigin: string[];
}

/** `twin serve`: the live server. Resolves when it is stopped (Ctrl-C / SIGTERM). */
export async function serveCommand(flags: ServeFlags, print: (text: string) => void): Promise<void> {
  if (flags.build && appNeedsBuild()) {
    print('building the browser app (first start, or sources changed)...');
    await buildApp();
  }
  const { token, generated } = resolveOperatorToken(process.env.TWIN_OPERATOR_TOKEN);
  let server;
  try {
    server = await startServer({
      port: flags.port, host: flags.host, sceneFile: flags.scene, operatorToken: token, staticDir: 'dist',
      seed: flags.seed, speed: flags.speed, allowOrigins: flags.allowOrigin,
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new InputError(`port ${flags.port} on ${flags.host} is in use; choose another with --port`);
    if (err.code === 'EACCES') throw new InputError(`no permission to listen on port ${flags.port}; choose one above 1024`);
    throw e;
  }
  print(`LineTwin running "${flags.scene}" at ${server.url}`);
  print(generated
    ? `operator token (shown once; set TWIN_OPERATOR_TOKEN to choose your own): ${token}`
    : 'operator token: from TWIN_OPERATOR_TOKEN');
  print('Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      print('stopping...');
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
