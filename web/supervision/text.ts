// Every label of the supervision records page ("监管记录" / "Supervision records"), in both languages. The shell's
// words (roles, pickers, read-only) are in web/shared/shell-text.ts.
import type { Language } from '../shared/shell-text.js';
import type { HazardState } from './api-types.js';

type Labels<K extends string> = Readonly<Record<K, string>>;

export interface SupervisionText {
  title: string;
  fixFields: string;
  /** Between the items of a list of names. */
  listSep: string;
  campaignLine: (name: string, status: string, today: string) => string;
  hazardsTitle: string;
  noHazards: string;
  hazardColumns: Labels<'enterprise' | 'description' | 'found' | 'rectifyBy' | 'state' | 'actions'>;
  hazardState: Labels<HazardState>;
  major: string;
  rectifiedOn: (day: string) => string;
  verifiedOn: (day: string, by: string) => string;
  rectifiedOnLabel: string;
  rectifyButton: string;
  rectified: (description: string) => string;
  verifiedOnLabel: string;
  verifyButton: string;
  verified: (description: string) => string;
  inspectionsTitle: string;
  noInspections: string;
  inspectionColumns: Labels<'enterprise' | 'date' | 'inspectors' | 'result'>;
  result: Labels<'compliant' | 'hazards-found'>;
  visitsTitle: string;
  noVisits: string;
  visitColumns: Labels<'enterprise' | 'date' | 'team' | 'topics' | 'state'>;
  visitState: Labels<'planned' | 'made'>;
  topics: Labels<'three-types' | 'three-lists' | 'four-colour' | 'five-s' | 'six-haves'>;
  inspectionFormTitle: string;
  inspectionFormHint: string;
  enterprise: string;
  chooseEnterprise: string;
  inspectedOn: string;
  inspectors: string;
  inspectorsHint: string;
  note: string;
  hazardLegend: (n: number) => string;
  hazardDescription: string;
  hazardMajor: string;
  hazardRectifyBy: string;
  addHazard: string;
  removeHazard: string;
  recordInspection: string;
  inspectionRecorded: (enterprise: string, hazards: number) => string;
}

