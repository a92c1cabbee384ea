import type { SupervisionPlanContext } from '../../domain/index.js';
import type { LoadedPlan } from '../campaigns/plan-store.js';

const contexts = new WeakMap<LoadedPlan, SupervisionPlanContext>();

/** What the supervision obligations are planned with, once per plan version. */
export function supervisionContext(loaded: LoadedPlan): SupervisionPlanContext {
  let ctx = contexts.get(loaded);
  if (!ctx) {
    const campaignEndMs = Math.max(...loaded.plan.obligations.map((o) => o.hardDueAtMs));
    contexts.set(loaded, (ctx = { template: loaded.template, calendar: loaded.calendar, campaignEndMs }));
  }
  return ctx;
}
