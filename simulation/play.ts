/**
 * Plays the scripted year against the live system: the simulated offices, enterprises and bureau act
 * through the product's use cases at their local wall-clock times, and office heads acknowledge the
 * escalations the workflows raise, each as its office's behaviour says.
 */
import { acknowledgeEscalation } from '../app/escalations/acknowledge-escalation.js';
import { startEscalation } from '../app/escalations/start-escalation.js';
import { closeOfficeObligation } from '../app/obligations/close-office-obligation.js';
import { recordEnterpriseProgress } from '../app/obligations/record-enterprise-progress.js';
import { atLocalTime, localDateOf, type CampaignPlan, type WorkingDayCalendar } from '../domain/index.js';
import type { PrismaClient } from '../infra/db.js';
import type { TemporalDeps } from '../infra/workflow-signals.js';
import type { ActionRecord } from './collect.js';
import { ACK_TIME, workingDayOnOrAfter, type Scenario, type ScenarioOffice, type ScriptedAction } from './scenario.js';
import { playSupervision } from './supervision-play.js';

export const HOUR = 3_600_000;

/** What the simulated people act on, and the record of what they did. */
export interface Stage {
  db: PrismaClient;
  temporal: TemporalDeps;
  scenario: Scenario;
  plan: CampaignPlan;
  calendar: WorkingDayCalendar;
  campaignId: string;
  /** office code → database id */
  officeIds: Map<string, string>;
  /** enterprise code → database id */
  enterpriseIds: Map<string, string>;
  /** What the people did, in the order they did it. */
  actions: ActionRecord[];
  /** hazard label (`AX01-H1`) → database id, as the hazards are recorded */
  hazardIds: Map<string, string>;
  /** `<enterprise code>|<planned day>` → database id of the planned guidance visit */
  visitIds: Map<string, string>;
}

export type QueueItem =
  | { atMs: number; seq: number; type: 'script'; action: ScriptedAction }
  | { atMs: number; seq: number; type: 'ack'; escalationId: string; label: string; office: ScenarioOffice }
  | { atMs: number; seq: number; type: 'tick' };
type NewItem = QueueItem extends infer T ? (T extends QueueItem ? Omit<T, 'seq'> : never) : never;
type AckItem = Extract<QueueItem, { type: 'ack' }>;

/** Items in time order; items at one instant keep the order they were added in, so runs are repeatable. */
export class ActionQueue {
  private seq = 0;
  private readonly items: QueueItem[] = [];

  add(item: NewItem): void {
    this.items.push({ ...item, seq: this.seq++ });
    this.items.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
  }

  next(): QueueItem | undefined {
    return this.items.shift();
  }
}

/** The instants of the office obligations' hard deadlines, where the workflows raise automatic escalations. */
export function officeHardDeadlines(plan: CampaignPlan): Set<number> {
  return new Set(plan.obligations.filter((o) => o.responsible === 'office').map((o) => o.hardDueAtMs));
}

/**
 * The script, plus ticks: an hour after every hard deadline the driver looks for the escalations raised
 * there, half an hour after every instant a supervision obligation may raise one (at 09:00, its delivery
 * instant, so that an office acknowledging promptly does so at 10:00), and a tick at every month start moves
 * the progress line even through quiet months.
 */
export function initialQueue(
  script: ScriptedAction[],
  plan: CampaignPlan,
  supervisionEscalations: readonly number[] = [],
): ActionQueue {
  const queue = new ActionQueue();
  for (const action of script) queue.add({ atMs: action.atMs, type: 'script', action });
  for (const ms of officeHardDeadlines(plan)) queue.add({ atMs: ms + HOUR, type: 'tick' });
  for (const ms of supervisionEscalations) queue.add({ atMs: ms + HOUR / 2, type: 'tick' });
  for (const ms of monthStarts(plan)) queue.add({ atMs: ms, type: 'tick' });
  return queue;
}

/** Escalations appear at hard deadlines (an hour before a tick) and at the bureau's circulars. */
export function mayRaiseEscalations(item: QueueItem): boolean {
  return item.type === 'tick' || (item.type === 'script' && item.action.kind === 'bureau-circular');
}

/**
 * Looks for escalations not seen before and queues their acknowledgements. Acknowledgements are not in the
 * script because they answer what the workflows raise, which the script cannot know in advance.
 */
