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
