/**
 * The simulated county: offices and enterprises with scripted behaviours, all drawn from a seeded PRNG,
 * and the script of what their staff do during the campaign year. Pure: no I/O, no clocks.
 */
import {
  addDays,
  atLocalTime,
  type CampaignPlan,
  type LocalDate,
  type PlannedObligation,
  type SupervisionRules,
  type WorkingDayCalendar,
  type YearMonth,
} from '../domain/index.js';
import { Prng } from './prng.js';
import {
  buildSupervision,
  supervisionScript,
  type ScenarioSupervision,
  type SupervisionAction,
} from './supervision-scenario.js';

export type UnitType = 'county-unit' | 'township';
export type Language = 'zh-CN' | 'en';
/** Monthly reports: on the 1st (before the due 2nd), on the 3rd (late, before the hard deadline), never, or a mix. */
export type ReportingBehaviour = 'on-time' | 'late' | 'never' | 'irregular';
/** Phase tasks and the year-end summary: by the deadline, the working day after it, or never. */
export type TaskBehaviour = 'on-time' | 'late' | 'never';
/** Escalations: acknowledged the next working morning, only after the warning talk (level 2), or never. */
export type AckBehaviour = 'prompt' | 'after-warning-talk' | 'ignores';
/** Enterprise commitment (annex 2): signed well before the deadline, after it, or never. */
export type CommitmentBehaviour = 'early' | 'late' | 'never';
export type SizeClass = 'above-size' | 'medium' | 'small-micro';
export type RiskColour = 'red' | 'orange' | 'yellow' | 'blue';
export type ReportOutcome = 'on-time' | 'late' | 'missing';

export interface OfficeBehaviour {
  reporting: ReportingBehaviour;
  phaseTasks: TaskBehaviour;
  acknowledges: AckBehaviour;
}

export interface ScenarioOffice {
  code: string;
  name: string;
  unitType: UnitType;
  language: Language;
  contactName: string;
  contactEmail: string;
  headName: string;
  headEmail: string;
  behaviour: OfficeBehaviour;
  /** What the office will do with each monthly report (resolved from the behaviour). */
  months: Record<YearMonth, ReportOutcome>;
}

export interface ScenarioEnterprise {
  code: string;
  name: string;
  officeCode: string;
  sizeClass: SizeClass;
  riskColour: RiskColour;
  behaviour: CommitmentBehaviour;
  /** The day it signs the commitment (notice served, four copies filed, plan submitted the same day). */
  signsOn?: LocalDate;
  /** Self-assessment date the enterprise commits to in its 承诺书, when not the default end of phase 2. */
  ownSelfAssessmentDate?: LocalDate;
  /** The day it files its self-assessment report (before its date if early, after it if late). */
  selfAssessmentOn?: LocalDate;
}

export interface Scenario {
  seed: number;
  year: number;
  bureauEmail: string;
  offices: ScenarioOffice[];
  enterprises: ScenarioEnterprise[];
  /** Phases 3 and 4: assessments, inspections, hazards, guidance visits, enforcement (supervision-scenario.ts). */
  supervision: ScenarioSupervision;
}

/** One thing a simulated person does at a local wall-clock time; instants are epoch ms. */
export type ScriptedAction =
  | { atMs: number; kind: 'submit'; office: string; obligation: string; outcome: ReportOutcome }
  | {
      atMs: number;
      kind: 'enterprise-signed';
      office: string;
      enterprise: string;
      committedSelfAssessmentDate?: LocalDate;
    }
  | { atMs: number; kind: 'enterprise-self-assessment'; office: string; enterprise: string }
  /** The bureau's quarterly circular (每季度一通报): a manual escalation of every office that reported late. */
  | { atMs: number; kind: 'bureau-circular'; quarter: string; months: YearMonth[] }
  | SupervisionAction;

export const BUREAU_EMAIL = 'bureau@county.test';

// Local wall-clock times of the simulated people, away from the 09:00 reminders and the 00:00 deadlines.
export const ACK_TIME = '10:00';
const CIRCULAR_TIME = '10:30';
const ENTERPRISE_TIME = '11:00';
const OFFICE_TIME = '12:00';