export function escalationWatcher(stage: Stage, queue: ActionQueue): (nowMs: number) => Promise<void> {
  const { db, campaignId, calendar, plan } = stage;
  const officeByCode = new Map(stage.scenario.offices.map((o) => [o.code, o]));
  const officeById = new Map([...stage.officeIds].map(([code, id]) => [id, officeByCode.get(code)!]));
  const seen = new Set<string>();
  return async (nowMs) => {
    const rows = await db.escalation.findMany({ where: { campaignId }, include: { events: true } });
    // Database ids are random: order by office code and key, so acknowledgements at one instant keep their order.
    const fresh = rows
      .filter((r) => !seen.has(r.id))
      .map((e) => ({ e, office: officeById.get(e.officeId)! }))
      .map((x) => ({ ...x, label: escalationLabel(x.e.workflowId, x.office.code) }))
      .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    for (const { e, office, label } of fresh) {
      seen.add(e.id);
      const raised = e.events.find((ev) => ev.kind === 'raised')!.at.getTime();
      const ackAt = ackInstant(office, raised, e.ackBy.getTime(), calendar, plan.timeZone);
      if (ackAt === undefined) continue;
      if (ackAt <= nowMs) throw new Error(`escalation ${label} was seen too late to acknowledge it on time`);
      queue.add({ atMs: ackAt, type: 'ack', escalationId: e.id, label, office });
    }
  };
}

/** Does what the item says, through the product's use cases, and records it in `stage.actions`. */
export async function play(stage: Stage, item: QueueItem): Promise<void> {
  if (item.type === 'tick') return;
  if (item.type === 'ack') return acknowledge(stage, item);
  const a = item.action;
  switch (a.kind) {
    case 'submit':
      return submit(stage, a);
    case 'enterprise-signed':
      return signCommitment(stage, a);
    case 'enterprise-self-assessment':
      return fileSelfAssessment(stage, a);
    case 'bureau-circular':
      return issueCircular(stage, a);
    default:
      return playSupervision(stage, a);
  }
}

function useCaseDeps(stage: Stage) {
  return { db: stage.db, client: stage.temporal.client };
}

async function acknowledge(stage: Stage, item: AckItem): Promise<void> {
  const at = new Date(item.atMs);
  await acknowledgeEscalation(useCaseDeps(stage), { escalationId: item.escalationId, by: item.office.headName, at });
  stage.actions.push({
    atMs: item.atMs,
    actor: item.office.code,
    action: 'acknowledge-escalation',
    subject: item.label,
  });
}

async function submit(stage: Stage, a: Extract<ScriptedAction, { kind: 'submit' }>): Promise<void> {
  await closeOfficeObligation(useCaseDeps(stage), {
    campaignId: stage.campaignId,
    officeId: stage.officeIds.get(a.office)!,
    obligationKey: a.obligation,
    at: new Date(a.atMs),
  });
  stage.actions.push({ atMs: a.atMs, actor: a.office, action: `submit-${a.outcome}`, subject: a.obligation });
}

/** The notice is served, the commitment signed, the four copies filed and the plan submitted on one day. */
async function signCommitment(stage: Stage, a: Extract<ScriptedAction, { kind: 'enterprise-signed' }>): Promise<void> {
  const at = new Date(a.atMs);
  const office = stage.scenario.offices.find((o) => o.code === a.office)!;
  await recordEnterpriseProgress(useCaseDeps(stage), {
    campaignId: stage.campaignId,
    enterpriseId: stage.enterpriseIds.get(a.enterprise)!,
    update: {
      noticeServedAt: at,
      noticeServedBy: office.contactName,
      signedAt: at,
      signatory: '法定代表人',
      copyArchiveAt: at,
      copyNoticeBoardAt: at,
      copyTownshipAt: at,
      copyCountyAt: at,
      planSubmittedAt: at,
      ...(a.committedSelfAssessmentDate ? { committedSelfAssessmentDate: a.committedSelfAssessmentDate } : {}),
    },
  });
  stage.actions.push({
    atMs: a.atMs,
    actor: a.enterprise,
    action: 'sign-commitment',
    subject: 'enterprise-commitment',
    ...(a.committedSelfAssessmentDate ? { detail: `self-assessment by ${a.committedSelfAssessmentDate}` } : {}),
  });
}

async function fileSelfAssessment(
  stage: Stage,
  a: Extract<ScriptedAction, { kind: 'enterprise-self-assessment' }>,
): Promise<void> {
  await recordEnterpriseProgress(useCaseDeps(stage), {
    campaignId: stage.campaignId,
    enterpriseId: stage.enterpriseIds.get(a.enterprise)!,
    update: { selfAssessmentSubmittedAt: new Date(a.atMs) },
  });
  stage.actions.push({
    atMs: a.atMs,
    actor: a.enterprise,
    action: 'file-self-assessment',
    subject: 'enterprise-self-assessment',
  });
}

