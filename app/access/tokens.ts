import { createHash, randomBytes } from 'node:crypto';
import { tokenState } from '../../domain/token-state.js';
import type { PrismaClient } from '../../infra/db.js';

export const ROLES = ['bureau-admin', 'office-staff', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Creates a bearer token and returns it in clear: the only time it is ever visible. An expiry (null: never) must
 * lie after `now`.
 */
export async function createToken(
  db: PrismaClient,
  input: { name: string; role: Role; officeId?: string | null; expiresAt?: Date | null },
  now: Date = new Date(),
): Promise<{ id: string; token: string; expiresAt: Date | null }> {
  const refusal = await tokenRequestRefusal(db, input, now);
  if (refusal) throw new TokenRequestError(refusal.message, refusal.field);
  const token = `ce_${randomBytes(24).toString('base64url')}`;
  const row = await db.apiToken.create({
    data: {
      tokenHash: hashToken(token),
      name: input.name,
      role: input.role,
      officeId: input.officeId ?? null,
      expiresAt: input.expiresAt ?? null,
    },
  });
  return { id: row.id, token, expiresAt: row.expiresAt };
}

/**
 * A token request that cannot be honoured: a role and office that do not fit, an unknown office, or an expiry that
 * has passed. `field` names the input at fault.
 */
export class TokenRequestError extends Error {
  constructor(
    message: string,
    readonly field: 'officeId' | 'expiresAt',
  ) {
    super(message);
  }
}

async function tokenRequestRefusal(
  db: PrismaClient,
  input: { role: Role; officeId?: string | null | undefined; expiresAt?: Date | null | undefined },
  now: Date,
): Promise<{ field: TokenRequestError['field']; message: string } | undefined> {
  const officeRefusal = (message: string) => ({ field: 'officeId' as const, message });
  if (input.role === 'office-staff' && !input.officeId) return officeRefusal('an office-staff token needs an officeId');
  if (input.role !== 'office-staff' && input.officeId) {
    return officeRefusal(`a ${input.role} token is not bound to an office`);
  }
  if (input.officeId && !(await db.office.findUnique({ where: { id: input.officeId } }))) {
    return officeRefusal(`office ${input.officeId} does not exist`);
  }
  if (input.expiresAt && tokenState({ revokedAt: null, expiresAt: input.expiresAt }, now) === 'expired') {
    return { field: 'expiresAt', message: `expiresAt ${input.expiresAt.toISOString()} has already passed` };
  }
  return undefined;
}
