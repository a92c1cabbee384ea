import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identifyToken } from '../../app/access/identify-token.js';
import { createToken, hashToken } from '../../app/access/tokens.js';
import { buildTestApp, type BuiltTestApp } from '../support/app.js';
import { seedCampaign, type Seed } from '../support/campaign.js';

interface Problem {
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

interface Listed {
  id: string;
  name: string;
  role: string;
  officeId: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  state: 'active' | 'expired' | 'revoked';
}

const MINUTE = 60_000;

describe('sign-in tokens: expiry, last use, and the bureau listing and revoking them', () => {
  let api: BuiltTestApp;
  let seed: Seed;

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub' });
    seed = await seedCampaign(api.db.prisma, { offices: { A: 'zh-CN' }, enterprises: { A1: 'A' } });
  });

  afterAll(async () => {
    await api?.close();
  });

  const db = () => api.db.prisma;
  const me = (token: string) => api.call({ method: 'GET', url: '/me', token });
  const list = async (query = '') => {
    const response = await api.call({ method: 'GET', url: `/tokens${query}` });
    expect(response.statusCode).toBe(200);
    return response.json<Listed[]>();
  };
  /** A token that expired a minute ago (issued, as it was then, with an expiry still ahead). */
  const expiredToken = (name: string) =>
    createToken(
      db(),
      { name, role: 'viewer', expiresAt: new Date(Date.now() - MINUTE) },
      new Date(Date.now() - 2 * MINUTE),
    );

  it('a token past its expiry is refused like an unknown one', async () => {
    const issuedAt = new Date('2030-03-01T08:00:00Z');
    const expiresAt = new Date('2030-03-31T16:00:00Z');
    const { token } = await createToken(db(), { name: 'expiring', role: 'viewer', expiresAt }, issuedAt);
    const at = (instant: Date) => identifyToken({ db: db(), now: () => instant }, token);
    expect(await at(new Date(expiresAt.getTime() - 1))).toMatchObject({ name: 'expiring', role: 'viewer' });
    expect(await at(expiresAt)).toBeUndefined();
    expect(await at(new Date('2030-04-01T00:00:00Z'))).toBeUndefined();

    const expired = await me((await expiredToken('expired')).token);
    const unknown = await me('ce_no-such-token');
    expect(expired.statusCode).toBe(401);
    expect(expired.json<Problem>().detail).toBe(unknown.json<Problem>().detail);
  });

