/**
 * The filter that limits a read to one office's records when the reader is office staff (`ownOfficeId`), and to
 * none for the bureau and viewers. A record outside it is answered as missing: 404, never 403, so that staff learn
 * nothing of other offices' records.
 */
export function visibleTo(ownOfficeId: string | undefined): { officeId?: string } {
  return ownOfficeId === undefined ? {} : { officeId: ownOfficeId };
}
