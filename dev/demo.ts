import { defaultTemplate } from '../domain/index.js';
import type { PrismaClient } from '../infra/db.js';
import { asJson } from '../infra/json.js';

/** Every demo record carries this label, so nobody mistakes it for real supervision data. */
export const DEMO_LABEL = '（演示）';

const OFFICES: { code: string; name: string; unitType: 'county-unit' | 'township'; language?: 'en' }[] = [
  { code: 'DEMO-XC', name: '城厢市场监管所', unitType: 'township' },
  { code: 'DEMO-FQ', name: '凤城市场监管所', unitType: 'township' },
  { code: 'DEMO-GT', name: '官桥市场监管所', unitType: 'township' },
  { code: 'DEMO-PT', name: '蓬莱市场监管所', unitType: 'township' },
  { code: 'DEMO-HT', name: '湖头市场监管所', unitType: 'township' },
  { code: 'DEMO-JD', name: '金谷市场监管所', unitType: 'township' },
  { code: 'DEMO-LM', name: '龙门市场监管所', unitType: 'township', language: 'en' },
  { code: 'DEMO-XP', name: '西坪市场监管所', unitType: 'township' },
  { code: 'DEMO-JX', name: '剑斗市场监管所', unitType: 'township' },
  { code: 'DEMO-TZ', name: '县特种设备安全监察大队', unitType: 'county-unit' },
  { code: 'DEMO-ZF', name: '县市场监管综合执法大队', unitType: 'county-unit' },
  { code: 'DEMO-JL', name: '县计量检定所', unitType: 'county-unit', language: 'en' },
];

const SIZES = ['above-size', 'medium', 'small-micro'] as const;
const COLOURS = ['red', 'orange', 'yellow', 'blue'] as const;
const TRADES = ['锅炉', '压力容器', '起重机械', '电梯', '压力管道元件', '安全附件'];

/**
 * A demo county for a first look: about a dozen offices (county-level units and townships) with
 * contacts whose mail goes to the built-in catcher, enterprises of every size class and risk colour,
 * and a campaign for `year`. Returns undefined when the database already holds offices or campaigns.
 */
export async function seedDemoCounty(
  db: PrismaClient,
  year: number,
): Promise<{ campaignId: string; officeIds: string[] } | undefined> {
  if ((await db.office.count()) > 0 || (await db.campaign.count()) > 0) return undefined;
  return db.$transaction(async (tx) => {
    const officeIds: string[] = [];
    let n = 0;
    for (const o of OFFICES) {
      const slug = o.code.toLowerCase();
      const office = await tx.office.create({
        data: {
          code: o.code,
          name: `${o.name}${DEMO_LABEL}`,
          unitType: o.unitType,
          contactName: '联络员',
          contactEmail: `${slug}.contact@demo.invalid`,
          headName: '负责人',
          headEmail: `${slug}.head@demo.invalid`,
          language: o.language ?? 'zh-CN',
        },
      });
      officeIds.push(office.id);
      await tx.enterprise.createMany({
        data: Array.from({ length: 6 }, (_, i) => {
          n += 1;
          return {
            officeId: office.id,
            code: `DEMO-${String(n).padStart(4, '0')}`,
            name: `${o.name.slice(0, 2)}${TRADES[n % TRADES.length]}制造有限公司${DEMO_LABEL}`,
            sizeClass: SIZES[(n + i) % SIZES.length]!,
            riskColour: COLOURS[n % COLOURS.length]!,
          };
        }),
      });
    }
    const campaign = await tx.campaign.create({
      data: {
        name: `${year}年特种设备制造企业安全生产标准化提升专项行动${DEMO_LABEL}`,
        year,
        bureauName: `安溪县市场监督管理局${DEMO_LABEL}`,
        bureauEmail: 'bureau@demo.invalid',
        template: asJson(defaultTemplate(year)),
      },
    });
    return { campaignId: campaign.id, officeIds };
  });
}
