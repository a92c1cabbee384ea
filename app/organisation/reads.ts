import type { Enterprise, Office } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { ProblemError } from '../problem.js';
import { visibleTo } from '../access/visible-to.js';

/** The reads the organisation routes and use cases share: lists, and the records a request names. */

/** Offices by code; only `officeId` when the reader is limited to one office. */
export function listOffices(db: PrismaClient, filter: { officeId?: string | undefined }): Promise<Office[]> {
  const { officeId } = filter;
  return db.office.findMany({ where: officeId ? { id: officeId } : {}, orderBy: { code: 'asc' } });
}

/** Enterprises by code, of one office or of all. */
export function listEnterprises(db: PrismaClient, filter: { officeId?: string | undefined }): Promise<Enterprise[]> {
  const { officeId } = filter;
  return db.enterprise.findMany({ where: officeId ? { officeId } : {}, orderBy: { code: 'asc' } });
}

/**
 * The enterprise a request is about, or 404 naming it. With `ownOfficeId` (office staff), another office's enterprise
 * is answered exactly as a missing one: staff learn nothing of other offices' records.
 */
export async function findEnterprise(
  db: PrismaClient,
  enterpriseId: string,
  ownOfficeId?: string,
): Promise<Enterprise> {
  const enterprise = await db.enterprise.findFirst({ where: { id: enterpriseId, ...visibleTo(ownOfficeId) } });
  if (!enterprise) throw new ProblemError(404, 'Not found', `enterprise ${enterpriseId} does not exist`);
  return enterprise;
}

/** An `officeId` given in a body must name an office: 422 on the field otherwise. */
export async function requireOfficeExists(db: PrismaClient, officeId: string): Promise<void> {
  const office = await db.office.findUnique({ where: { id: officeId }, select: { id: true } });
  if (!office)
    throw new ProblemError(422, 'Unknown office', 'officeId names no office', [
      { path: 'officeId', message: 'no such office' },
    ]);
}
