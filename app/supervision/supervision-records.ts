import type { Client } from '@temporalio/client';
import { localDateOf, RecordChecker, type LocalDate } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { signalWorkflows } from '../../infra/workflow-signals.js';
import { planChangedSignal, workflowIds } from '../../workflows/definitions.js';
import { visibleTo } from '../access/visible-to.js';
import { ProblemError } from '../problem.js';

/** What the supervision use cases share: the database, Temporal, and the app's clock. */
export interface SupervisionDeps {
  db: PrismaClient;
  client: Client;
  /** Milliseconds since the epoch: when the record is made (the app's clock). */
  now?: () => number;
}

/** Who records it, and the office staff's own office (undefined for the bureau). */
export interface Recorder {
  by: string;
  ownOfficeId?: string | undefined;
}

export function nowOf(deps: SupervisionDeps): number {
  return deps.now?.() ?? Date.now();
}

/** The campaign's time zone and year; 404 for a campaign that does not exist. */
async function campaignOf(db: PrismaClient, campaignId: string): Promise<{ timeZone: string; year: number }> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { template: true, year: true } });
  if (!campaign) throw new ProblemError(404, 'Not found', `campaign ${campaignId} does not exist`);
  return { timeZone: (campaign.template as { timeZone?: string }).timeZone ?? 'Asia/Shanghai', year: campaign.year };
}

/** The campaign's time zone, to tell "today" of a record; 404 for a campaign that does not exist. */
export async function campaignZone(db: PrismaClient, campaignId: string): Promise<string> {
  return (await campaignOf(db, campaignId)).timeZone;
}

/**
 * A record's dates lie in its campaign's date window, as every date of the campaign's plan does (domain/template.ts):
 * from the start of the year before the campaign's to the end of the year after. A day far outside it (9999-12-31)
 * would be planned into reminders that cannot exist, and the office's schedule could not be computed.
 */
class CampaignRecordChecker extends RecordChecker {
  constructor(
    today: LocalDate,
    private readonly first: LocalDate,
    private readonly last: LocalDate,
  ) {
    super(today);
  }

  override date(path: string, value: string): LocalDate | undefined {
    const d = super.date(path, value);
    if (d !== undefined && (d < this.first || d > this.last)) {
      return void this.fail(path, `${d} is outside the campaign's dates (${this.first} to ${this.last})`);
    }
    return d;
  }
}

/** A checker for a record made now in the campaign's zone, its dates within the campaign's window. */
export async function recordChecker(deps: SupervisionDeps, campaignId: string): Promise<RecordChecker> {
  const { timeZone, year } = await campaignOf(deps.db, campaignId);
  return new CampaignRecordChecker(
    localDateOf(nowOf(deps), timeZone),
    `${year - 1}-01-01`, // a campaign's year has four digits (2000 to 2100)
    `${year + 1}-12-31`,
  );
}

/** 422 naming every bad field, nothing stored. */
export function throwIfIssues(check: RecordChecker): void {
  if (check.issues.length === 0) return;
  throw new ProblemError(
    422,
    'Invalid record',
    check.issues.map((i) => `${i.path}: ${i.message}`).join('; '),
    check.issues,
  );
}

/** The enterprise as the recorder may see it; 404 for one missing or of another office. */
export async function visibleEnterprise(
  db: PrismaClient,
  enterpriseId: string,
  recorder: Pick<Recorder, 'ownOfficeId'>,
): Promise<{ id: string; officeId: string; riskColour: string; standardization: string }> {
  const enterprise = await db.enterprise.findFirst({
    where: { id: enterpriseId, ...visibleTo(recorder.ownOfficeId) },
    select: { id: true, officeId: true, riskColour: true, standardization: true },
  });
  if (!enterprise) throw new ProblemError(404, 'Not found', `enterprise ${enterpriseId} does not exist`);
  return enterprise;
}

/** The hazard of a campaign as the recorder may see it; 404 otherwise. */
export async function visibleHazard(
  db: PrismaClient,
  campaignId: string,
  hazardId: string,
  recorder: Pick<Recorder, 'ownOfficeId'>,
) {
  const hazard = await db.hazard.findFirst({ where: { id: hazardId, campaignId, ...visibleTo(recorder.ownOfficeId) } });
  if (!hazard) throw new ProblemError(404, 'Not found', `hazard ${hazardId} does not exist in campaign ${campaignId}`);
  return hazard;
}

/** The office's workflow in this campaign reloads its schedule: what it owes has changed. */
export async function announceSupervisionChange(client: Client, campaignId: string, officeId: string): Promise<void> {
  await signalWorkflows(client, [workflowIds.office(campaignId, officeId)], planChangedSignal);
}
