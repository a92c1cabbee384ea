/**
 * The field catalogue of the monthly progress tables: one entry per cell, in the annex's column order, read off
 * the TypeBox schemas. Validation, the cumulative check, county totals and the spreadsheet export are all driven
 * by it. Also: the printed layout of each annex (column headings, merged cells, notes) for the export.
 */
import type { TSchema } from '@sinclair/typebox';
import {
  Annex3Schema,
  Annex4Schema,
  type CellKind,
  type CumulativeSince,
  type FieldPath,
  type MonthlyTables,
  MonthlyTablesSchema,
  type UnitZh,
} from './schema.js';

export type AnnexKey = 'annex3' | 'annex4';

export interface FieldSpec {
  /** Dotted path, e.g. 'annex3.standardization.national.level1'. */
  path: FieldPath;
  annex: AnnexKey;
  /** The cell's own Chinese column title, e.g. '一级企业'. */
  titleZh: string;
  /** Chinese label with its group headings, e.g. '创建提升数量（家）／国标／一级企业'. */
  labelZh: string;
  /** English label with its group headings, e.g. 'Standardization created or improved / National standard / Level 1'. */
  labelEn: string;
  kind: CellKind;
  unitZh: UnitZh;
  /** Since when the figure is cumulative; null when it is not (see cumulativeBaseMonth). */
  cumulativeSince: CumulativeSince;
}

/** The month the improvement programme started (泉安委〔2021〕18号): the base of 'programme-start' figures. */
export const PROGRAMME_START_MONTH = '2021-08';

/**
 * The concrete first month a cumulative figure counts from in a campaign year:
 * 'programme-start' → 2021-08 (any year); 'year-start' → January of the campaign year (2024-01 for 2024).
 */
export function cumulativeBaseMonth(
  since: Exclude<CumulativeSince, null>,
  campaignYear: number,
  programmeStart: string = PROGRAMME_START_MONTH,
): string {
  if (!Number.isInteger(campaignYear) || campaignYear < 1000 || campaignYear > 9999) {
    throw new RangeError(`not a campaign year: ${campaignYear}`);
  }
  return since === 'programme-start' ? programmeStart : `${campaignYear}-01`;
}

/**
 * Whether a cumulative figure reported for `previousMonth` is where the figure of `month` ('YYYY-MM') goes on from:
 * false when the figure counts again from a later base (a 'year-start' figure in January after a December report).
 */
export function cumulativeCarriesOver(
  since: Exclude<CumulativeSince, null>,
  month: string,
  previousMonth: string,
): boolean {
  return previousMonth >= cumulativeBaseMonth(since, Number(month.slice(0, 4)));
}

interface SchemaNode {
  title?: string;
  'x-labelEn'?: string;
  'x-kind'?: CellKind;
  'x-unit'?: UnitZh;
  'x-cumulativeSince'?: CumulativeSince;
  properties?: Record<string, TSchema>;
}

function buildCatalogue(): FieldSpec[] {
  const out: FieldSpec[] = [];
  const visit = (node: SchemaNode, path: string[], zh: string[], en: string[], annex: AnnexKey) => {
    if (node.properties) {
      for (const [key, child] of Object.entries(node.properties)) {
        const c = child as SchemaNode;
        visit(c, [...path, key], [...zh, c.title ?? key], [...en, c['x-labelEn'] ?? key], annex);
      }
      return;
    }
    if (!node['x-kind'] || !node['x-unit'] || node['x-cumulativeSince'] === undefined || !node.title) {
      throw new Error(`schema cell ${path.join('.')} lacks its catalogue metadata`);
    }
    out.push({
      path: path.join('.') as FieldPath,
      annex,
      titleZh: node.title,
      labelZh: zh.join('／'),
      labelEn: en.join(' / '),
      kind: node['x-kind'],
      unitZh: node['x-unit'],
      cumulativeSince: node['x-cumulativeSince'],
    });
  };
  visit(Annex3Schema, ['annex3'], [], [], 'annex3');
  visit(Annex4Schema, ['annex4'], [], [], 'annex4');
  return out;
}

