/**
 * The change IDs of `patched()` calls (README: "Changing workflow code"). A history recorded before a change has no
 * marker for it and keeps taking the old branch when it is replayed; a workflow running on live takes the new one.
 */

/**
 * Overdue notices, escalations and an escalation's climbs are recorded at their deadline instant, and their mails go
 * out at the delivery instant the activities compute (domain/notice-delivery.ts: the send time of the next working
 * day, or at once when the campaign chose immediate delivery). Before: the mails went out at the deadline instant.
 */
export const DELIVER_DEADLINE_NOTICES_AT_SEND_TIME = 'deliver-deadline-notices-at-send-time';
