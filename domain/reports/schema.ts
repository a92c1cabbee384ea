/**
 * The two monthly progress tables every reporting unit (市场监管所 / 县直单位) submits with its monthly report:
 * annex 3 (月报表（一）) and annex 4 (月报表（二）) of the notice of 2024-02-28.
 *
 * The TypeBox schemas below are the single source of truth for the cells: every leaf carries its Chinese column
 * title (`title`), its English label (`x-labelEn`), its unit (`x-unit`), its kind (`x-kind`) and since when it is
 * cumulative (`x-cumulativeSince`); the field catalogue (catalogue.ts) is read off these schemas. Every object is
 * closed (`additionalProperties: false`) and every cell is required: "表格不应有空白处，若无则应填写0".
 *
 * Cumulative figures (附件3 注7, 附件4 注3):
 * - 'programme-start' = since the start of the improvement programme, 2021-08 (2021年8月以来累计数);
 * - 'year-start'      = since January of the campaign year, 2024-01 for the 2024 campaign (2024年1月以来累计数);
 * - null              = not cumulative (the enterprise counts: the 2023 base, corrected as gaps are found).
 */
import { type Static, type TProperties, Type } from '@sinclair/typebox';

export type CellKind = 'count' | 'amount10kYuan';
export type CumulativeSince = 'programme-start' | 'year-start' | null;
/** The unit printed in the column title: 家 enterprises, 个 items, 份 documents, 条 hazards, 家次/人次 occurrences, 万元. */
export type UnitZh = '家' | '个' | '份' | '条' | '家次' | '人次' | '万元';

function sinceText(since: CumulativeSince): string {
  if (since === 'programme-start') return 'cumulative since the programme start (2021-08)';
  if (since === 'year-start') return 'cumulative since January of the campaign year (2024-01 in 2024)';
  return 'not cumulative';
}

/** A count cell: a non-negative integer. */
function count(titleZh: string, labelEn: string, unit: Exclude<UnitZh, '万元'>, since: CumulativeSince) {
  return Type.Integer({
    minimum: 0,
    maximum: MAX_CELL_COUNT,
    title: titleZh,
    description: `${labelEn}; count (${unit}), ${sinceText(since)}`,
    'x-labelEn': labelEn,
    'x-unit': unit,
    'x-kind': 'count' satisfies CellKind,
    'x-cumulativeSince': since,
  });
}

/**
 * Bounds far above anything one office reports (a county has thousands of enterprises), low enough that the county's
 * sums stay exact: every figure and every total is a safe integer of yuan or units.
 */
export const MAX_CELL_COUNT = 1_000_000;
export const MAX_CELL_AMOUNT = 100_000_000; // 万元: a trillion yuan

/** An amount in 10,000 yuan (万元): non-negative, at most 4 decimals (= whole yuan). */
function amount10kYuan(titleZh: string, labelEn: string, since: CumulativeSince) {
  return Type.Number({
    minimum: 0,
    maximum: MAX_CELL_AMOUNT,
    title: titleZh,
    description: `${labelEn}; amount in 10,000 yuan (万元), at most 4 decimals, ${sinceText(since)}`,
    'x-labelEn': labelEn,
    'x-unit': '万元' satisfies UnitZh,
    'x-kind': 'amount10kYuan' satisfies CellKind,
    'x-cumulativeSince': since,
  });
}

function group<T extends TProperties>(titleZh: string, labelEn: string, properties: T) {
  return Type.Object(properties, {
    additionalProperties: false,
    title: titleZh,
    description: labelEn,
    'x-labelEn': labelEn,
  });
}

const P = 'programme-start';
const Y = 'year-start';

/** 规上 / 中等 / 小微: the three size classes ("三类企业"). */
function bySize(titleZh: string, labelEn: string, unit: '家', since: CumulativeSince) {
  return group(titleZh, labelEn, {
    /** 规上企业 */
    aboveSize: count('规上企业', 'Above designated size', unit, since),
    /** 中等企业 */
    medium: count('中等企业', 'Medium', unit, since),
    /** 小微企业 */
    smallMicro: count('小微企业', 'Small and micro', unit, since),
  });
}

/** 一级 / 二级 / 三级 / 自评 enterprises under a graded standard (国标, 省标). */
function gradedStandard(titleZh: string, labelEn: string) {
  return group(titleZh, labelEn, {
    /** 一级企业 */
    level1: count('一级企业', 'Level 1', '家', P),
    /** 二级企业 */
    level2: count('二级企业', 'Level 2', '家', P),
    /** 三级企业 */
    level3: count('三级企业', 'Level 3', '家', P),
    /** 自评企业 (未经定级（达标）评审，只完成内部自评的企业) */
    selfAssessed: count('自评企业', 'Self-assessed only (not yet reviewed)', '家', P),
  });
}

