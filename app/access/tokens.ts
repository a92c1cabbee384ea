import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../infra/db.js';

export const ROLES = ['bureau-admin', 'office-staff', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a bearer token and returns it in clear: the only time it is ever visible. */
export async function createToken(
  db: PrismaClient,
  input: { name: string; role: Role; officeId?: string | null },
): Promise<{ id: string; token: string }> {
  if (input.role === 'office-staff' && !input.officeId) throw new Error('an office-staff token needs an officeId');
  if (input.role !== 'office-staff' && input.officeId)
    throw new Error(`a ${input.role} token is not bound to an office`);
  if (input.officeId && !(await db.office.findUnique({ where: { id: input.officeId } }))) {
    throw new Error(`office ${input.officeId} does not exist`);
  }
  const token = `ce_${randomBytes(24).toString('base64url')}`;
  const row = await db.apiToken.create({
    data: { tokenHash: hashToken(token), name: input.name, role: input.role, officeId: input.officeId ?? null },
  });
  return { id: row.id, token };
}
