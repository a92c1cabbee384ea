/**
 * Plays the supervision script (supervision-scenario.ts) through the product's use cases, each record made at its
 * simulated instant (the use cases' clock is the script's instant): office staff record assessments, inspections with
 * the hazards they found, the enterprises' own hazard reports, rectifications, progress reports, guidance visits and
 * enforcement actions; the bureau verifies a rectified major hazard (销号).
 */
import type { Client } from '@temporalio/client';
import { planGuidanceVisit } from '../app/supervision/plan-guidance-visit.js';
import { recordAssessment } from '../app/supervision/record-assessment.js';
import { recordEnforcementAction } from '../app/supervision/record-enforcement-action.js';
import { recordGuidanceVisit } from '../app/supervision/record-guidance-visit.js';
import { recordInspection } from '../app/supervision/record-inspection.js';
import { rectifyHazard } from '../app/supervision/rectify-hazard.js';
import { reportHazardProgress } from '../app/supervision/report-hazard-progress.js';
import { reportHazard } from '../app/supervision/report-hazard.js';
import type { Recorder, SupervisionDeps } from '../app/supervision/supervision-records.js';
import { verifyHazard } from '../app/supervision/verify-hazard.js';
import type { PrismaClient } from '../infra/db.js';
import type { ActionRecord } from './collect.js';
import type { ScenarioOffice } from './scenario.js';
import type { ScenarioHazard, ScenarioSupervision, SupervisionAction } from './supervision-scenario.js';

/** What the supervision actions need of the stage (play.ts) and what they leave in it. */
export interface SupervisionStage {
  db: PrismaClient;
  temporal: { client: Client };
  scenario: { offices: ScenarioOffice[]; supervision: ScenarioSupervision };
  campaignId: string;
  officeIds: Map<string, string>;
  enterpriseIds: Map<string, string>;
  actions: ActionRecord[];
  hazardIds: Map<string, string>;
  visitIds: Map<string, string>;
}

const INSPECTORS = ['执法人员甲', '执法人员乙'];
const GUIDANCE_TEAM = '县局指导帮扶组';

type Of<K extends SupervisionAction['kind']> = Extract<SupervisionAction, { kind: K }>;

/** Does what the action says, at its instant, and records it in `stage.actions`. */
export async function playSupervision(stage: SupervisionStage, a: SupervisionAction): Promise<void> {
  const deps: SupervisionDeps = { db: stage.db, client: stage.temporal.client, now: () => a.atMs };
  const staff = staffOf(stage, a.office);
  const record = (r: Omit<ActionRecord, 'atMs'>): void => {
    stage.actions.push({ atMs: a.atMs, ...r });
  };
  switch (a.kind) {
    case 'assess':
      await recordAssessment(
        deps,
        {
          campaignId: stage.campaignId,
          enterpriseId: stage.enterpriseIds.get(a.enterprise)!,
          colour: a.colour,
          standardization: a.standardization,
          assessedOn: a.assessedOn,
        },
        staff,
      );
      return record({
        actor: a.office,
        action: a.reassessment ? 're-assess-enterprise' : 'assess-enterprise',
        subject: a.enterprise,
        detail: `${a.colour}, ${a.standardization}`,
      });
    case 'inspect':
      return inspect(stage, deps, a, staff);
    case 'report-hazard': {
      const h = hazardOf(stage, a.hazard);
      const row = await reportHazard(
        deps,
        {
          campaignId: stage.campaignId,
          enterpriseId: stage.enterpriseIds.get(h.enterprise)!,
          foundOn: h.foundOn,
          description: h.description,
          major: h.major,
          rectifyBy: h.rectifyBy,
        },
        staff,
      );
      stage.hazardIds.set(h.label, row.id);
      return record({ actor: h.enterprise, action: 'report-hazard', subject: h.label, detail: hazardDetail(h) });
    }
    default:
      return playFollowUp(stage, deps, a, staff);
  }
}

