/**
 * An enterprise's safety commitment (安全承诺) is complete once the notice is served, it is signed and all four
 * copies are filed: the archive, the notice board, the township and the county.
 */
export const COMMITMENT_STEPS = [
  'noticeServedAt',
  'signedAt',
  'copyArchiveAt',
  'copyNoticeBoardAt',
  'copyTownshipAt',
  'copyCountyAt',
] as const;

export type CommitmentStep = (typeof COMMITMENT_STEPS)[number];

/** The rule on an enterprise's recorded progress (each step's date, or null while not done). */
export function isCommitmentComplete(progress: Record<CommitmentStep, Date | null> | undefined): boolean {
  return progress !== undefined && COMMITMENT_STEPS.every((step) => progress[step] !== null);
}