/** 党员模范岗 / 青年突击手 / 工人先锋岗 / 巾帼示范岗 at one level. */
function modelPostsAt(titleZh: string, labelEn: string) {
  return group(titleZh, labelEn, {
    /** 党员模范岗（个） */
    partyMember: count('党员模范岗（个）', 'Party-member model posts', '个', Y),
    /** 青年突击手（个） */
    youthCommando: count('青年突击手（个）', 'Youth commandos', '个', Y),
    /** 工人先锋岗（个） */
    workerPioneer: count('工人先锋岗（个）', 'Worker pioneer posts', '个', Y),
    /** 巾帼示范岗（个） */
    womensModel: count('巾帼示范岗（个）', "Women's model posts", '个', Y),
  });
}

/** 附件3 安全生产标准化提升专项行动固本强基进展情况月报表（一）. */
export const Annex3Schema = group('月报表（一）', 'Monthly progress table 1 (annex 3)', {
  /** 企业数量（家）: the 2023 enterprise base, corrected as gaps are found (注7); not cumulative. */
  enterprises: group('企业数量（家）', 'Enterprises', {
    /** 总数 = 规上 + 中等 + 小微 */
    total: count('总数', 'Total', '家', null),
    /** 规上企业 */
    aboveSize: count('规上企业', 'Above designated size', '家', null),
    /** 中等企业 */
    medium: count('中等企业', 'Medium', '家', null),
    /** 小微企业 */
    smallMicro: count('小微企业', 'Small and micro', '家', null),
  }),
  /** 创建提升数量（家）, by 达标类型 (standard): cumulative since 2021-08 (注7). */
  standardization: group('创建提升数量（家）', 'Standardization created or improved', {
    /** 国标 */
    national: gradedStandard('国标', 'National standard'),
    /** 省标 */
    provincial: gradedStandard('省标', 'Provincial standard'),
    /** 地标（达标不分级）: Quanzhou local standard, counted as compliant without grade (注5). */
    local: group('地标（达标不分级）', 'Local standard (compliant, no grade)', {
      /** 达标（不分级）: the one cell spanning 一级/二级/三级 on the 地标 row */
      compliant: count('达标（不分级）', 'Compliant (no grade)', '家', P),
      /** 自评企业 */
      selfAssessed: count('自评企业', 'Self-assessed only (not yet reviewed)', '家', P),
    }),
  }),
  /** 样板乡镇（街道、园区）数量（个）, by 样板层级: cumulative since January of the campaign year (注7 "其余"). */
  modelTowns: group('样板乡镇（街道、园区）数量（个）', 'Model townships (streets, parks)', {
    /** 市级 */
    city: count('市级', 'City level', '个', Y),
    /** 县级 */
    county: count('县级', 'County level', '个', Y),
    /** 乡级 */
    township: count('乡级', 'Township level', '个', Y),
  }),
  /** 标杆数量（家）, by 标杆层级 (市级, 县级) and size: cumulative since 2021-08 (注7). */
  benchmarks: group('标杆数量（家）', 'Benchmark enterprises', {
    /** 市级 */
    city: bySize('市级', 'City level', '家', P),
    /** 县级 */
    county: bySize('县级', 'County level', '家', P),
  }),
  /** 评审达标数量（家）, by size: cumulative since January of the campaign year (注7 "其余"). */
  reviewedCompliance: bySize('评审达标数量（家）', 'Compliant after formal review', '家', Y),
  /** 示范岗位（个）, by 示范层级: cumulative since January of the campaign year (注7 "其余"). */
  modelPosts: group('示范岗位（个）', 'Model posts', {
    /** 市级 */
    city: modelPostsAt('市级', 'City level'),
    /** 县级 */
    county: modelPostsAt('县级', 'County level'),
    /** 乡级 */
    township: modelPostsAt('乡级', 'Township level'),
  }),
});

