import type { PrismaClient } from '../../infra/db.js';

export interface DuplicateCode {
  code: string;
  enterprises: { id: string; name: string; officeId: string; officeName: string }[];
}

/**
 * Enterprise codes that more than one office registered (office staff may, since they cannot see other offices'
 * codes): the bureau decides which office supervises the enterprise and moves or removes the other record.
 */
export async function listDuplicateCodes(deps: { db: PrismaClient }): Promise<DuplicateCode[]> {
  const shared = await deps.db.enterprise.groupBy({
    by: ['code'],
    having: { code: { _count: { gt: 1 } } },
    orderBy: { code: 'asc' },
  });
  if (shared.length === 0) return [];
  const enterprises = await deps.db.enterprise.findMany({
    where: { code: { in: shared.map((s) => s.code) } },
    select: { id: true, name: true, code: true, officeId: true, office: { select: { name: true } } },
    orderBy: [{ code: 'asc' }, { createdAt: 'asc' }],
  });
  return shared.map(({ code }) => ({
    code,
    enterprises: enterprises
      .filter((e) => e.code === code)
      .map((e) => ({ id: e.id, name: e.name, officeId: e.officeId, officeName: e.office.name })),
  }));
}
