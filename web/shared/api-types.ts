// What the API answers, as the pages read it: small interfaces written for the browser (the server's TypeBox
// schemas in api/ are the source of truth; web/ imports nothing from the server). Only the fields a page uses.

/** GET /me */
export interface Me {
  name: string;
  /** bureau-admin | office-staff | viewer */
  role: string;
  officeId: string | null;
}

/** One item of GET /campaigns */
export interface Campaign {
  id: string;
  name: string;
  year: number;
  /** draft | running | finished */
  status: string;
  /** the campaign template; the board reads its time zone only */
  template: { timeZone: string };
}

/** One item of GET /offices (office staff get their own only) */
export interface Office {
  id: string;
  code: string;
  name: string;
  /** county-unit | township */
  unitType: string;
}

/** One item of GET /campaigns/:id/escalations */
export interface Escalation {
  id: string;
  officeId: string;
  obligationKey: string | null;
  /** automatic | manual */
  origin: string;
  /** 1 督办提醒, 2 约谈, 3 通报 */
  level: number;
  reason: string;
  /** the instant it must be acknowledged by */
  ackBy: string;
  /** open | acknowledged | unacknowledged */
  status: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  createdAt: string;
  events: { at: string; kind: string; level: number; detail: string | null }[];
}