export const TEXT: Readonly<Record<Language, SupervisionText>> = {
  'zh-CN': {
    title: '监管记录',
    fixFields: '请更正下方标出的栏目。',
    listSep: '、',
    campaignLine: (name, status, today) => `${name}（${status}）· 隐患状态按 ${today} 判定`,
    hazardsTitle: '隐患',
    noHazards: '本所还没有登记隐患。',
    hazardColumns: {
      enterprise: '企业',
      description: '隐患描述',
      found: '发现日期',
      rectifyBy: '整改期限',
      state: '状态',
      actions: '操作',
    },
    hazardState: {
      open: '待整改',
      overdue: '逾期未整改',
      rectified: '已整改',
      'awaiting-verification': '已整改待销号',
      verified: '已销号',
    },
    major: '重大隐患',
    rectifiedOn: (day) => `整改完成：${day}`,
    verifiedOn: (day, by) => `销号：${day}（${by}）`,
    rectifiedOnLabel: '整改完成日期',
    rectifyButton: '登记整改',
    rectified: (d) => `已登记整改：${d}`,
    verifiedOnLabel: '销号日期',
    verifyButton: '销号',
    verified: (d) => `已销号：${d}`,
    inspectionsTitle: '监督检查',
    noInspections: '本所还没有登记检查。',
    inspectionColumns: { enterprise: '企业', date: '检查日期', inspectors: '检查人员', result: '结果' },
    result: { compliant: '未发现隐患', 'hazards-found': '发现隐患' },
    visitsTitle: '指导帮扶',
    noVisits: '本所还没有计划指导帮扶。',
    visitColumns: { enterprise: '企业', date: '日期', team: '帮扶人员', topics: '内容', state: '状态' },
    visitState: { planned: '已计划', made: '已完成' },
    topics: {
      'three-types': '三类企业',
      'three-lists': '三张清单',
      'four-colour': '四色',
      'five-s': '5S',
      'six-haves': '六有',
    },
    inspectionFormTitle: '登记检查',
    inspectionFormHint: '检查和发现的隐患一并登记：任何一项有误则都不保存。',
    enterprise: '企业',
    chooseEnterprise: '请选择企业',
    inspectedOn: '检查日期',
    inspectors: '检查人员',
    inspectorsHint: '多人用逗号分隔。',
    note: '备注（可不填）',
    hazardLegend: (n) => `隐患 ${n}`,
    hazardDescription: '隐患描述',
    hazardMajor: '重大隐患（挂牌督办）',
    hazardRectifyBy: '整改期限',
    addHazard: '添加隐患',
    removeHazard: '删除此隐患',
    recordInspection: '登记检查',
    inspectionRecorded: (e, n) => (n > 0 ? `已登记检查：${e}，隐患 ${n} 项` : `已登记检查：${e}，未发现隐患`),
  },
  en: {
    title: 'Supervision records',
    fixFields: 'Correct the fields marked below.',
    listSep: ', ',
    campaignLine: (name, status, today) => `${name} (${status}) · hazards' states as of ${today}`,
    hazardsTitle: 'Hazards',
    noHazards: 'No hazard recorded for this office yet.',
    hazardColumns: {
      enterprise: 'Enterprise',
      description: 'Description',
      found: 'Found',
      rectifyBy: 'Rectify by',
      state: 'State',
      actions: 'Actions',
    },
    hazardState: {
      open: 'Open',
      overdue: 'Overdue',
      rectified: 'Rectified',
      'awaiting-verification': 'Awaiting verification',
      verified: 'Verified',
    },
    major: 'Major hazard',
    rectifiedOn: (day) => `Rectified on ${day}`,
    verifiedOn: (day, by) => `Verified on ${day} (${by})`,
    rectifiedOnLabel: 'Rectified on',
    rectifyButton: 'Record rectification',
    rectified: (d) => `Rectification recorded: ${d}`,
    verifiedOnLabel: 'Verified on',
    verifyButton: 'Verify',
    verified: (d) => `Verified: ${d}`,
    inspectionsTitle: 'Inspections',
    noInspections: 'No inspection recorded for this office yet.',
    inspectionColumns: { enterprise: 'Enterprise', date: 'Date', inspectors: 'Inspectors', result: 'Result' },
    result: { compliant: 'Compliant', 'hazards-found': 'Hazards found' },
    visitsTitle: 'Guidance visits',
    noVisits: 'No guidance visit planned for this office yet.',
    visitColumns: { enterprise: 'Enterprise', date: 'Date', team: 'Team', topics: 'Topics', state: 'State' },
    visitState: { planned: 'Planned', made: 'Made' },
    topics: {
      'three-types': 'Three types',
      'three-lists': 'Three lists',
      'four-colour': 'Four colours',
      'five-s': '5S',
      'six-haves': 'Six haves',
    },
    inspectionFormTitle: 'Record an inspection',
    inspectionFormHint: 'The inspection and the hazards it found are recorded together: if any is wrong, none is.',
    enterprise: 'Enterprise',
    chooseEnterprise: 'Choose an enterprise',
    inspectedOn: 'Inspected on',
    inspectors: 'Inspectors',
    inspectorsHint: 'Separate names with commas.',
    note: 'Note (optional)',
    hazardLegend: (n) => `Hazard ${n}`,
    hazardDescription: 'Description',
    hazardMajor: 'Major hazard (listed supervision)',
    hazardRectifyBy: 'Rectify by',
    addHazard: 'Add a hazard',
    removeHazard: 'Remove this hazard',
    recordInspection: 'Record inspection',
    inspectionRecorded: (e, n) =>
      n > 0 ? `Inspection recorded: ${e}, ${n} hazard${n === 1 ? '' : 's'}` : `Inspection recorded: ${e}, compliant`,
  },
};
