import {
  planObligation,
  selfAssessmentObligation,
  isoInZone,
  localDateOf,
  stepDelivery,
  type Delivery,
  type PlannedObligation,
  type StepKind,
} from '../../domain/index.js';
import type { LoadedPlan } from './plan-store.js';

/**
 * Obligations derived from a plan (an extension's ladder, a committed self-assessment date) depend on
 * nothing else, and a thousand offices ask for the same few: computed once per plan version. Callers
 * only read obligations, as they read `plan.obligations`.
 */
const derived = new WeakMap<LoadedPlan, Map<string, PlannedObligation>>();

function derive(loaded: LoadedPlan, key: string, compute: () => PlannedObligation): PlannedObligation {
  let known = derived.get(loaded);
  if (!known) derived.set(loaded, (known = new Map<string, PlannedObligation>()));
  let obligation = known.get(key);
  if (!obligation) known.set(key, (obligation = compute()));
  return obligation;
}

/** The obligation with an approved extension applied: same key, new due date, ladder recomputed. */
export function withExtension(
  loaded: LoadedPlan,
  obligation: PlannedObligation,
  extendedDueDate: string | null | undefined,
): PlannedObligation {
  if (!extendedDueDate || extendedDueDate === obligation.nominalDueDate) return obligation;
  return derive(loaded, `extended|${obligation.key}|${extendedDueDate}`, () =>
    planObligation(loaded.template, loaded.calendar, {
      key: obligation.key,
      kind: obligation.kind,
      responsible: obligation.responsible,
      titleZh: obligation.titleZh,
      titleEn: obligation.titleEn,
      nominalDueDate: extendedDueDate,
      ...(obligation.period !== undefined ? { period: obligation.period } : {}),
      ...(obligation.phase !== undefined ? { phase: obligation.phase } : {}),
    }),
  );
}

/** The self-assessment obligation for enterprises that committed to `date`. */
export function selfAssessmentFor(loaded: LoadedPlan, date: string): PlannedObligation {
  return derive(loaded, `self-assessment|${date}`, () =>
    selfAssessmentObligation(loaded.template, loaded.calendar, date),
  );
}

/** The default self-assessment date: the end of the template's self-assessment phase. */
export function defaultSelfAssessmentDate(loaded: LoadedPlan): string {
  const phase = loaded.template.phases.find((p) => p.key === loaded.template.enterprise.selfAssessmentPhase);
  return phase!.deadline;
}

/** Finds an obligation of the plan by key, including per-date self-assessment keys. */
export function findObligation(loaded: LoadedPlan, key: string): PlannedObligation | undefined {
  const planned = loaded.plan.obligations.find((o) => o.key === key);
  if (planned) return planned;
  const match = /^enterprise-self-assessment:(\d{4}-\d{2}-\d{2})$/.exec(key);
  return match ? selfAssessmentFor(loaded, match[1]!) : undefined;
}

const deliveries = new WeakMap<LoadedPlan, Map<string, Delivery>>();

/**
 * When the mail of a ladder step goes out under this plan (domain/notice-delivery.ts: a reminder at its instant, an
 * overdue notice or escalation at its delivery instant). Offices share their deadlines: computed once per instant.
 */
export function deliveryOf(
  loaded: LoadedPlan,
  step: { kind: StepKind; atMs: number; at?: string; localDate?: string },
): Delivery {
  let known = deliveries.get(loaded);
  if (!known) deliveries.set(loaded, (known = new Map<string, Delivery>()));
  const key = `${step.kind}|${step.atMs}`;
  let delivery = known.get(key);
  if (!delivery) {
    const { template, calendar } = loaded;
    const zone = template.timeZone;
    const at = step.at ?? isoInZone(step.atMs, zone);
    const localDate = step.localDate ?? localDateOf(step.atMs, zone);
    known.set(key, (delivery = stepDelivery({ ...step, at, localDate }, template.ladder, calendar, zone)));
  }
  return delivery;
}
