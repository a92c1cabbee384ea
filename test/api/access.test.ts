import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../../api/plugins/auth.js';
import { createToken } from '../../app/access/tokens.js';
import { buildTestApp, type BuiltTestApp } from '../support/app.js';
import { seedCampaign, type Seed } from '../support/campaign.js';

/**
 * The authorisation matrix, checked against the app's own route table: every route declares its access (the app
 * refuses to start otherwise), every route must have a row here, and every row is called as every kind of user.
 * Adding a route means adding its row; changing who may call one means changing its row.
 */
const ROUTES: Record<string, Access> = {
  'DELETE /tokens/:id': 'bureau',
  'GET /app/:name': 'public',
  'GET /board': 'public',
  'GET /board/board.css': 'public',
  'GET /board/board.js': 'public',
  'GET /campaigns': 'signed-in',
  'GET /campaigns/:id': 'signed-in',
  'GET /campaigns/:id/calendar': 'signed-in',
  'GET /campaigns/:id/circulars/:quarter': 'county-view',
  'GET /campaigns/:id/commitment-progress': 'signed-in',
  'GET /campaigns/:id/escalations': 'signed-in',
  'GET /campaigns/:id/extensions': 'signed-in',
  'GET /campaigns/:id/late': 'signed-in',
  'GET /campaigns/:id/next-mails': 'signed-in',
  'GET /campaigns/:id/offices/:officeId/calendar.ics': 'signed-in',
  'GET /campaigns/:id/offices/:officeId/enterprise-progress': 'signed-in',
  'GET /campaigns/:id/offices/:officeId/reports/:period': 'signed-in',
  'GET /campaigns/:id/offices/:officeId/reports/:period/computed': 'signed-in',
  'GET /campaigns/:id/offices/:officeId/reports/:period/versions/:version': 'signed-in',
  'GET /campaigns/:id/offices/:officeId/reports/:period/versions/:version/summary': 'signed-in',
  'GET /campaigns/:id/offices/:officeId/reports/:period/workbook.xlsx': 'signed-in',
  'GET /campaigns/:id/offices/:officeId/status': 'signed-in',
  'GET /campaigns/:id/offices/:officeId/supervision': 'signed-in',
  'GET /campaigns/:id/reporting-rates': 'signed-in',
  'GET /campaigns/:id/reports/:period/export.csv': 'county-view',
  'GET /campaigns/:id/reports/:period/export.xlsx': 'county-view',
  'GET /campaigns/:id/reports/:period/status-list': 'county-view',
  'GET /campaigns/:id/reports/:period/status-list.csv': 'county-view',
  'GET /campaigns/:id/reports/:period/totals': 'county-view',
  'GET /campaigns/:id/status': 'signed-in',
  'GET /dev/mail': 'bureau',
  'GET /enterprises': 'signed-in',
  'GET /enterprises/duplicate-codes': 'county-view',
  'GET /fonts/noto-sans-sc.css': 'public',
  'GET /fonts/noto-sans-sc/:file': 'public',
  'GET /healthz': 'public',
  'GET /holidays/:year': 'signed-in',
  'GET /mail-log': 'signed-in',
  'GET /me': 'signed-in',
  'GET /metrics': 'county-view',
  'GET /offices': 'signed-in',
  'GET /readyz': 'public',
  'GET /report-layout': 'signed-in',
  'GET /templates/default': 'signed-in',
  'GET /tokens': 'bureau',
  'PATCH /campaigns/:id': 'bureau',
  'PATCH /enterprises/:id': 'office-write',
  'POST /campaigns': 'bureau',
  'POST /campaigns/:id/calendar/preview': 'bureau',
  'POST /campaigns/:id/enforcement-actions': 'office-write',
  'POST /campaigns/:id/enterprises/:enterpriseId/assessments': 'office-write',
  'POST /campaigns/:id/guidance-visits': 'office-write',
  'POST /campaigns/:id/guidance-visits/records': 'office-write',
  'POST /campaigns/:id/hazards': 'office-write',
  'POST /campaigns/:id/hazards/:hazardId/progress': 'office-write',
  'POST /campaigns/:id/hazards/:hazardId/rectification': 'office-write',
  'POST /campaigns/:id/hazards/:hazardId/verification': 'bureau',
  'POST /campaigns/:id/inspections': 'office-write',
  'POST /campaigns/:id/offices/:officeId/escalations': 'bureau',
  'POST /campaigns/:id/offices/:officeId/extensions': 'office-write',
  'POST /campaigns/:id/offices/:officeId/obligations/:key/complete': 'office-write',
  'POST /campaigns/:id/offices/:officeId/reports/:period': 'office-write',
  'POST /campaigns/:id/start': 'bureau',
  'POST /dev/sample-mail': 'bureau',
  'POST /enterprises': 'office-write',
  'POST /enterprises/import': 'office-write',
  'POST /escalations/:escalationId/acknowledge': 'office-write',
  'POST /extensions/:extensionId/decision': 'bureau',
  'POST /mail-log/:id/resend': 'bureau',
  'POST /mail-log/uncertain/resolve': 'bureau',
  'POST /offices': 'bureau',
  'POST /offices/import': 'bureau',
  'POST /tokens': 'bureau',
  'PUT /campaigns/:id/enterprises/:enterpriseId/progress': 'office-write',
  'PUT /holidays/:year': 'bureau',
};