/** What follows a hazard or a plan: rectification, progress, verification, visits, enforcement. */
async function playFollowUp(
  stage: SupervisionStage,
  deps: SupervisionDeps,
  a: Exclude<SupervisionAction, Of<'assess'> | Of<'inspect'> | Of<'report-hazard'>>,
  staff: Recorder,
): Promise<void> {
  const { campaignId } = stage;
  const record = (r: Omit<ActionRecord, 'atMs'>): void => {
    stage.actions.push({ atMs: a.atMs, ...r });
  };
  switch (a.kind) {
    case 'rectify-hazard': {
      const h = hazardOf(stage, a.hazard);
      await rectifyHazard(deps, { campaignId, hazardId: idOf(stage, h), rectifiedOn: h.rectifiedOn! }, staff);
      return record({ actor: h.enterprise, action: `rectify-hazard-${h.outcome}`, subject: h.label });
    }
    case 'hazard-progress': {
      const h = hazardOf(stage, a.hazard);
      await reportHazardProgress(
        deps,
        { campaignId, hazardId: idOf(stage, h), reportedOn: a.reportedOn, note: '整改方案已制定，正在落实' },
        staff,
      );
      return record({ actor: a.office, action: 'report-hazard-progress', subject: h.label });
    }
    case 'verify-hazard': {
      const h = hazardOf(stage, a.hazard);
      await verifyHazard(deps, { campaignId, hazardId: idOf(stage, h), verifiedOn: h.verifiedOn! }, { by: 'bureau' });
      return record({ actor: 'bureau', action: 'verify-hazard', subject: h.label });
    }
    case 'plan-visit': {
      const enterpriseId = stage.enterpriseIds.get(a.enterprise)!;
      const visit = await planGuidanceVisit(
        deps,
        { campaignId, enterpriseId, plannedFor: a.plannedFor, team: GUIDANCE_TEAM, topics: ['three-lists', 'five-s'] },
        staff,
      );
      stage.visitIds.set(`${a.enterprise}|${a.plannedFor}`, visit.id);
      return record({ actor: a.office, action: 'plan-guidance-visit', subject: a.enterprise, detail: a.plannedFor });
    }
    case 'record-visit':
      await recordGuidanceVisit(
        deps,
        {
          campaignId,
          visitId: stage.visitIds.get(`${a.enterprise}|${a.plannedFor}`)!,
          visitedOn: a.visitedOn,
          team: GUIDANCE_TEAM,
          findings: '三张清单已建立，5S现场管理有待加强',
          topics: ['three-lists', 'five-s'],
        },
        staff,
      );
      return record({
        actor: a.office,
        action: 'record-guidance-visit',
        subject: a.enterprise,
        detail: `planned for ${a.plannedFor}`,
      });
    case 'enforce':
      await recordEnforcementAction(
        deps,
        {
          campaignId,
          enterpriseId: stage.enterpriseIds.get(a.enterprise)!,
          kind: a.action,
          takenOn: a.takenOn,
          ...(a.fineYuan !== undefined ? { fineYuan: a.fineYuan } : {}),
          ...(a.hazard !== undefined ? { note: `隐患 ${a.hazard}` } : {}),
        },
        staff,
      );
      return record({
        actor: a.office,
        action: `enforcement-${a.action}`,
        subject: a.enterprise,
        detail: [a.hazard, a.fineYuan !== undefined ? `${a.fineYuan / 10_000}万元` : undefined]
          .filter((x) => x !== undefined)
          .join(', '),
      });
  }
}

async function inspect(stage: SupervisionStage, deps: SupervisionDeps, a: Of<'inspect'>, staff: Recorder) {
  const hazards = a.hazards.map((label) => hazardOf(stage, label));
  const { hazards: rows } = await recordInspection(
    deps,
    {
      campaignId: stage.campaignId,
      enterpriseId: stage.enterpriseIds.get(a.enterprise)!,
      inspectedOn: a.inspectedOn,
      inspectors: INSPECTORS,
      hazards: hazards.map((h) => ({ description: h.description, major: h.major, rectifyBy: h.rectifyBy })),
    },
    staff,
  );
  hazards.forEach((h, i) => stage.hazardIds.set(h.label, rows[i]!.id));
  stage.actions.push({
    atMs: a.atMs,
    actor: a.office,
    action: 'record-inspection',
    subject: a.enterprise,
    detail: hazards.length === 0 ? 'compliant' : hazards.map(hazardDetail).join('; '),
  });
}

function staffOf(stage: SupervisionStage, officeCode: string): Recorder {
  const office = stage.scenario.offices.find((o) => o.code === officeCode)!;
  return { by: office.contactName, ownOfficeId: stage.officeIds.get(officeCode)! };
}

function hazardOf(stage: SupervisionStage, label: string): ScenarioHazard {
  const h = stage.scenario.supervision.hazards.find((x) => x.label === label);
  if (!h) throw new Error(`the scenario has no hazard ${label}`);
  return h;
}

function idOf(stage: SupervisionStage, h: ScenarioHazard): string {
  const id = stage.hazardIds.get(h.label);
  if (!id) throw new Error(`hazard ${h.label} was not recorded before it was followed up`);
  return id;
}

function hazardDetail(h: ScenarioHazard): string {
  return `${h.label}${h.major ? ' (major)' : ''}: ${h.description}, rectify by ${h.rectifyBy}`;
}