/** Every cell of both tables, annex 3 first, each in the annex's column order. */
export const FIELD_CATALOGUE: readonly FieldSpec[] = Object.freeze(buildCatalogue().map((f) => Object.freeze(f)));

const BY_PATH = new Map<string, FieldSpec>(FIELD_CATALOGUE.map((f) => [f.path, f]));

export function fieldSpec(path: FieldPath): FieldSpec {
  const spec = BY_PATH.get(path);
  if (!spec) throw new RangeError(`no such cell: ${path}`);
  return spec;
}

export function isFieldPath(path: string): path is FieldPath {
  return BY_PATH.has(path);
}

/** The value of one cell. */
export function getCell(tables: MonthlyTables, path: FieldPath): number {
  let node: unknown = tables;
  for (const key of path.split('.')) node = (node as Record<string, unknown>)[key];
  return node as number;
}

/** Builds a complete MonthlyTables in schema key order, with each cell's value given by `valueOf`. */
export function buildTables(valueOf: (field: FieldSpec) => number): MonthlyTables {
  const build = (node: SchemaNode, path: string[]): unknown => {
    if (!node.properties) return valueOf(fieldSpec(path.join('.') as FieldPath));
    const obj: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node.properties)) obj[key] = build(child, [...path, key]);
    return obj;
  };
  return build(MonthlyTablesSchema, []) as MonthlyTables;
}

// ---------------------------------------------------------------------------------------------------------------
// Printed layout of the annexes, for the spreadsheet export.

/** The two kinds of reporting unit; each fills its own block of rows (注1 各填报单位按照各自所属的单位类型进行填报). */
export const UNIT_TYPES = [
  { key: 'countyUnit', zh: '县直单位', en: 'County-level unit' },
  { key: 'township', zh: '乡镇', en: 'Township' },
] as const;
export type UnitType = (typeof UNIT_TYPES)[number]['key'];

/** One cell of a unit's block of body rows. */
export type AnnexCell =
  /** The unit type label (县直单位 / 乡镇), spanning the block. */
  | { kind: 'unitType'; rowSpan: number }
  /** Fixed printed text, e.g. a row heading such as 国标 or 市级, or '/' where the annex has no cell. */
  | { kind: 'label'; text: string; rowSpan?: number; colSpan?: number }
  /** A data cell. */
  | { kind: 'value'; path: FieldPath; rowSpan?: number; colSpan?: number }
  /** Covered by a merged cell above or to the left. */
  | { kind: 'covered' };

export interface AnnexColumn {
  /** Heading chain from the top header row down, e.g. ['创建提升数量（家）', '一级企业']; an exporter merges equal
   *  adjacent headings across columns and lets the last heading span the remaining header rows. */
  headingsZh: string[];
  /** One entry per body row of a unit's block (annex 3: 3 rows; annex 4: 1 row). */
  cells: AnnexCell[];
}

export interface AnnexLayout {
  annex: AnnexKey;
  /** '月报表（一）' / '月报表（二）' */
  shortTitleZh: string;
  /** Full printed title; `county` defaults to 安溪县. */
  titleZh: (county?: string) => string;
  /** Printed above the table: 填报单位（盖章）, 填表人, 联系电话, then the date 年 月 日. */
  formFieldsZh: string[];
  rowsPerUnit: number;
  columns: AnnexColumn[];
  /** The 注 (filling instructions) printed below the table. */
  notesZh: string[];
}

const FORM_FIELDS_ZH = ['填报单位（盖章）', '填表人', '联系电话'];
const title =
  (n: string) =>
  (county = '安溪县') =>
    `${county}安全生产标准化提升专项行动固本强基进展情况月报表（${n}）`;

