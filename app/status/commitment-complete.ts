import { COMMITMENT_STEPS, type CommitmentStep } from '../../domain/commitment.js';
import { Prisma } from '../../generated/prisma/client.js';

/** A date column that has been filled in. */
export const FILED = { not: null };

/** domain/commitment.ts's rule as a database filter, so the board and the status count it in one query. */
export const COMMITMENT_COMPLETE = Object.fromEntries(COMMITMENT_STEPS.map((step) => [step, FILED])) as Record<
  CommitmentStep,
  typeof FILED
>;

/** The same rule as of an instant: every step done on or before it (a view as of a past instant). */
export function commitmentCompleteAt(atMs: number): Record<CommitmentStep, { lte: Date }> {
  const by = { lte: new Date(atMs) };
  return Object.fromEntries(COMMITMENT_STEPS.map((step) => [step, by])) as Record<CommitmentStep, { lte: Date }>;
}

/** `commitmentCompleteAt` as an SQL condition on the `EnterpriseProgress` row named `alias`, for raw queries. */
export function commitmentCompleteAtSql(alias: string, atMs: number): Prisma.Sql {
  const at = new Date(atMs);
  return Prisma.join(
    COMMITMENT_STEPS.map((step) => Prisma.sql`${Prisma.raw(`${alias}."${step}"`)} <= ${at}`),
    ' AND ',
  );
}
