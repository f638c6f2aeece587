import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveOperatorToken } from '../../server/live/auth.ts';
import type { RunningServer } from '../../server/live/server.ts';
import { createSignIn } from '../../server/live/signIn.ts';
import { twin } from '../helpers/cli.ts';
import { io as connect } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../server/protocol/events.ts';
import { createClientPool, request, startTestServer, TEST_TOKEN, waitFor } from '../helpers/liveServer.ts';

/**
 * Token guessing: wrong operator tokens are limited per address over time, across all of its connections and both
 * ways of signing in, each failure is logged without the token, and a chosen token must be strong.
 */

describe('the sign-in limit', () => {
  it('5 wrong tokens in a minute lock the address out for 1 min, then 2 min; other addresses are not affected', () => {
    let t = 0;
    const log: string[] = [];
    const signIn = createSignIn(
      TEST_TOKEN,
      (line) => log.push(line),
      undefined,
      () => t,
    );
    for (let i = 0; i < 4; i++) expect(signIn.attempt('10.0.0.9', `guess-${i}`)).toEqual({ ok: false, error: 'wrong operator token' });
    expect(signIn.attempt('10.0.0.9', 'guess-4')).toEqual({ ok: false, error: expect.stringMatching(/try again in 60 s/) });
    // locked: even the right token is not compared
    t = 59_000;
    expect(signIn.attempt('10.0.0.9', TEST_TOKEN)).toEqual({ ok: false, error: expect.stringMatching(/too many .* try again in 1 s/) });
    expect(signIn.attempt('10.0.0.7', TEST_TOKEN)).toEqual({ ok: true });
    t = 60_000;
    for (let i = 0; i < 5; i++) signIn.attempt('10.0.0.9', `x${i}`);
    expect(signIn.attempt('10.0.0.9', TEST_TOKEN)).toEqual({ ok: false, error: expect.stringMatching(/try again in 120 s/) });
    t = 180_000;
    expect(signIn.attempt('10.0.0.9', TEST_TOKEN)).toEqual({ ok: true });
    expect(log.filter((l) => /sign-in failed from 10\.0\.0\.9 at 1970-01-01T00:00:00\.000Z/.test(l))).toHaveLength(5);
    expect(log.filter((l) => /locked for 60 s/.test(l))).toHaveLength(1);
    expect(log.filter((l) => /locked for 120 s/.test(l))).toHaveLength(1);
    expect(log.join('\n')).not.toMatch(/guess/);
  });

  it('the same wrong token again (a tab holding the token of an earlier start) does not count twice', () => {
    let t = 0;
    const log: string[] = [];
    const signIn = createSignIn(
      TEST_TOKEN,
      (line) => log.push(line),
      undefined,
      () => t,
    );
    for (let i = 0; i < 20; i++) {
      t += 100;
      expect(signIn.attempt('10.0.0.9', 'token-of-yesterday')).toEqual({ ok: false, error: 'wrong operator token' });
    }
    expect(log).toHaveLength(20);
    expect(log[1]).toMatch(/a token already tried; 1 different within 60 s/);
    expect(signIn.attempt('10.0.0.9', TEST_TOKEN)).toEqual({ ok: true });
  });

  it('wrong tokens within a minute count, older ones do not', () => {
    let t = 0;
    const signIn = createSignIn(
      TEST_TOKEN,
      () => {},
      undefined,
      () => t,
    );
    for (let i = 0; i < 20; i++) {
      t += 15_000; // 4 a minute
      expect(signIn.attempt('10.0.0.9', `x${i}`)).toEqual({ ok: false, error: 'wrong operator token' });
    }
  });
});

describe('guessing on the live server', () => {
  let server: RunningServer;
  const log: string[] = [];
  const pool = createClientPool(() => server);
  beforeAll(async () => {
    server = await startTestServer({ warn: (line) => log.push(line) });
  });
  afterAll(async () => {
    pool.closeAll();
    await server.close();
  });

  it('many connections of one address share the limit, by handshake and by auth:operator alike', async () => {
    const guessers = await Promise.all(Array.from({ length: 4 }, (_, i) => pool.client(`wrong-token-${i}`)));
    expect(log.filter((l) => /sign-in failed from 127\.0\.0\.1/.test(l))).toHaveLength(4);
    const answers = [];
    for (const [i, c] of guessers.entries()) answers.push(await request(c, 'auth:operator', { token: `another-wrong-${i}` }));
    expect(answers[0]).toEqual({ ok: false, error: expect.stringMatching(/try again in 60 s/) });
    for (const a of answers.slice(1))
      expect(a).toEqual({ ok: false, error: expect.stringMatching(/too many wrong operator tokens from 127\.0\.0\.1/) });
    // the right token is refused too while the address is locked out; the connection watches as a viewer, and is told
    const late = await pool.client();
    expect(await request(late, 'auth:operator', { token: TEST_TOKEN })).toEqual({ ok: false, error: expect.stringMatching(/try again/) });
    const op = connect(server.url, {
      auth: { protocol: PROTOCOL_VERSION, token: TEST_TOKEN },
      transports: ['websocket'],
      reconnection: false,
    });
    const notice = await new Promise<{ text: string }>((resolve) => op.once('server:notice', resolve));
    expect(notice.text).toMatch(/signed in as a viewer: too many wrong operator tokens/);
    const joined = await request<{ snapshot: { role: string } }>(op, 'session:join', {});
    op.close();
    expect(joined.ok && joined.snapshot.role).toBe('viewer');
    await waitFor(() => log.some((l) => /locked for 60 s/.test(l)));
    expect(log.join('\n')).not.toMatch(/wrong-token|another-wrong/);
  });
});

describe('a chosen token', () => {
  it('must have at least 16 characters with 8 different ones; unset or blank, a strong one is generated', () => {
    expect(resolveOperatorToken('secret12')).toEqual({ weak: 'it has 8 characters; use at least 16' });
    expect(resolveOperatorToken('aaaaaaaaaaaaaaaaaaaa')).toEqual({ weak: 'it has only 1 different characters; use at least 8' });
    expect(resolveOperatorToken('  correct-horse-battery  ')).toEqual({ token: 'correct-horse-battery', generated: false });
    for (const unset of [undefined, '', '   ']) {
      const r = resolveOperatorToken(unset);
      expect(r).toEqual({ token: expect.stringMatching(/^[\w-]{24}$/), generated: true });
    }
  });

  it('twin serve with a weak TWIN_OPERATOR_TOKEN stops at once with exit 2 and says why', async () => {
    const saved = process.env['TWIN_OPERATOR_TOKEN'];
    process.env['TWIN_OPERATOR_TOKEN'] = 'hunter22';
    try {
      const { code, stderr } = await twin('serve', '--no-build', '--no-persist', '--port', '0', '--scene', 'test/fixtures/short-line.yaml');
      expect(code).toBe(2);
      expect(stderr).toBe(
        'error: TWIN_OPERATOR_TOKEN is too weak: it has 8 characters; use at least 16 (or unset it, and a strong token is generated and printed)\n',
      );
    } finally {
      if (saved === undefined) delete process.env['TWIN_OPERATOR_TOKEN'];
      else process.env['TWIN_OPERATOR_TOKEN'] = saved;
    }
  });
});