const TOWNSHIPS = [
  '凤城',
  '城厢',
  '参内',
  '魁斗',
  '蓬莱',
  '金谷',
  '湖头',
  '官桥',
  '剑斗',
  '龙门',
  '虎邱',
  '芦田',
  '感德',
  '西坪',
  '长坑',
  '蓝田',
  '祥华',
  '桃舟',
  '福田',
  '白濑',
  '湖上',
  '尚卿',
  '大坪',
  '龙涓',
];
const COUNTY_UNITS = [
  '县局特种设备安全监察股',
  '县市场监管综合执法大队',
  '县局经济开发区分局',
  '县局湖头光电产业园分局',
  '县局城东工业园分局',
  '县局茶产业园分局',
];
const FIRMS = ['安泰', '鑫源', '华宇', '闽辉', '恒通', '凤山', '清溪', '铭盛', '永固', '德成', '宏发', '兴安'];
const PRODUCTS = ['锅炉', '压力容器', '起重机械', '电梯', '阀门', '气瓶', '压力管道元件', '场车'];
const SURNAMES = ['陈', '林', '黄', '李', '王', '张', '苏', '谢', '刘', '吴'];

const SIZES: readonly SizeClass[] = ['above-size', 'medium', 'small-micro'];
const COLOURS: readonly RiskColour[] = ['red', 'orange', 'yellow', 'blue'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function numbered(base: string, round: number): string {
  return round === 0 ? base : `${base}（${round + 1}）`;
}

/**
 * Offices and enterprises with behaviours; every draw comes from the seed, in a fixed order (offices first,
 * then enterprises, then the supervision of phases 3 and 4), so the same seed always gives the same county.
 */
export function buildScenario(input: {
  seed: number;
  year: number;
  offices: number;
  enterprisesPerOffice: number;
  plan: CampaignPlan;
  calendar: WorkingDayCalendar;
  /** The campaign's supervision rules; without them nothing is supervised. */
  supervision?: SupervisionRules | undefined;
}): Scenario {
  const rng = new Prng(input.seed);
  const offices = buildOffices(rng, input.offices, input.plan);
  const days = enterpriseDays(input.plan, input.calendar);
  const enterprises = buildEnterprises(rng, offices, input.enterprisesPerOffice, days, input.calendar);
  const guidanceEnds = input.plan.phases.find((p) => p.key === 'guidance')!.deadline;
  const supervision = input.supervision
    ? buildSupervision(
        rng,
        { offices: offices.map((o) => ({ code: o.code, reporting: o.behaviour.reporting })), enterprises },
        input.supervision,
        guidanceEnds,
        input.calendar,
      )
    : { assessments: [], cycles: [], hazards: [], visits: [], enforcement: [] };
  return { seed: input.seed, year: input.year, bureauEmail: BUREAU_EMAIL, offices, enterprises, supervision };
}

function buildOffices(rng: Prng, n: number, plan: CampaignPlan): ScenarioOffice[] {
  const months = plan.obligations.filter((o) => o.kind === 'monthly-report').map((o) => o.period!);
  // Every archetype the bureau asks about appears as soon as there are three offices.
  const reporting: ReportingBehaviour[] = [
    ...rng.shuffle<ReportingBehaviour>(['on-time', 'late', 'never']),
    ...rng.balanced<ReportingBehaviour>(['on-time', 'on-time', 'late', 'irregular', 'never'], Math.max(0, n - 3)),
  ].slice(0, n);
  const countyUnits = n >= 2 ? Math.max(1, Math.round(n / 4)) : 0;
  const isCountyUnit = new Set(rng.shuffle([...Array(n).keys()]).slice(0, countyUnits));
  const nameOf = officeNamer(rng.shuffle(TOWNSHIPS), rng.shuffle(COUNTY_UNITS));
  const offices: ScenarioOffice[] = [];
  for (let i = 0; i < n; i++) {
    const unitType: UnitType = isCountyUnit.has(i) ? 'county-unit' : 'township';
    offices.push(drawOffice(rng, `AX${pad(i + 1)}`, unitType, nameOf(unitType), reporting[i]!, months));
  }
  return offices;
}

/** Names offices in turn from the shuffled lists; past the end of a list the names repeat, numbered. */
function officeNamer(townshipNames: string[], countyNames: string[]): (unitType: UnitType) => string {
  let townships = 0;
  let counties = 0;
  return (unitType) =>
    unitType === 'county-unit'
      ? numbered(countyNames[counties % countyNames.length]!, Math.floor(counties++ / countyNames.length))
      : numbered(
          `${townshipNames[townships % townshipNames.length]!}市场监管所`,
          Math.floor(townships++ / townshipNames.length),
        );
}

function drawOffice(
  rng: Prng,
  code: string,
  unitType: UnitType,
  name: string,
  r: ReportingBehaviour,
  months: YearMonth[],
): ScenarioOffice {
  const behaviour = drawOfficeBehaviour(rng, r);
  const language: Language = rng.chance(0.2) ? 'en' : 'zh-CN';
  const outcomes = drawMonthOutcomes(rng, r, months);
  const surname = rng.pick(SURNAMES);
  return {
    code,
    name,
    unitType,
    language,
    contactName: `${surname}联络员`,
    contactEmail: `${code.toLowerCase()}.contact@office.test`,
    headName: `${rng.pick(SURNAMES)}${unitType === 'county-unit' ? '负责人' : '所长'}`,
    headEmail: `${code.toLowerCase()}.head@office.test`,
    behaviour,
    months: outcomes,
  };
}

/** Phase tasks and acknowledgements follow the reporting archetype: a punctual office is punctual throughout. */
function drawOfficeBehaviour(rng: Prng, r: ReportingBehaviour): OfficeBehaviour {
  return {
    reporting: r,
    phaseTasks:
      r === 'on-time'
        ? 'on-time'
        : r === 'never'
          ? 'never'
          : r === 'late'
            ? rng.pick(['on-time', 'late', 'never'] as const)
            : rng.pick(['on-time', 'late'] as const),
    acknowledges: r === 'on-time' ? 'prompt' : rng.pick(['prompt', 'after-warning-talk', 'ignores'] as const),
  };
}

function drawMonthOutcomes(rng: Prng, r: ReportingBehaviour, months: YearMonth[]): Record<YearMonth, ReportOutcome> {
  const outcomes: Record<YearMonth, ReportOutcome> = {};
  for (const ym of months) {
    outcomes[ym] =
      r === 'on-time'
        ? 'on-time'
        : r === 'late'
          ? 'late'
          : r === 'never'
            ? 'missing'
            : rng.pick(['on-time', 'on-time', 'on-time', 'late', 'late', 'missing'] as const);
  }
  return outcomes;
}

/** The days enterprises may act on, from the plan. */
interface EnterpriseDays {
  /** Signing well before the commitment deadline. */
  early: LocalDate[];
  /** Signing in the ten days after it. */
  late: LocalDate[];
  /** Self-assessment dates an enterprise may commit to instead of the default. */
  own: LocalDate[];
  /** The default self-assessment date: the end of phase 2. */
  selfAssessmentDue: LocalDate;
}

function enterpriseDays(plan: CampaignPlan, calendar: WorkingDayCalendar): EnterpriseDays {
  const commitment = byKey(plan, 'enterprise-commitment');
  const selfAssessment = plan.obligations.find((o) => o.kind === 'enterprise-self-assessment')!;
  const early = workingDaysBetween(
    calendar,
    addDays(plan.phases[0]!.startDate, 1),
    calendar.addWorkingDays(commitment.dueDate, -4),
  );
  const late = workingDaysBetween(calendar, addDays(commitment.dueDate, 1), addDays(commitment.dueDate, 10));
  // Enterprises that name their own self-assessment date (承诺书) pick a round date: the 10th, 15th or 20th
  // day before the end of phase 2, moved to a working day.
  const own = [
    ...new Set([20, 15, 10].map((n) => workingDayOnOrBefore(calendar, addDays(selfAssessment.dueDate, -n)))),
  ].filter((d) => d > addDays(commitment.dueDate, 7));
  return { early, late, own, selfAssessmentDue: selfAssessment.dueDate };
}

function buildEnterprises(
  rng: Prng,
  offices: ScenarioOffice[],
  perOffice: number,
  days: EnterpriseDays,
  calendar: WorkingDayCalendar,
): ScenarioEnterprise[] {
  const total = offices.length * perOffice;
  // Balanced draws: each behaviour, size and colour appears in its share even in a small county.
  const commitments = rng.balanced<CommitmentBehaviour>(['early', 'early', 'early', 'late', 'late', 'never'], total);
  const sizes = rng.balanced(SIZES, total);
  const colours = rng.balanced(COLOURS, total);
  const enterprises: ScenarioEnterprise[] = [];
  for (let i = 0; i < total; i++) {
    const office = offices[Math.floor(i / perOffice)]!;
    const behaviour = commitments[i]!;
    const enterprise: ScenarioEnterprise = {
      code: `${office.code}-E${pad((i % perOffice) + 1)}`,
      name: `安溪${rng.pick(FIRMS)}${rng.pick(PRODUCTS)}制造有限公司`,
      officeCode: office.code,
      sizeClass: sizes[i]!,
      riskColour: colours[i]!,
      behaviour,
    };
    if (behaviour !== 'never') Object.assign(enterprise, drawEnterpriseDates(rng, behaviour, days, calendar));
    enterprises.push(enterprise);
  }
  return enterprises;
}

/** When an enterprise that signs does so, the self-assessment date it commits to, and when it files it. */
function drawEnterpriseDates(
  rng: Prng,
  behaviour: 'early' | 'late',
  days: EnterpriseDays,
  calendar: WorkingDayCalendar,
): Pick<ScenarioEnterprise, 'signsOn' | 'ownSelfAssessmentDate' | 'selfAssessmentOn'> {
  const signsOn = rng.pick(behaviour === 'early' ? days.early : days.late);
  const own = rng.chance(0.35) && days.own.length > 0 ? rng.pick(days.own) : undefined;
  const due = own ?? days.selfAssessmentDue;
  let doneOn =
    behaviour === 'early' ? calendar.addWorkingDays(due, -rng.int(1, 3)) : calendar.addWorkingDays(due, rng.int(1, 5));
  // Never before it has signed.
  if (doneOn <= signsOn) doneOn = calendar.nextWorkingDay(signsOn);
  return { signsOn, ...(own ? { ownSelfAssessmentDate: own } : {}), selfAssessmentOn: doneOn };
}

function workingDaysBetween(calendar: WorkingDayCalendar, from: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) days.push(d);
  return days;
}

