/**
 * The annex figures an office's supervision records determine for a reporting period (issue #17): its inspections,
 * hazards and enforcement actions in the campaign and its enterprises' assessment history, added up by
 * domain/reports/record-figures.ts. What GET …/reports/{period}/computed answers, what the office's form is pre-filled
 * with, and what a submission is compared with. Only a campaign whose template has `supervision` keeps such records:
 * for any other the records determine no figure.
 */
import type { Assessment, AssessedEnterprise } from '../../domain/supervision/inspection-cycles.js';
import { isRiskColour, isStandardizationState } from '../../domain/supervision/rules.js';
import type { FieldPath } from '../../domain/reports/index.js';
import { figuresFromRecords } from '../../domain/reports/record-figures.js';
import type { PrismaClient } from '../../infra/db.js';
import { visibleTo } from '../access/visible-to.js';
import type { LoadedPlan } from '../campaigns/plan-store.js';
import { ProblemError } from '../problem.js';
import { loadReportPeriod } from './report-period.js';

type Db = Pick<PrismaClient, 'enterprise' | 'riskAssessment' | 'inspection' | 'hazard' | 'enforcementAction'>;

/**
 * The office's enterprises as the four-colour count reads them: the register's colour and standardization and the
 * assessments oldest first. An enterprise whose register colour is none of the four, and an assessment with such a
 * colour, count nowhere (as in the register's own counts, domain/reports/prefill.ts).
 */
async function assessedEnterprises(db: Db, officeId: string): Promise<AssessedEnterprise[]> {
  const enterprises = await db.enterprise.findMany({
    where: { officeId },
    select: { id: true, riskColour: true, standardization: true },
  });
  const assessments = await db.riskAssessment.findMany({
    where: { enterpriseId: { in: enterprises.map((e) => e.id) } },
    orderBy: [{ assessedOn: 'asc' }, { recordedAt: 'asc' }],
    select: {
      enterpriseId: true,
      assessedOn: true,
      colour: true,
      previousColour: true,
      standardization: true,
      previousStandardization: true,
    },
  });
  const history = new Map<string, Assessment[]>();
  for (const a of assessments) {
    if (!isRiskColour(a.colour) || !isRiskColour(a.previousColour)) continue;
    const standardization = isStandardizationState(a.standardization) ? a.standardization : 'in-progress';
    const previous = isStandardizationState(a.previousStandardization) ? a.previousStandardization : 'in-progress';
    const list = history.get(a.enterpriseId) ?? [];
    list.push({
      assessedOn: a.assessedOn,
      colour: a.colour,
      previousColour: a.previousColour,
      standardization,
      previousStandardization: previous,
    });
    history.set(a.enterpriseId, list);
  }
  return enterprises.flatMap((e) =>
    isRiskColour(e.riskColour)
      ? [
          {
            colour: e.riskColour,
            standardization: isStandardizationState(e.standardization) ? e.standardization : 'in-progress',
            assessments: history.get(e.id) ?? [],
          },
        ]
      : [],
  );
}

/**
 * The figures the office's records determine for `month` ('YYYY-MM'), or undefined when the campaign keeps no
 * supervision records (its template has no `supervision`).
 */
export async function officeRecordFigures(
  db: Db,
  loaded: Pick<LoadedPlan, 'campaign' | 'template'>,
  officeId: string,
  month: string,
): Promise<Map<FieldPath, number> | undefined> {
  if (!loaded.template.supervision) return undefined;
  const where = { campaignId: loaded.campaign.id, officeId };
  const [enterprises, inspections, hazards, actions] = await Promise.all([
    assessedEnterprises(db, officeId),
    db.inspection.findMany({ where, select: { inspectedOn: true } }),
    db.hazard.findMany({
      where,
      select: { enterpriseId: true, source: true, major: true, foundOn: true, rectifiedOn: true, verifiedOn: true },
    }),
    db.enforcementAction.findMany({ where, select: { kind: true, takenOn: true, fineYuan: true, persons: true } }),
  ]);
  return figuresFromRecords(
    { enterprises, inspections, hazards, actions },
    { month, campaignYear: loaded.campaign.year },
  );
}

export interface RecordFigures {
  period: string;
  /** The month the figures run to: the period, or December of the campaign year for the year-end summary. */
  month: string;
  /** Every cell the records determine, in catalogue order; none when the campaign keeps no supervision records. */
  figures: Map<FieldPath, number>;
}

/**
 * The figures an office's records determine for a period of a campaign. 404 for an unknown campaign, period or
 * office, and for another office's when the reader is office staff (`ownOfficeId`).
 */
export async function readRecordFigures(
  deps: { db: PrismaClient },
  input: { campaignId: string; officeId: string; period: string; ownOfficeId?: string | undefined },
): Promise<RecordFigures> {
  const { db } = deps;
  const { loaded, period } = await loadReportPeriod(db, input.campaignId, input.period);
  const scope = visibleTo(input.ownOfficeId);
  const office =
    scope.officeId === undefined || scope.officeId === input.officeId
      ? await db.office.findUnique({ where: { id: input.officeId }, select: { id: true } })
      : null;
  if (!office) throw new ProblemError(404, 'Not found', `office ${input.officeId} does not exist`);
  const figures = await officeRecordFigures(db, loaded, office.id, period.month);
  return { period: period.period, month: period.month, figures: figures ?? new Map<FieldPath, number>() };
}
