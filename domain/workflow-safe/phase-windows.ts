/**
 * The phase rules on epoch-millisecond windows. No imports and no clock, so workflow code may use it too
 * (domain/workflow-safe/ holds the import-free modules it may import, see eslint.config.js): the campaign workflow, the status API and
 * the plan all answer "which phase is it" with these two functions.
 */

export interface PhaseWindowMs {
  key: string;
  /** The start of the phase's first local day. */
  startAtMs: number;
  /** The end of its deadline day (exclusive). */
  deadlineAtMs: number;
}

export type PhaseTiming = 'upcoming' | 'current' | 'ended';

/** Where an instant stands against one phase: a phase runs from its start up to the end of its deadline day. */
export function phaseTimingAt(phase: PhaseWindowMs, atMs: number): PhaseTiming {
  return atMs >= phase.deadlineAtMs ? 'ended' : atMs >= phase.startAtMs ? 'current' : 'upcoming';
}

/** The phase an instant falls in (phases in order, each starting where the previous one ends). */
export function phaseKeyAt(phases: readonly PhaseWindowMs[], atMs: number): string {
  if (phases.length === 0 || atMs < phases[0]!.startAtMs) return 'not-started';
  return phases.find((p) => atMs < p.deadlineAtMs)?.key ?? 'finished';
}
