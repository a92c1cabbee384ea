import { COMMITMENT_STEPS, type CommitmentStep } from '../../domain/commitment.js';

/** A date column that has been filled in. */
export const FILED = { not: null };

/** domain/commitment.ts's rule as a database filter, so the board and the status count it in one query. */
export const COMMITMENT_COMPLETE = Object.fromEntries(COMMITMENT_STEPS.map((step) => [step, FILED])) as Record<
  CommitmentStep,
  typeof FILED
>;
