import { describe, it, expect } from 'vitest';
import type { TSchema } from '@sinclair/typebox';
import {
  ANNEX3_LAYOUT,
  ANNEX4_LAYOUT,
  CONSISTENCY_RULES,
  cumulativeBaseMonth,
  FIELD_CATALOGUE,
  type FieldSpec,
  MonthlyTablesSchema,
} from '../../../domain/reports/index.js';

/** Every leaf path of a schema, walked independently of the catalogue. */
function schemaLeafPaths(schema: TSchema, prefix: string[] = []): string[] {
  const props = (schema as { properties?: Record<string, TSchema> }).properties;
  if (!props) return [prefix.join('.')];
  return Object.entries(props).flatMap(([key, child]) => schemaLeafPaths(child, [...prefix, key]));
}

const byPath = (path: string): FieldSpec => {
  const f = FIELD_CATALOGUE.find((x) => x.path === path);
  if (!f) throw new Error(`no catalogue entry ${path}`);
  return f;
};

describe('the field catalogue', () => {
  it('every catalogue path exists in the schema and vice versa, in the same order', () => {
    const schemaPaths = schemaLeafPaths(MonthlyTablesSchema);
    expect(FIELD_CATALOGUE.map((f) => f.path)).toEqual(schemaPaths);
    expect(new Set(schemaPaths).size).toBe(schemaPaths.length);
    expect(FIELD_CATALOGUE.filter((f) => f.annex === 'annex3')).toHaveLength(38);
    expect(FIELD_CATALOGUE.filter((f) => f.annex === 'annex4')).toHaveLength(30);
  });

  it('labels each cell in Chinese and English with its group headings', () => {
    const f = byPath('annex3.standardization.national.level1');
    expect(f.titleZh).toBe('一级企业');
    expect(f.labelZh).toBe('创建提升数量（家）／国标／一级企业');
    expect(f.labelEn).toBe('Standardization created or improved / National standard / Level 1');
    expect(byPath('annex4.enforcement.fines.amount')).toMatchObject({
      kind: 'amount10kYuan',
      unitZh: '万元',
      titleZh: '金额（万元）',
    });
  });

  it('only the fine amount is an amount; every other cell is a count', () => {
    expect(FIELD_CATALOGUE.filter((f) => f.kind !== 'count').map((f) => f.path)).toEqual([
      'annex4.enforcement.fines.amount',
    ]);
  });

  it('marks cumulative figures as the notes say', () => {
    const since = (prefix: string) => [
      ...new Set(FIELD_CATALOGUE.filter((f) => f.path.startsWith(prefix)).map((f) => f.cumulativeSince)),
    ];
    // 附件3 注7: enterprise counts are the 2023 base; creation/improvement and benchmarks since 2021-08; the rest since 2024-01
    expect(since('annex3.enterprises.')).toEqual([null]);
    expect(since('annex3.standardization.')).toEqual(['programme-start']);
    expect(since('annex3.benchmarks.')).toEqual(['programme-start']);
    expect(since('annex3.modelTowns.')).toEqual(['year-start']);
    expect(since('annex3.reviewedCompliance.')).toEqual(['year-start']);
    expect(since('annex3.modelPosts.')).toEqual(['year-start']);
    // 附件4 注3: one-enterprise-one-policy since 2021-08 except the self-found and rectified hazards; the rest since 2024-01
    expect(since('annex4.fourSpecifications.')).toEqual(['year-start']);
    expect(since('annex4.enforcement.')).toEqual(['year-start']);
    expect(since('annex4.oneEnterpriseOnePolicy.threeLists.selfFoundHazards')).toEqual(['year-start']);
    expect(since('annex4.oneEnterpriseOnePolicy.threeLists.rectifiedHazards')).toEqual(['year-start']);
    expect(since('annex4.oneEnterpriseOnePolicy.threeLists.enterprises')).toEqual(['programme-start']);
    expect(since('annex4.oneEnterpriseOnePolicy.fourColourRisk.')).toEqual(['programme-start']);
    expect(since('annex4.oneEnterpriseOnePolicy.fiveS')).toEqual(['programme-start']);
    expect(since('annex4.oneEnterpriseOnePolicy.sixHavesSignage')).toEqual(['programme-start']);
  });

  it('gives the concrete base month for a campaign year', () => {
    expect(cumulativeBaseMonth('programme-start', 2024)).toBe('2021-08');
    expect(cumulativeBaseMonth('year-start', 2024)).toBe('2024-01');
    expect(cumulativeBaseMonth('year-start', 2025)).toBe('2025-01');
    expect(cumulativeBaseMonth('programme-start', 2025)).toBe('2021-08');
    expect(() => cumulativeBaseMonth('year-start', 24.5)).toThrow(RangeError);
  });

  it('consistency rules refer only to catalogue cells', () => {
    const paths = new Set(FIELD_CATALOGUE.map((f) => f.path as string));
    for (const rule of CONSISTENCY_RULES) {
      const used =
        rule.kind === 'sum'
          ? [rule.total, ...rule.parts]
          : rule.kind === 'notAbove'
            ? [rule.part, rule.whole]
            : [rule.when, rule.then];
      for (const p of used) expect(paths.has(p)).toBe(true);
    }
  });
});

describe('the annex layouts', () => {
  for (const layout of [ANNEX3_LAYOUT, ANNEX4_LAYOUT]) {
    it(`${layout.shortTitleZh} places every cell of its annex exactly once`, () => {
      const placed = layout.columns.flatMap((c) =>
        c.cells.flatMap((cell) => (cell.kind === 'value' ? [cell.path] : [])),
      );
      const expected = FIELD_CATALOGUE.filter((f) => f.annex === layout.annex).map((f) => f.path);
      expect([...placed].sort()).toEqual([...expected].sort());
      expect(new Set(placed).size).toBe(placed.length);
      for (const column of layout.columns) expect(column.cells).toHaveLength(layout.rowsPerUnit);
    });
  }

  it('annex 3 has the printed 24 columns and group headings in order', () => {
    expect(ANNEX3_LAYOUT.columns).toHaveLength(24);
    const groups = [...new Set(ANNEX3_LAYOUT.columns.map((c) => c.headingsZh[0]))];
    expect(groups).toEqual([
      '填报单位类型',
      '企业数量（家）',
      '创建提升数量（家）',
      '样板乡镇（街道、园区）数量（个）',
      '标杆数量（家）',
      '评审达标数量（家）',
      '示范岗位（个）',
    ]);
    expect(ANNEX3_LAYOUT.titleZh()).toBe('安溪县安全生产标准化提升专项行动固本强基进展情况月报表（一）');
  });

  it('annex 4 has the printed 30 data columns and group headings in order', () => {
    expect(ANNEX4_LAYOUT.columns).toHaveLength(31);
    const groups = [...new Set(ANNEX4_LAYOUT.columns.map((c) => c.headingsZh[0]))];
    expect(groups).toEqual(['填报单位类型', '企业优化完善“四项规范”（份）', '落实“一企一策”数量', '执法激励约束']);
    expect(ANNEX4_LAYOUT.columns.map((c) => c.headingsZh.join('／'))).toContain(
      '落实“一企一策”数量／四色安全风险分级动态监管／红色风险企业（家）',
    );
  });
});
