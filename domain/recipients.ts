import type { StepKind } from './ladder.js';
import type { ResponsibleParty } from './plan.js';

/** A recipient of a ladder step, and whose language the mail is written in. */
export interface StepRecipient {
  to: string;
  party: 'office' | 'bureau';
}

/**
 * Who receives a ladder step: reminders go to the office contact, overdue notices to the contact and the
 * office head, an office's escalation to the bureau, and an enterprise digest's escalation to the office
 * head and the bureau. One rule for the mails sent and for the mails the board says will be sent.
 */
export function stepRecipients(
  stepKind: StepKind,
  responsible: ResponsibleParty,
  office: { contactEmail: string; headEmail: string },
  bureauEmail: string,
): StepRecipient[] {
  const toOffice = (to: string): StepRecipient => ({ to, party: 'office' });
  if (stepKind === 'reminder') return [toOffice(office.contactEmail)];
  if (stepKind === 'overdue') return [...new Set([office.contactEmail, office.headEmail])].map(toOffice);
  const bureau: StepRecipient = { to: bureauEmail, party: 'bureau' };
  return responsible === 'office' ? [bureau] : [toOffice(office.headEmail), bureau];
}
