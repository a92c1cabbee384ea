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
  const refusal = await tokenRequestRefusal(db, input);
  if (refusal) throw new TokenRequestError(refusal);
  const token = `ce_${randomBytes(24).toString('base64url')}`;
  const row = await db.apiToken.create({
    data: { tokenHash: hashToken(token), name: input.name, role: input.role, officeId: input.officeId ?? null },
  });
  return { id: row.id, token };
}

/** A token request that cannot be honoured: a role and office that do not fit, or an unknown office. */
export class TokenRequestError extends Error {}

async function tokenRequestRefusal(
  db: PrismaClient,
  input: { role: Role; officeId?: string | null | undefined },
): Promise<string | undefined> {
  if (input.role === 'office-staff' && !input.officeId) return 'an office-staff token needs an officeId';
  if (input.role !== 'office-staff' && input.officeId) return `a ${input.role} token is not bound to an office`;
  if (input.officeId && !(await db.office.findUnique({ where: { id: input.officeId } }))) {
    return `office ${input.officeId} does not exist`;
  }
  return undefined;
}
