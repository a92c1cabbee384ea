/** Bench data: N offices × M enterprises (bulk createMany) and one campaign on a year's default template. */
import { randomUUID } from 'node:crypto';
import { defaultTemplate, type CampaignTemplate } from '../domain/index.js';
import type { PrismaClient } from '../infra/db.js';

export const BUREAU_EMAIL = 'bureau@county.test';

/** Templates are stored as JSON columns. */
export function asJson(template: CampaignTemplate): object {
  return template;
}

export interface Seeded {
  campaignId: string;
  officeIds: string[];
}

export async function seed(
  db: PrismaClient,
  options: { offices: number; enterprisesPerOffice: number; year: number },
): Promise<Seeded> {
  const offices = Array.from({ length: options.offices }, (_, i) => {
    const code = `O${String(i + 1).padStart(5, '0')}`;
    return {
      id: randomUUID(),
      code,
      name: `${code}市场监管所`,
      unitType: 'township',
      contactName: `${code} 联络员`,
      contactEmail: `${code.toLowerCase()}.contact@office.test`,
      headName: `${code} 所长`,
      headEmail: `${code.toLowerCase()}.head@office.test`,
      language: 'zh-CN',
    };
  });
  for (let i = 0; i < offices.length; i += 1000) await db.office.createMany({ data: offices.slice(i, i + 1000) });
  let batch: { code: string; name: string; officeId: string; sizeClass: string }[] = [];
  for (const office of offices) {
    for (let e = 1; e <= options.enterprisesPerOffice; e++) {
      const code = `${office.code}-E${String(e).padStart(4, '0')}`;
      batch.push({ code, name: `${code}特种设备制造有限公司`, officeId: office.id, sizeClass: 'small-micro' });
      if (batch.length === 5000) {
        await db.enterprise.createMany({ data: batch });
        batch = [];
      }
    }
  }
  if (batch.length > 0) await db.enterprise.createMany({ data: batch });
  const campaign = await db.campaign.create({
    data: {
      name: `${options.year}年固本强基（基准）`,
      year: options.year,
      bureauEmail: BUREAU_EMAIL,
      template: asJson(defaultTemplate(options.year)),
    },
  });
  return { campaignId: campaign.id, officeIds: offices.map((o) => o.id) };
}

/** mulberry32: small, fast, deterministic, so every run of a bench seeds the same data. */
export function generator(seedValue: number): () => number {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
