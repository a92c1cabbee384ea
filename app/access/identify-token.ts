import type { PrismaClient } from '../../infra/db.js';
import { hashToken, type Role } from './tokens.js';

export interface TokenHolder {
  tokenId: string;
  name: string;
  role: Role;
  officeId: string | null;
}

/** Who a bearer token stands for, or undefined when it is unknown or revoked. */
export async function identifyToken(deps: { db: PrismaClient }, token: string): Promise<TokenHolder | undefined> {
  const row = await deps.db.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.revokedAt) return undefined;
  return { tokenId: row.id, name: row.name, role: row.role as Role, officeId: row.officeId };
}