const v = (path: FieldPath, span?: { rowSpan?: number; colSpan?: number }): AnnexCell => ({
  kind: 'value',
  path,
  ...span,
});
const l = (text: string, span?: { rowSpan?: number; colSpan?: number }): AnnexCell => ({
  kind: 'label',
  text,
  ...span,
});
const covered: AnnexCell = { kind: 'covered' };
/** A cell filled once per unit, spanning the unit's three rows. */
const perUnit = (path: FieldPath): AnnexCell[] => [v(path, { rowSpan: 3 }), covered, covered];

/** Annex 3's columns left to right, one function per heading group of the printed table. */
function annex3Columns(): AnnexColumn[] {
  return [
    { headingsZh: ['填报单位类型'], cells: [{ kind: 'unitType', rowSpan: 3 }, covered, covered] },
    ...enterpriseCountColumns(),
    ...standardizationColumns(),
    ...modelTownColumns(),
    ...benchmarkColumns(),
    ...reviewedComplianceColumns(),
    ...modelPostColumns(),
  ];
}

function enterpriseCountColumns(): AnnexColumn[] {
  const ent = '企业数量（家）';
  return [
    { headingsZh: [ent, '总数'], cells: perUnit('annex3.enterprises.total') },
    { headingsZh: [ent, '规上企业'], cells: perUnit('annex3.enterprises.aboveSize') },
    { headingsZh: [ent, '中等企业'], cells: perUnit('annex3.enterprises.medium') },
    { headingsZh: [ent, '小微企业'], cells: perUnit('annex3.enterprises.smallMicro') },
  ];
}

/** Rows: national, provincial and local standard; the local standard has no levels, so one cell spans them. */
function standardizationColumns(): AnnexColumn[] {
  const std = '创建提升数量（家）';
  return [
    { headingsZh: [std, '达标类型'], cells: [l('国标'), l('省标'), l('地标（达标不分级）')] },
    {
      headingsZh: [std, '一级企业'],
      cells: [
        v('annex3.standardization.national.level1'),
        v('annex3.standardization.provincial.level1'),
        v('annex3.standardization.local.compliant', { colSpan: 3 }),
      ],
    },
    {
      headingsZh: [std, '二级企业'],
      cells: [v('annex3.standardization.national.level2'), v('annex3.standardization.provincial.level2'), covered],
    },
    {
      headingsZh: [std, '三级企业'],
      cells: [v('annex3.standardization.national.level3'), v('annex3.standardization.provincial.level3'), covered],
    },
    {
      headingsZh: [std, '自评企业'],
      cells: [
        v('annex3.standardization.national.selfAssessed'),
        v('annex3.standardization.provincial.selfAssessed'),
        v('annex3.standardization.local.selfAssessed'),
      ],
    },
  ];
}

function modelTownColumns(): AnnexColumn[] {
  const towns = '样板乡镇（街道、园区）数量（个）';
  return [
    { headingsZh: [towns, '样板层级'], cells: [l('市级'), l('县级'), l('乡级')] },
    {
      headingsZh: [towns, '样板个数'],
      cells: [v('annex3.modelTowns.city'), v('annex3.modelTowns.county'), v('annex3.modelTowns.township')],
    },
  ];
}

function benchmarkColumns(): AnnexColumn[] {
  const bench = '标杆数量（家）';
  return [
    // Benchmarks exist at city and county level only: the third row is struck through.
    { headingsZh: [bench, '标杆层级'], cells: [l('市级'), l('县级'), l('/', { colSpan: 4 })] },
    ...(['aboveSize', 'medium', 'smallMicro'] as const).map((size, i) => ({
      headingsZh: [bench, ['规上企业', '中等企业', '小微企业'][i] as string],
      cells: [v(`annex3.benchmarks.city.${size}`), v(`annex3.benchmarks.county.${size}`), covered],
    })),
  ];
}