/** 附件4 安全生产标准化提升专项行动固本强基进展情况月报表（二）. */
export const Annex4Schema = group('月报表（二）', 'Monthly progress table 2 (annex 4)', {
  /** 企业优化完善“四项规范”（份）: cumulative since January of the campaign year (注3). */
  fourSpecifications: group('企业优化完善“四项规范”（份）', 'Enterprises\' "four specifications" documents', {
    /** 安全检查清单（份） */
    safetyChecklists: count('安全检查清单（份）', 'Safety checklists', '份', Y),
    /** 安全风险管控导则（份） */
    riskControlGuides: count('安全风险管控导则（份）', 'Risk-control guides', '份', Y),
    /** 达标细则（份） */
    complianceRules: count('达标细则（份）', 'Compliance rules', '份', Y),
    /** 提升指南（份） */
    improvementGuides: count('提升指南（份）', 'Improvement guides', '份', Y),
  }),
  /** 落实“一企一策”数量: cumulative since 2021-08, except the two hazard counts (since January, 注3). */
  oneEnterpriseOnePolicy: group('落实“一企一策”数量', 'One enterprise, one policy', {
    /** 健全三张清单 */
    threeLists: group('健全三张清单', 'Three lists (hazard management)', {
      /** 企业数量（家） */
      enterprises: count('企业数量（家）', 'Enterprises', '家', P),
      /** 自查隐患数量（条） */
      selfFoundHazards: count('自查隐患数量（条）', 'Hazards found by self-inspection', '条', Y),
      /** 整改隐患数量（条）: not more than 自查隐患数量 */
      rectifiedHazards: count('整改隐患数量（条）', 'Hazards rectified', '条', Y),
    }),
    /** 四色安全风险分级动态监管: red + orange + yellow + blue = 企业数量 */
    fourColourRisk: group('四色安全风险分级动态监管', 'Four-colour risk supervision', {
      /** 企业数量（家） */
      enterprises: count('企业数量（家）', 'Enterprises', '家', P),
      /** 红色风险企业（家） */
      red: count('红色风险企业（家）', 'Red (major risk)', '家', P),
      /** 橙色风险企业（家） */
      orange: count('橙色风险企业（家）', 'Orange (larger risk)', '家', P),
      /** 黄色风险企业（家） */
      yellow: count('黄色风险企业（家）', 'Yellow (general risk)', '家', P),
      /** 蓝色风险企业（家） */
      blue: count('蓝色风险企业（家）', 'Blue (low risk)', '家', P),
    }),
    /** 强化5S现场管理（家） */
    fiveS: count('强化5S现场管理（家）', '5S site management', '家', P),
    /** 完善六有可视化警示标识（家） */
    sixHavesSignage: count('完善六有可视化警示标识（家）', '"Six haves" visual warning signage', '家', P),
  }),
  /** 执法激励约束: cumulative since January of the campaign year (注3). */
  enforcement: group('执法激励约束', 'Enforcement, incentives and constraints', {
    /** 检查企业（家次） */
    inspectedEnterprises: count('检查企业（家次）', 'Enterprises inspected', '家次', Y),
    /** 发现隐患（条） */
    hazardsFound: count('发现隐患（条）', 'Hazards found', '条', Y),
    /** 督促整改隐患（条）: not more than 发现隐患 */
    hazardsRectified: count('督促整改隐患（条）', 'Hazards rectified on order', '条', Y),
    /** 重大隐患挂牌督办 */
    majorHazards: group('重大隐患挂牌督办', 'Major hazards under listed supervision', {
      /** 企业数（家次） */
      enterprises: count('企业数（家次）', 'Enterprises', '家次', Y),
      /** 隐患数（条） */
      hazards: count('隐患数（条）', 'Hazards', '条', Y),
      /** 整改数（条）: not more than 隐患数 */
      rectified: count('整改数（条）', 'Rectified', '条', Y),
    }),
    /** 罚款 */
    fines: group('罚款', 'Fines', {
      /** 企业数（家次） */
      enterprises: count('企业数（家次）', 'Enterprises fined', '家次', Y),
      /** 金额（万元） */
      amount: amount10kYuan('金额（万元）', 'Amount', Y),
    }),
    /** 责令停产停业整顿（家次） */
    suspendedForRectification: count('责令停产停业整顿（家次）', 'Ordered to suspend for rectification', '家次', Y),
    /** 暂扣或吊销证照企业（家次） */
    licencesSuspendedOrRevoked: count('暂扣或吊销证照企业（家次）', 'Licences suspended or revoked', '家次', Y),
    /** 取缔关闭企业（家次） */
    closedDown: count('取缔关闭企业（家次）', 'Banned and closed', '家次', Y),
    /** 移送司法机关（人次） */
    referredToJudiciary: count('移送司法机关（人次）', 'Persons referred to judicial organs', '人次', Y),
    /** 曝光典型案例企业（家次） */
    typicalCasesExposed: count('曝光典型案例企业（家次）', 'Typical cases exposed', '家次', Y),
    /** 约谈警示企业（家次） */
    warningTalks: count('约谈警示企业（家次）', 'Warning talks', '家次', Y),
    /** 激励单位（家次） */
    incentivisedUnits: count('激励单位（家次）', 'Units incentivised', '家次', Y),
    /** 约束单位（家次） */
    constrainedUnits: count('约束单位（家次）', 'Units constrained', '家次', Y),
  }),
});

/** Both tables of one reporting unit for one month. */
export const MonthlyTablesSchema = Type.Object(
  {
    /** 附件3 月报表（一） */
    annex3: Annex3Schema,
    /** 附件4 月报表（二） */
    annex4: Annex4Schema,
  },
  {
    additionalProperties: false,
    title: '固本强基进展情况月报表（一）（二）',
    description:
      'Monthly progress tables (annex 3 and 4). Every cell is required: a blank is an error, none is 0. Counts are ' +
      'non-negative integers; the fine amount is in 10,000 yuan with at most 4 decimals.',
  },
);

export type Annex3 = Static<typeof Annex3Schema>;
export type Annex4 = Static<typeof Annex4Schema>;
export type MonthlyTables = Static<typeof MonthlyTablesSchema>;

type LeafPaths<T, P extends string> = {
  [K in keyof T & string]: T[K] extends number ? `${P}${K}` : LeafPaths<T[K], `${P}${K}.`>;
}[keyof T & string];

/** The dotted path of one cell, e.g. 'annex3.enterprises.total' or 'annex4.enforcement.fines.amount'. */
export type FieldPath = LeafPaths<MonthlyTables, ''>;
