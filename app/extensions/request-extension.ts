import { isLocalDate } from '../../domain/index.js';
import type { Extension } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { findCampaign } from '../campaigns/find-campaign.js';
import { findObligation, withExtension } from '../campaigns/plan-obligations.js';
import { loadPlan, type LoadedPlan } from '../campaigns/plan-store.js';
import { ProblemError, type ProblemField } from '../problem.js';

export interface ExtensionRequest {
  campaignId: string;
  officeId: string;
  obligationKey: string;
  /** The local date (YYYY-MM-DD) the office asks for. */
  requestedDueDate: string;
  reason: string;
  requestedBy: string;
}

/** An extension is asked for an office's own obligation, not yet fulfilled, to a real date after its current due date. */
async function extensionRequestErrors(
  db: PrismaClient,
  loaded: LoadedPlan,
  request: ExtensionRequest,
): Promise<ProblemField[]> {
  const { campaignId, officeId, obligationKey, requestedDueDate } = request;
  const planned = findObligation(loaded, obligationKey);
  const errors: ProblemField[] = [];
  if (!planned || planned.responsible !== 'office')
    errors.push({ path: 'obligationKey', message: 'is not an obligation of the office in this plan' });
  if (!isLocalDate(requestedDueDate)) errors.push({ path: 'requestedDueDate', message: 'is not a real date' });
  if (planned && isLocalDate(requestedDueDate)) {
    const state = await db.obligationState.findUnique({
      where: { campaignId_officeId_obligationKey: { campaignId, officeId, obligationKey } },
    });
    const current = withExtension(loaded, planned, state?.extendedDueDate);
    if (state?.status === 'done') errors.push({ path: 'obligationKey', message: 'is already fulfilled' });
    if (requestedDueDate <= current.dueDate)
      errors.push({ path: 'requestedDueDate', message: `must be after the current due date ${current.dueDate}` });
  }
  return errors;
}

/**
 * An office asks for more time on one of its obligations: 404 when the campaign does not exist, 422 naming
 * every bad field, else the request is stored for the bureau to decide. Nothing moves until it is approved.
 */
export async function requestExtension(deps: { db: PrismaClient }, request: ExtensionRequest): Promise<Extension> {
  const { db } = deps;
  await findCampaign(db, request.campaignId);
  const loaded = await loadPlan(db, request.campaignId);
  const errors = await extensionRequestErrors(db, loaded, request);
  if (errors.length > 0) {
    const detail = errors.map((e) => `${e.path} ${e.message}`).join('; ');
    throw new ProblemError(422, 'Invalid extension request', detail, errors);
  }
  return db.extension.create({
    data: {
      campaignId: request.campaignId,
      officeId: request.officeId,
      obligationKey: request.obligationKey,
      requestedDueDate: request.requestedDueDate,
      reason: request.reason,
      requestedBy: request.requestedBy,
    },
  });
}