/** The last working day on or before `d`. */
function workingDayOnOrBefore(calendar: WorkingDayCalendar, d: LocalDate): LocalDate {
  return calendar.isWorkingDay(d) ? d : calendar.previousWorkingDay(d);
}

/** The first working day on or after `d`. */
export function workingDayOnOrAfter(calendar: WorkingDayCalendar, d: LocalDate): LocalDate {
  return calendar.isWorkingDay(d) ? d : calendar.nextWorkingDay(d);
}

function byKey(plan: CampaignPlan, key: string): PlannedObligation {
  const o = plan.obligations.find((p) => p.key === key);
  if (!o) throw new Error(`the plan has no obligation ${key}`);
  return o;
}

/**
 * Everything the simulated people do, sorted by time (ties keep this order). Acknowledgements are not
 * here: they answer escalations the workflows raise, so the driver schedules them when it sees them.
 */
export function scriptFor(scenario: Scenario, plan: CampaignPlan, calendar: WorkingDayCalendar): ScriptedAction[] {
  const zone = plan.timeZone;
  const at = (date: LocalDate, time: string) => atLocalTime(date, time, zone).ms;
  const actions: ScriptedAction[] = [];

  for (const office of scenario.offices) {
    for (const o of plan.obligations.filter((p) => p.responsible === 'office')) {
      const outcome: ReportOutcome =
        o.kind === 'monthly-report'
          ? office.months[o.period!]!
          : office.behaviour.phaseTasks === 'never'
            ? 'missing'
            : office.behaviour.phaseTasks;
      if (outcome === 'missing') continue;
      let day: LocalDate;
      if (o.kind === 'monthly-report') {
        // On the 1st (the day before the due 2nd) or on the 3rd (the hard deadline day).
        day = outcome === 'on-time' ? addDays(o.dueDate, -1) : o.hardDueDate;
      } else {
        day = outcome === 'on-time' ? workingDayOnOrBefore(calendar, o.dueDate) : calendar.nextWorkingDay(o.dueDate);
      }
      actions.push({ atMs: at(day, OFFICE_TIME), kind: 'submit', office: office.code, obligation: o.key, outcome });
    }
  }

  for (const e of scenario.enterprises) {
    if (e.signsOn === undefined) continue;
    actions.push({
      atMs: at(e.signsOn, ENTERPRISE_TIME),
      kind: 'enterprise-signed',
      office: e.officeCode,
      enterprise: e.code,
      ...(e.ownSelfAssessmentDate ? { committedSelfAssessmentDate: e.ownSelfAssessmentDate } : {}),
    });
    if (e.selfAssessmentOn === undefined) continue;
    actions.push({
      atMs: at(e.selfAssessmentOn, ENTERPRISE_TIME),
      kind: 'enterprise-self-assessment',
      office: e.officeCode,
      enterprise: e.code,
    });
  }

  // 每季度一通报: a week after the hard deadline of each quarter's last monthly report.
  const reports = plan.obligations.filter((o) => o.kind === 'monthly-report');
  const quarters = new Map<string, PlannedObligation[]>();
  for (const o of reports) {
    const [y, m] = o.period!.split('-').map(Number) as [number, number];
    const label = `${y}-Q${Math.ceil(m / 3)}`;
    quarters.set(label, [...(quarters.get(label) ?? []), o]);
  }
  for (const [quarter, list] of quarters) {
    const last = list.at(-1)!;
    const day = workingDayOnOrAfter(calendar, addDays(last.hardDueDate, 7));
    actions.push({
      atMs: at(day, CIRCULAR_TIME),
      kind: 'bureau-circular',
      quarter,
      months: list.map((o) => o.period!),
    });
  }

  actions.push(...supervisionScript(scenario.supervision, zone));

  return actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.atMs - y.a.atMs || x.i - y.i)
    .map((x) => x.a);
}
