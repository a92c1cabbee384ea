import type { PrismaClient } from '../../infra/db.js';
import { ProblemError } from '../problem.js';
import { officeStatuses, type OfficeStatus } from './office-statuses.js';

/** One office's open obligations, next deadline, late items and enterprise progress at `atMs`; 404 if missing. */
export async function officeStatus(
  deps: { db: PrismaClient },
  input: { campaignId: string; officeId: string; atMs: number; language?: 'zh-CN' | 'en' },
): Promise<OfficeStatus> {
  const [status] = await officeStatuses(deps.db, input.campaignId, {
    atMs: input.atMs,
    officeId: input.officeId,
    ...(input.language ? { language: input.language } : {}),
  });
  if (!status) throw new ProblemError(404, 'Not found', `office ${input.officeId} does not exist`);
  return status;
}
