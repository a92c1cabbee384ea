import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { defaultTemplate, type CampaignTemplate } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { asJson } from '../../infra/json.js';
import type { CaughtMail } from '../../dev/mail-catcher.js';
import { loadPlan } from '../../app/campaigns/plan-store.js';
import { obligationsOfOffice } from '../../app/campaigns/office-obligations.js';

export const ZONE = 'Asia/Shanghai';
export const BUREAU_EMAIL = 'bureau@county.test';

/** An instant given as local Asia/Shanghai wall time, e.g. '2024-04-01T12:00'. */
export function local(wallTime: string): number {
  const dt = DateTime.fromISO(wallTime, { zone: ZONE });
  if (!dt.isValid) throw new Error(`bad local time ${wallTime}`);
  return dt.toMillis();
}

export function localDate(ms: number): string {
  return DateTime.fromMillis(ms, { zone: ZONE }).toISODate()!;
}

/** Moves the time-skipping server's clock forward to `targetMs`, firing every timer on the way. */
export async function advanceTo(env: TestWorkflowEnvironment, targetMs: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (targetMs > now) await env.sleep(targetMs - now);
}

export interface SeededOffice {
  id: string;
  code: string;
  contactEmail: string;
  headEmail: string;
}

export interface Seed {
  campaignId: string;
  offices: Record<string, SeededOffice>;
  enterprises: Record<string, { id: string; code: string; officeId: string }>;
}

/** An office's fields for code `code`: its contact's mail goes to `<code>.contact@office.test`, its head's to `<code>.head@office.test`. */
export const testOffice = (code: string) => ({
  code,
  name: `${code}市场监管所`,
  unitType: 'township',
  contactName: `${code} 联络员`,
  contactEmail: `${code.toLowerCase()}.contact@office.test`,
  headName: `${code} 所长`,
  headEmail: `${code.toLowerCase()}.head@office.test`,
});

/**
 * A 2024 campaign with the given offices (code → language) and enterprises (code → office code).
 * Mail addresses are `<code>.contact@office.test` and `<code>.head@office.test`.
 */
export async function seedCampaign(
  db: PrismaClient,
  options: {
    offices: Record<string, 'zh-CN' | 'en'>;
    enterprises: Record<string, string>;
    template?: CampaignTemplate;
  },
): Promise<Seed> {
  const campaign = await db.campaign.create({
    data: {
      name: '2024年固本强基',
      year: 2024,
      bureauEmail: BUREAU_EMAIL,
      template: asJson(options.template ?? defaultTemplate(2024)),
    },
  });
  const offices: Seed['offices'] = {};
  for (const [code, language] of Object.entries(options.offices)) {
    const office = await db.office.create({
      data: { ...testOffice(code), language },
    });
    offices[code] = office;
  }
  const enterprises: Seed['enterprises'] = {};
  for (const [code, officeCode] of Object.entries(options.enterprises)) {
    const enterprise = await db.enterprise.create({
      data: { code, name: `${code}特种设备制造有限公司`, officeId: offices[officeCode]!.id, sizeClass: 'small-micro' },
    });
    enterprises[code] = enterprise;
  }
  return { campaignId: campaign.id, offices, enterprises };
}

/** A received mail reduced to what the tests assert on. */
export interface MailFact {
  to: string;
  obligation: string;
  step: string;
  /** Local (Asia/Shanghai) date of the instant the step was planned for. */
  date: string;
  subject: string;
  text: string;
  html: string | undefined;
}

export function facts(mails: CaughtMail[]): MailFact[] {
  return mails.map((m) => ({
    to: m.envelopeTo.join(','),
    obligation: m.headers['x-campaign-obligation'] ?? '',
    step: m.headers['x-campaign-step'] ?? '',
    date: localDate(Date.parse(m.headers['x-campaign-step-at'] ?? '')),
    subject: m.subject,
    text: m.text,
    html: m.html,
  }));
}

/**
 * Who the rules say receives a step, written out independently of the activities: reminders go to the
 * office contact, overdue notices to the contact and the office head, escalations to the bureau (for
 * enterprise digests also to the office head).
 */
export function plannedRecipients(
  kind: 'reminder' | 'overdue' | 'escalation',
  responsible: 'office' | 'enterprise',
  office: { contactEmail: string; headEmail: string },
  bureauEmail: string = BUREAU_EMAIL,
): string[] {
  if (kind === 'reminder') return [office.contactEmail];
  if (kind === 'overdue') return [office.contactEmail, office.headEmail];
  return responsible === 'office' ? [bureauEmail] : [office.headEmail, bureauEmail];
}

/**
 * The dry-run of a window: the X-Campaign-Key of every mail the plan has for `offices` from `fromMs`
 * to `toMs` (`<campaign>/<office>/<obligation>/<step>/<recipient>`), computed from the stored plan and
 * the recipients the rules name.
 */
export async function plannedMailKeys(
  db: PrismaClient,
  campaignId: string,
  offices: { id: string; contactEmail: string; headEmail: string }[],
  fromMs: number,
  toMs: number,
): Promise<string[]> {
  const loaded = await loadPlan(db, campaignId);
  const keys: string[] = [];
  for (const office of offices) {
    for (const o of await obligationsOfOffice(db, loaded, campaignId, office.id)) {
      for (const s of o.steps.filter((x) => x.atMs >= fromMs && x.atMs <= toMs)) {
        for (const to of plannedRecipients(s.kind, o.responsible, office))
          keys.push(`${campaignId}/${office.id}/${o.key}/${s.key}/${to}`);
      }
    }
  }
  return keys.sort();
}