type Who = 'bureau' | 'staff' | 'viewer' | 'anonymous';
type Outcome = 'allowed' | 'forbidden' | 'sign in';

/** What each kind of user gets from a route of each access level (staff calling for their own office). */
const POLICY: Record<Access, Record<Who, Outcome>> = {
  public: { bureau: 'allowed', staff: 'allowed', viewer: 'allowed', anonymous: 'allowed' },
  'signed-in': { bureau: 'allowed', staff: 'allowed', viewer: 'allowed', anonymous: 'sign in' },
  'office-write': { bureau: 'allowed', staff: 'allowed', viewer: 'forbidden', anonymous: 'sign in' },
  'county-view': { bureau: 'allowed', staff: 'forbidden', viewer: 'allowed', anonymous: 'sign in' },
  bureau: { bureau: 'allowed', staff: 'forbidden', viewer: 'forbidden', anonymous: 'sign in' },
};

describe('authorisation matrix over every route', () => {
  let api: BuiltTestApp;
  let seed: Seed;
  const tokens = {} as Record<Exclude<Who, 'anonymous'>, string>;

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub', mail: 'catcher' });
    seed = await seedCampaign(api.db.prisma, { offices: { A: 'zh-CN' }, enterprises: { A1: 'A' } });
    tokens.bureau = api.bureauToken;
    tokens.staff = (
      await createToken(api.db.prisma, { name: 'A staff', role: 'office-staff', officeId: seed.offices.A!.id })
    ).token;
    tokens.viewer = (await createToken(api.db.prisma, { name: 'viewer', role: 'viewer' })).token;
  });

  afterAll(async () => {
    await api?.close();
  });

  const routeTable = () =>
    Object.fromEntries(
      api.app.accessTable.filter((r) => r.method !== 'HEAD').map((r) => [`${r.method} ${r.url}`, r.access]),
    );

  it('has a row for every route of the app, and no row for a route it does not have', () => {
    expect(routeTable()).toEqual(ROUTES);
  });

  /** A URL for the route: ids that name nothing (so nothing changes), except the caller's own office. */
  function urlOf(url: string): string {
    return url
      .replace(':officeId', seed.offices.A!.id)
      .replace(':year', '2024')
      .replace(':period', '2024-03')
      .replace(':quarter', '2024-Q2')
      .replace(':key', 'phase:planning')
      .replace(':version', '1')
      .replace(':file', 'none.woff2')
      .replace(/:[A-Za-z]+/g, () => randomUUID());
  }

  it('lets each kind of user call exactly the routes its role allows', async () => {
    const wrong: string[] = [];
    for (const [route, access] of Object.entries(routeTable())) {
      const [method, url] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
      for (const who of ['bureau', 'staff', 'viewer', 'anonymous'] as const) {
        const response = await api.app.inject({
          method,
          url: urlOf(url),
          headers: who === 'anonymous' ? {} : { authorization: `Bearer ${tokens[who]}` },
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
        });
        const outcome: Outcome =
          response.statusCode === 401 ? 'sign in' : response.statusCode === 403 ? 'forbidden' : 'allowed';
        if (outcome !== POLICY[access][who]) {
          wrong.push(`${route} as ${who}: ${response.statusCode} (${access} expects ${POLICY[access][who]})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
