import { describe, expect, it } from 'vitest';
import { createClientContext } from '../../../src-main/ipc/client-context';
import { ResumeTokens } from '../../../src-main/engine/users/resume-tokens';

function setup() {
  const clock = { now: 0 };
  const tokens = new ResumeTokens({ idleMs: 1000, now: () => clock.now });
  const client = createClientContext('headless');
  client.user = { name: 'ann', role: 'operator' };
  return { clock, tokens, client };
}

describe('resume tokens', () => {
  it('issues 32 random bytes as base64url, different every time', () => {
    const { tokens, client } = setup();
    const a = tokens.issue(client, 'stamp-ann');
    const b = tokens.issue(client, 'stamp-ann');
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('expires after the idle time, counted from the last use', () => {
    const { clock, tokens, client } = setup();
    const token = tokens.issue(client, 'stamp-ann');
    clock.now = 1000;
    expect(tokens.resume(token, createClientContext('headless'))).toEqual({ ok: true, user: { name: 'ann', role: 'operator' }, credentialStamp: 'stamp-ann' });
    clock.now = 1900;
    tokens.touch(client);
    clock.now = 2900;
    expect(tokens.resume(token, createClientContext('headless')).ok).toBe(true);
    clock.now = 3901;
    expect(tokens.resume(token, createClientContext('headless'))).toEqual({ ok: false, code: 'SESSION_EXPIRED', user: 'ann' });
  });

  it('says revoked for a revoked token until it is swept, then unknown', () => {
    const { clock, tokens, client } = setup();
    const token = tokens.issue(client, 'stamp-ann');
    tokens.revokeClient(client);
    expect(tokens.resume(token, client)).toEqual({ ok: false, code: 'SESSION_REVOKED', user: 'ann' });
    tokens.touch(client);
    clock.now = 2001;
    expect(tokens.resume(token, client)).toEqual({ ok: false, code: 'SESSION_UNKNOWN', user: null });
    expect(tokens.size).toBe(0);
  });

  it("revokes every token of one user and no other user's", () => {
    const { tokens, client } = setup();
    const other = createClientContext('headless');
    other.user = { name: 'bob', role: 'viewer' };
    const ann = [tokens.issue(client, 'stamp-ann'), tokens.issue(client, 'stamp-ann')];
    const bob = tokens.issue(other, 'stamp-bob');
    tokens.revokeUser('ann');
    for (const token of ann) expect(tokens.resume(token, client).ok).toBe(false);
    expect(tokens.resume(bob, other).ok).toBe(true);
  });

  it('refuses to issue a token to a client that is not logged in', () => {
    expect(() => new ResumeTokens().issue(createClientContext('electron'), 'stamp')).toThrow(/logged-in/);
  });
});