/** The bureau's quarterly circular: a manual escalation of every office that reported late in the quarter. */
async function issueCircular(stage: Stage, a: Extract<ScriptedAction, { kind: 'bureau-circular' }>): Promise<void> {
  const { db, temporal, campaignId, officeIds } = stage;
  const late = await lateReports(db, stage.plan, campaignId, a.months);
  for (const office of stage.scenario.offices) {
    const months = late.get(officeIds.get(office.code)!) ?? [];
    if (months.length === 0) continue;
    const reason = circularReason(office, a.quarter, months);
    await startEscalation(
      { db, temporal },
      {
        campaignId,
        officeId: officeIds.get(office.code)!,
        origin: 'manual',
        level: 1,
        escalationKey: `circular:${a.quarter}`,
        reason,
        raisedAtMs: a.atMs,
      },
    );
    stage.actions.push({
      atMs: a.atMs,
      actor: 'bureau',
      action: 'raise-escalation',
      subject: `${office.code}/circular:${a.quarter}`,
      detail: reason,
    });
  }
}

/** The circular's reason, in the office's language. */
function circularReason(office: ScenarioOffice, quarter: string, months: string[]): string {
  const [year, q] = quarter.split('-Q');
  return office.language === 'en'
    ? `Monthly reports for ${months.join(', ')} submitted after the due date (county bureau's circular for ${year} Q${q})`
    : `${months.map((m) => `${Number(m.slice(0, 4))}年${Number(m.slice(5))}月`).join('、')}工作月报逾期报送（县局${year}年第${q}季度通报）`;
}

function monthStarts(plan: CampaignPlan): number[] {
  const last = Math.max(...plan.obligations.map((o) => o.hardDueAtMs));
  const out: number[] = [];
  let [y, m] = localDateOf(plan.startAtMs, plan.timeZone).split('-').map(Number) as [number, number];
  for (;;) {
    m += 1;
    if (m === 13) [y, m] = [y + 1, 1];
    const ms = atLocalTime(`${y}-${String(m).padStart(2, '0')}-01`, '00:30', plan.timeZone).ms;
    if (ms > last) return out;
    out.push(ms);
  }
}

/** `AX03/monthly-report:2024-05` from `escalation/<campaign>/<office>/monthly-report:2024-05`. */
export function escalationLabel(workflowId: string, officeCode: string): string {
  return `${officeCode}/${workflowId.split('/').slice(3).join('/')}`;
}

/** When the office head acknowledges, by the office's behaviour; undefined: never. */
function ackInstant(
  office: ScenarioOffice,
  raisedMs: number,
  ackByMs: number,
  calendar: WorkingDayCalendar,
  zone: string,
): number | undefined {
  const at = (date: string) => atLocalTime(date, ACK_TIME, zone).ms;
  switch (office.behaviour.acknowledges) {
    case 'ignores':
      return undefined;
    case 'prompt': {
      // The first working morning after the notice arrived.
      const day = localDateOf(raisedMs, zone);
      const sameDay = at(day);
      return calendar.isWorkingDay(day) && sameDay > raisedMs ? sameDay : at(calendar.nextWorkingDay(day));
    }
    case 'after-warning-talk':
      // Only once the notice has climbed to a warning talk (约谈) at the acknowledge-by instant.
      return at(workingDayOnOrAfter(calendar, localDateOf(ackByMs, zone)));
  }
}

/** Per office id: the months of `months` whose report came in after the due date but before the hard deadline. */
async function lateReports(
  db: PrismaClient,
  plan: CampaignPlan,
  campaignId: string,
  months: string[],
): Promise<Map<string, string[]>> {
  const obligations = plan.obligations.filter((o) => o.kind === 'monthly-report' && months.includes(o.period!));
  const states = await db.obligationState.findMany({
    where: { campaignId, obligationKey: { in: obligations.map((o) => o.key) }, status: 'done' },
  });
  const out = new Map<string, string[]>();
  for (const o of obligations) {
    for (const s of states.filter((x) => x.obligationKey === o.key)) {
      const done = s.doneAt?.getTime();
      if (done !== undefined && done >= o.dueAtMs && done < o.hardDueAtMs) {
        out.set(s.officeId, [...(out.get(s.officeId) ?? []), o.period!]);
      }
    }
  }
  return out;
}
