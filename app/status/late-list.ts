import type { PrismaClient } from '../../infra/db.js';
import { findCampaign } from '../campaigns/find-campaign.js';
import { officeStatuses } from './office-statuses.js';

/** An office obligation past its due day. */
export interface LateItem {
  officeId: string;
  officeCode: string;
  officeName: string;
  unitType: string;
  obligationKey: string;
  title: string;
  dueDate: string;
  /** overdue (past the due day) or late (past the hard deadline, escalated). */
  state: string;
  daysLate: number;
  extended: boolean;
}

/**
 * The late list at `atMs`: every office obligation past its due day, most days late first, then by office code.
 * Every office, or the one given. 404 if the campaign is missing.
 */
export async function lateList(
  deps: { db: PrismaClient },
  input: { campaignId: string; atMs: number; officeId?: string; language?: 'zh-CN' | 'en' },
): Promise<LateItem[]> {
  await findCampaign(deps.db, input.campaignId);
  const statuses = await officeStatuses(deps.db, input.campaignId, {
    atMs: input.atMs,
    ...(input.officeId ? { officeId: input.officeId } : {}),
    ...(input.language ? { language: input.language } : {}),
  });
  return statuses
    .flatMap((s) =>
      s.lateItems.map((o): LateItem => ({
        officeId: s.officeId,
        officeCode: s.officeCode,
        officeName: s.officeName,
        unitType: s.unitType,
        obligationKey: o.key,
        title: o.title,
        dueDate: o.dueDate,
        state: o.state,
        daysLate: o.daysLate,
        extended: o.extended,
      })),
    )
    .sort((a, b) => b.daysLate - a.daysLate || a.officeCode.localeCompare(b.officeCode));
}