  it('records when a token was last used, at most once a minute', async () => {
    const { id, token } = await createToken(db(), { name: 'busy client', role: 'viewer' });
    const lastUsedAt = async () => (await db().apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    const t0 = new Date('2030-05-01T09:00:00.000Z');
    const signInAt = (ms: number) => identifyToken({ db: db(), now: () => new Date(t0.getTime() + ms) }, token);

    expect(await lastUsedAt()).toBeNull();
    expect(await signInAt(0)).toMatchObject({ tokenId: id });
    expect(await lastUsedAt()).toEqual(t0);
    // Within the minute: the sign-in succeeds and nothing is written.
    expect(await signInAt(30_000)).toMatchObject({ tokenId: id });
    expect(await signInAt(MINUTE - 1)).toMatchObject({ tokenId: id });
    expect(await lastUsedAt()).toEqual(t0);
    // A minute on, the use is recorded again.
    await signInAt(MINUTE);
    expect(await lastUsedAt()).toEqual(new Date(t0.getTime() + MINUTE));

    // Through the API: a request records its use, and the listing shows it.
    const { id: fresh, token: freshToken } = await createToken(db(), { name: 'fresh', role: 'viewer' });
    expect((await me(freshToken)).statusCode).toBe(200);
    const listed = (await list()).find((t) => t.id === fresh)!;
    expect(listed.lastUsedAt).not.toBeNull();
    expect(Math.abs(Date.parse(listed.lastUsedAt!) - Date.now())).toBeLessThan(MINUTE);
  });

  it('a failed write of the last use does not fail the sign-in', async () => {
    const { id, token } = await createToken(db(), { name: 'write fails', role: 'viewer' });
    const failing = new Proxy(db(), {
      get: (target, key) =>
        key === 'apiToken'
          ? {
              findUnique: target.apiToken.findUnique.bind(target.apiToken),
              updateMany: () => Promise.reject(new Error('database refuses the write')),
            }
          : (Reflect.get(target, key) as unknown),
    });
    expect(await identifyToken({ db: failing }, token)).toMatchObject({ tokenId: id });
  });

  it('the bureau lists tokens with their state and never their secret', async () => {
    const staff = await createToken(db(), { name: 'A staff', role: 'office-staff', officeId: seed.offices.A!.id });
    const later = new Date(Date.now() + 30 * 24 * 60 * MINUTE);
    const expiring = await createToken(db(), { name: 'expires later', role: 'viewer', expiresAt: later });
    const expired = await expiredToken('expired already');

    const response = await api.call({ method: 'GET', url: '/tokens' });
    expect(response.statusCode).toBe(200);
    const tokens = response.json<Listed[]>();
    const byId = new Map(tokens.map((t) => [t.id, t]));
    expect(byId.get(staff.id)).toEqual({
      id: staff.id,
      name: 'A staff',
      role: 'office-staff',
      officeId: seed.offices.A!.id,
      createdAt: expect.any(String) as unknown,
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
      state: 'active',
    });
    expect(byId.get(expiring.id)).toMatchObject({ expiresAt: later.toISOString(), state: 'active' });
    expect(byId.get(expired.id)).toMatchObject({ state: 'expired', officeId: null });
    // Newest first.
    const created = tokens.map((t) => Date.parse(t.createdAt));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    // Neither the token nor its hash is anywhere in the answer.
    for (const { token } of [staff, expiring, expired, { token: api.bureauToken }]) {
      expect(response.body).not.toContain(token);
      expect(response.body).not.toContain(hashToken(token));
    }
    expect(Object.keys(tokens[0]!).sort()).toEqual(
      ['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'officeId', 'revokedAt', 'role', 'state'].sort(),
    );

    expect((await list('?state=expired')).map((t) => t.id)).toContain(expired.id);
    expect((await list('?state=expired')).every((t) => t.state === 'expired')).toBe(true);
    expect((await list('?state=active')).map((t) => t.id)).toEqual(expect.arrayContaining([staff.id, expiring.id]));
    expect((await list('?state=active')).map((t) => t.id)).not.toContain(expired.id);
  });

  it('refuses a listing filter that is not a state, or one it does not know', async () => {
    for (const query of ['?state=lost', '?role=viewer']) {
      const response = await api.call({ method: 'GET', url: `/tokens${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('an expiry in the past is refused naming expiresAt', async () => {
    const before = await db().apiToken.count();
    const response = await api.call({
      method: 'POST',
      url: '/tokens',
      payload: { name: 'too late', role: 'viewer', expiresAt: new Date(Date.now() - MINUTE).toISOString() },
    });
    expect(response.statusCode).toBe(422);
    const problem = response.json<Problem>();
    expect(problem.errors).toEqual([{ path: 'expiresAt', message: expect.stringMatching(/passed/) as unknown }]);
    expect(await db().apiToken.count()).toBe(before);

    const notADate = await api.call({
      method: 'POST',
      url: '/tokens',
      payload: { name: 'no date', role: 'viewer', expiresAt: 'next month' },
    });
    expect(notADate.statusCode).toBe(400);
    expect(notADate.json<Problem>().errors?.[0]?.path).toBe('expiresAt');
    expect(await db().apiToken.count()).toBe(before);
  });

  it('issues a token with an expiry and answers it, or null without one', async () => {
    const expiresAt = '2099-12-31T16:00:00.000Z';
    const withExpiry = await api.call({
      method: 'POST',
      url: '/tokens',
      payload: { name: 'contractor', role: 'viewer', expiresAt: '2100-01-01T00:00:00+08:00' },
    });
    expect(withExpiry.statusCode).toBe(201);
    expect(withExpiry.json()).toEqual({
      id: expect.any(String) as unknown,
      token: expect.any(String) as unknown,
      expiresAt,
    });
    expect((await me(withExpiry.json<{ token: string }>().token)).statusCode).toBe(200);

    const forever = await api.call({ method: 'POST', url: '/tokens', payload: { name: 'clerk', role: 'viewer' } });
    expect(forever.statusCode).toBe(201);
    expect(forever.json<{ expiresAt: string | null }>().expiresAt).toBeNull();
  });

  it('a revoked token shows as revoked and is refused', async () => {
    const { id, token } = await createToken(db(), { name: 'leaving', role: 'viewer' });
    expect((await me(token)).statusCode).toBe(200);
    expect((await api.call({ method: 'DELETE', url: `/tokens/${id}` })).statusCode).toBe(204);

    expect((await me(token)).statusCode).toBe(401);
    expect(await identifyToken({ db: db() }, token)).toBeUndefined();
    const listed = (await list('?state=revoked')).find((t) => t.id === id);
    expect(listed).toMatchObject({ state: 'revoked', revokedAt: expect.any(String) as unknown });
    // A second revocation finds no active token.
    expect((await api.call({ method: 'DELETE', url: `/tokens/${id}` })).statusCode).toBe(404);

    // An expired token revoked by the bureau shows as revoked: the bureau's act is what the listing says.
    const expired = await expiredToken('expired, then revoked');
    expect((await api.call({ method: 'DELETE', url: `/tokens/${expired.id}` })).statusCode).toBe(204);
    expect((await list()).find((t) => t.id === expired.id)).toMatchObject({ state: 'revoked' });
  });

  it('office staff and viewers may not list tokens', async () => {
    const staff = await createToken(db(), { name: 'A staff', role: 'office-staff', officeId: seed.offices.A!.id });
    const viewer = await createToken(db(), { name: 'viewer', role: 'viewer' });
    for (const { token } of [staff, viewer]) {
      const response = await api.call({ method: 'GET', url: '/tokens', token });
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const anonymous = await api.app.inject({ method: 'GET', url: '/tokens' });
    expect(anonymous.statusCode).toBe(401);
  });
});