function reviewedComplianceColumns(): AnnexColumn[] {
  const reviewed = '评审达标数量（家）';
  return [
    { headingsZh: [reviewed, '规上企业'], cells: perUnit('annex3.reviewedCompliance.aboveSize') },
    { headingsZh: [reviewed, '中等企业'], cells: perUnit('annex3.reviewedCompliance.medium') },
    { headingsZh: [reviewed, '小微企业'], cells: perUnit('annex3.reviewedCompliance.smallMicro') },
  ];
}

function modelPostColumns(): AnnexColumn[] {
  const posts = '示范岗位（个）';
  const postKinds = [
    ['partyMember', '党员模范岗（个）'],
    ['youthCommando', '青年突击手（个）'],
    ['workerPioneer', '工人先锋岗（个）'],
    ['womensModel', '巾帼示范岗（个）'],
  ] as const;
  return [
    { headingsZh: [posts, '示范层级'], cells: [l('市级'), l('县级'), l('乡级')] },
    ...postKinds.map(([key, zh]) => ({
      headingsZh: [posts, zh],
      cells: [
        v(`annex3.modelPosts.city.${key}`),
        v(`annex3.modelPosts.county.${key}`),
        v(`annex3.modelPosts.township.${key}`),
      ],
    })),
  ];
}

/** Annex 4 is one row per unit: its columns are the cells in catalogue order, headed by their schema titles. */
function annex4Columns(): AnnexColumn[] {
  const cols: AnnexColumn[] = [{ headingsZh: ['填报单位类型'], cells: [{ kind: 'unitType', rowSpan: 1 }] }];
  for (const f of FIELD_CATALOGUE) {
    if (f.annex === 'annex4') cols.push({ headingsZh: f.labelZh.split('／'), cells: [v(f.path)] });
  }
  return cols;
}

export const ANNEX3_LAYOUT: AnnexLayout = {
  annex: 'annex3',
  shortTitleZh: '月报表（一）',
  titleZh: title('一'),
  formFieldsZh: FORM_FIELDS_ZH,
  rowsPerUnit: 3,
  columns: annex3Columns(),
  notesZh: [
    '各填报单位按照各自所属的单位类型进行填报',
    '县直单位填报的数据只填报本单位直接监管的企业固本强基进展情况',
    '填报的数据应包含本辖区各领域的数据',
    '自评企业指未经定级（达标）评审，只完成内部自评的企业',
    '地标指的是泉州市本级地方标准，统一按不分级达标统计',
    '事业单位生产经营规模参照我县“三类企业”进行划分，具体由县级行业主管（监管）部门确定',
    '企业数量以2023年企业底数为基数据实补缺补漏填报，创建提升数量、标杆数量填写2021年8月以来累计数，其余的填写2024年1月以来累计数',
    '表格不应有空白处，若无则应填写0',
    '每月3日前上报上一个月固本强基进展情况',
  ],
};

export const ANNEX4_LAYOUT: AnnexLayout = {
  annex: 'annex4',
  shortTitleZh: '月报表（二）',
  titleZh: title('二'),
  formFieldsZh: FORM_FIELDS_ZH,
  rowsPerUnit: 1,
  columns: annex4Columns(),
  notesZh: [
    '各填报单位按照各自所属的单位类型进行填报',
    '县直单位填报的数据只填报本单位直接监管的企业数据，填报的数据应包含本辖区各领域数据',
    '落实“一企一策”数量一栏当中除自查隐患数量以及整改隐患数量外，各项数据从2021年8月份开始累计填报；落实“一企一策”数量一栏中自查隐患数量以及整改隐患数量、企业优化完善“四项规范”、执法激励约束等数据填报2024年1月以来累计数',
    '四色安全风险分级动态监管指的是对企业安全生产状况进行整体评估，按照“红、橙、黄、蓝”确定企业整体安全风险等级',
    '表格不应有空白处，若无则应填写0',
    '每月3日前上报上一个月进展情况',
  ],
};

export const ANNEX_LAYOUTS: Record<AnnexKey, AnnexLayout> = { annex3: ANNEX3_LAYOUT, annex4: ANNEX4_LAYOUT };
