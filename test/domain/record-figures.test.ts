import { describe, expect, it } from 'vitest';
import {
  buildTables,
  CONSISTENCY_RULES,
  FIELD_CATALOGUE,
  type FieldPath,
  prefillCells,
  validateMonthlyTables,
} from '../../domain/reports/index.js';
import {
  figureDeviations,
  figuresFromRecords,
  type OfficeRecords,
  RECORD_FIELDS,
  type RecordedAction,
  type RecordedHazard,
  reportedFigures,
} from '../../domain/reports/record-figures.js';
import type { AssessedEnterprise } from '../../domain/supervision/inspection-cycles.js';

const E = 'annex4.enforcement';
const P = 'annex4.oneEnterpriseOnePolicy';
const YEAR = 2024;

const none: OfficeRecords = { inspections: [], hazards: [], actions: [], enterprises: [] };
const records = (more: Partial<OfficeRecords>): OfficeRecords => ({ ...none, ...more });
const figures = (r: OfficeRecords, month = '2024-06', campaignYear = YEAR) =>
  figuresFromRecords(r, { month, campaignYear });

const hazard = (more: Partial<RecordedHazard> = {}): RecordedHazard => ({
  enterpriseId: 'e1',
  source: 'inspection',
  major: false,
  foundOn: '2024-05-10',
  rectifiedOn: null,
  verifiedOn: null,
  ...more,
});
const action = (kind: string, takenOn = '2024-05-10', more: Partial<RecordedAction> = {}): RecordedAction => ({
  kind,
  takenOn,
  fineYuan: null,
  persons: null,
  ...more,
});
const enterprise = (colour: AssessedEnterprise['colour'], assessments: AssessedEnterprise['assessments'] = []) => ({
  colour,
  standardization: 'in-progress' as const,
  assessments,
});
const assessment = (
  assessedOn: string,
  previousColour: AssessedEnterprise['colour'],
  colour: AssessedEnterprise['colour'],
) => ({
  assessedOn,
  colour,
  previousColour,
  standardization: 'in-progress' as const,
  previousStandardization: 'in-progress' as const,
});

describe('figuresFromRecords: which cells the records determine', () => {
  it('determines every annex 4 enforcement cell, the self-found hazards and the four-colour counts, and no annex 3 cell', () => {
    const enforcement = FIELD_CATALOGUE.filter((f) => f.path.startsWith(`${E}.`)).map((f) => f.path);
    expect(RECORD_FIELDS).toEqual([
      `${P}.threeLists.selfFoundHazards`,
      `${P}.threeLists.rectifiedHazards`,
      `${P}.fourColourRisk.enterprises`,
      `${P}.fourColourRisk.red`,
      `${P}.fourColourRisk.orange`,
      `${P}.fourColourRisk.yellow`,
      `${P}.fourColourRisk.blue`,
      ...enforcement,
    ]);
    expect([...figures(none).keys()]).toEqual(RECORD_FIELDS);
  });

  it('no records: every determined figure is 0', () => {
    expect([...figures(none).values()].every((v) => v === 0)).toBe(true);
  });
});

describe('figuresFromRecords: the enforcement block counts since January of the campaign year (注3)', () => {
  it('inspectedEnterprises counts inspections (家次) from January 1 to the last day of the month, each one', () => {
    const r = records({
      inspections: [
        { inspectedOn: '2023-12-31' }, // before the campaign year
        { inspectedOn: '2024-01-01' },
        { inspectedOn: '2024-06-30' },
        { inspectedOn: '2024-06-30' }, // the same day twice: two inspections
        { inspectedOn: '2024-07-01' }, // after the month
      ],
    });
    expect(figures(r).get(`${E}.inspectedEnterprises`)).toBe(3);
    expect(figures(r, '2024-07').get(`${E}.inspectedEnterprises`)).toBe(4);
  });

  it('the year-start base comes from cumulativeBaseMonth: a 2025 campaign counts nothing of 2024', () => {
    const r = records({ inspections: [{ inspectedOn: '2024-12-31' }, { inspectedOn: '2025-01-02' }] });
    expect(figures(r, '2025-01', 2025).get(`${E}.inspectedEnterprises`)).toBe(1);
  });

  it('a month before the base month counts nothing', () => {
    const r = records({ inspections: [{ inspectedOn: '2023-12-01' }] });
    expect(figures(r, '2023-12', 2024).get(`${E}.inspectedEnterprises`)).toBe(0);
  });

  it('hazardsFound counts hazards found by inspection in range, not self-reported ones', () => {
    const r = records({
      hazards: [
        hazard(),
        hazard({ foundOn: '2024-06-30' }),
        hazard({ source: 'self-report' }),
        hazard({ foundOn: '2024-07-01' }),
        hazard({ foundOn: '2023-11-30' }),
      ],
    });
    expect(figures(r).get(`${E}.hazardsFound`)).toBe(2);
  });

  it('hazardsRectified counts the hazards found that were rectified by the end of the month', () => {
    const r = records({
      hazards: [
        hazard({ rectifiedOn: '2024-05-20' }),
        hazard({ rectifiedOn: '2024-06-30' }),
        hazard({ rectifiedOn: '2024-07-01' }), // rectified later
        hazard({ rectifiedOn: null }),
        hazard({ foundOn: '2023-12-01', rectifiedOn: '2024-01-05' }), // found before the year: not counted
        hazard({ source: 'self-report', rectifiedOn: '2024-05-20' }),
      ],
    });
    const f = figures(r);
    expect(f.get(`${E}.hazardsFound`)).toBe(4);
    expect(f.get(`${E}.hazardsRectified`)).toBe(2);
  });

  it('majorHazards: distinct enterprises, major hazards of any source, and rectified = verified (销号) by month end', () => {
    const r = records({
      hazards: [
        hazard({ enterpriseId: 'e1', major: true, rectifiedOn: '2024-05-12', verifiedOn: '2024-05-15' }),
        hazard({ enterpriseId: 'e1', major: true, rectifiedOn: '2024-06-01', verifiedOn: null }), // not yet verified
        hazard({ enterpriseId: 'e2', major: true, source: 'self-report', verifiedOn: '2024-07-02' }), // verified later
        hazard({ enterpriseId: 'e3', major: true, foundOn: '2023-12-30', verifiedOn: '2024-01-10' }), // before the year
        hazard({ enterpriseId: 'e4', major: false }),
      ],
    });
    const f = figures(r);
    expect(f.get(`${E}.majorHazards.enterprises`)).toBe(2);
    expect(f.get(`${E}.majorHazards.hazards`)).toBe(3);
    expect(f.get(`${E}.majorHazards.rectified`)).toBe(1);
  });

  it('fines: enterprises = fine actions (家次); amount = whole yuan summed, in 万元 exactly', () => {
    const r = records({
      actions: [
        action('fine', '2024-02-01', { fineYuan: 1123 }),
        action('fine', '2024-03-01', { fineYuan: 2 }),
        action('fine', '2024-06-30', { fineYuan: 10_000 }),
        action('fine', '2024-07-01', { fineYuan: 99_999 }), // after the month
        action('warning-talk', '2024-03-01', { fineYuan: 5 }), // not a fine
      ],
    });
    const f = figures(r);
    expect(f.get(`${E}.fines.enterprises`)).toBe(3);
    expect(f.get(`${E}.fines.amount`)).toBe(1.1125);
    // 0.1 + 0.2 in 万元 would not be 0.3; summed in yuan first it is.
    const tenths = records({
      actions: [action('fine', '2024-01-02', { fineYuan: 1000 }), action('fine', '2024-01-03', { fineYuan: 2000 })],
    });
    expect(figures(tenths).get(`${E}.fines.amount`)).toBe(0.3);
  });

  it('referredToJudiciary sums the persons of the judicial referrals (人次)', () => {
    const r = records({
      actions: [
        action('judicial-referral', '2024-04-01', { persons: 2 }),
        action('judicial-referral', '2024-05-01', { persons: 3 }),
        action('judicial-referral', '2024-05-02', { persons: null }),
        action('judicial-referral', '2024-08-01', { persons: 7 }),
      ],
    });
    expect(figures(r).get(`${E}.referredToJudiciary`)).toBe(5);
  });

  it('every other action counts once under its kind: suspension, licence, closure, exposed case, warning talk, incentive, constraint', () => {
    const kinds: [string, FieldPath, number][] = [
      ['suspension', `${E}.suspendedForRectification`, 1],
      ['licence', `${E}.licencesSuspendedOrRevoked`, 2],
      ['closure', `${E}.closedDown`, 3],
      ['exposed-case', `${E}.typicalCasesExposed`, 4],
      ['warning-talk', `${E}.warningTalks`, 5],
      ['incentive', `${E}.incentivisedUnits`, 6],
      ['constraint', `${E}.constrainedUnits`, 7],
    ];
    const actions = kinds.flatMap(([kind, , n]) => [
      ...Array.from({ length: n }, () => action(kind)),
      action(kind, '2023-12-31'),
      action(kind, '2024-07-01'),
    ]);
    actions.push(action('something-else'));
    const f = figures(records({ actions }));
    for (const [kind, path, n] of kinds) expect(f.get(path), kind).toBe(n);
  });
});

describe('figuresFromRecords: one enterprise, one policy', () => {
  it('selfFoundHazards counts self-reported hazards found since January; rectifiedHazards those rectified by month end', () => {
    const r = records({
      hazards: [
        hazard({ source: 'self-report', rectifiedOn: '2024-06-10' }),
        hazard({ source: 'self-report', rectifiedOn: '2024-07-10' }),
        hazard({ source: 'self-report', foundOn: '2024-07-01' }),
        hazard({ source: 'self-report', foundOn: '2023-12-01', rectifiedOn: '2024-01-01' }),
        hazard({ source: 'inspection', rectifiedOn: '2024-06-10' }),
      ],
    });
    const f = figures(r);
    expect(f.get(`${P}.threeLists.selfFoundHazards`)).toBe(2);
    expect(f.get(`${P}.threeLists.rectifiedHazards`)).toBe(1);
  });

  it('four-colour counts: the colour in effect on the last day of the month, by the latest assessment on or before it', () => {
    const r = records({
      enterprises: [
        enterprise('blue'), // no assessment: the register colour
        enterprise('orange', [assessment('2024-03-01', 'red', 'orange')]), // assessed before: orange
        enterprise('yellow', [assessment('2024-07-15', 'red', 'yellow')]), // assessed after: its previous colour, red
        enterprise('blue', [
          assessment('2024-02-01', 'yellow', 'orange'),
          assessment('2024-06-30', 'orange', 'blue'), // on the last day: in effect
          assessment('2024-08-01', 'blue', 'red'),
        ]),
        enterprise('red', [assessment('2024-05-01', 'blue', 'red')]),
      ],
    });
    const f = figures(r);
    expect(f.get(`${P}.fourColourRisk.red`)).toBe(2);
    expect(f.get(`${P}.fourColourRisk.orange`)).toBe(1);
    expect(f.get(`${P}.fourColourRisk.yellow`)).toBe(0);
    expect(f.get(`${P}.fourColourRisk.blue`)).toBe(2);
    expect(f.get(`${P}.fourColourRisk.enterprises`)).toBe(5);
    // A month later the July re-assessment holds.
    expect(figures(r, '2024-07').get(`${P}.fourColourRisk.yellow`)).toBe(1);
  });
});

/** Tables with the records' figures and 0 elsewhere (every annex 3 cell is 0, so its own rules hold). */
const tablesOf = (f: Map<FieldPath, number>) => buildTables((spec) => f.get(spec.path) ?? 0);

describe("figuresFromRecords against the table's own rules (validate.ts)", () => {
  const busy = records({
    inspections: [{ inspectedOn: '2024-02-01' }, { inspectedOn: '2024-05-01' }],
    hazards: [
      hazard({ rectifiedOn: '2024-05-02' }),
      hazard({ major: true, enterpriseId: 'e2', verifiedOn: '2024-06-01' }),
      hazard({ major: true, enterpriseId: 'e2', source: 'self-report' }),
      hazard({ source: 'self-report', rectifiedOn: '2024-06-02' }),
    ],
    actions: [
      action('fine', '2024-03-03', { fineYuan: 3500 }),
      action('judicial-referral', '2024-04-04', { persons: 1 }),
    ],
    enterprises: [enterprise('red'), enterprise('blue', [assessment('2024-04-01', 'orange', 'blue')])],
  });

  it('the figures of well-formed records meet every consistency rule (rectified ≤ found, colours sum to the total, …)', () => {
    for (const month of ['2024-01', '2024-03', '2024-06', '2024-12']) {
      const result = validateMonthlyTables(tablesOf(figures(busy, month)), { month });
      expect(result.ok ? [] : result.errors, month).toEqual([]);
    }
    expect(CONSISTENCY_RULES.length).toBeGreaterThan(0);
  });

  it('cannot meet "enterprises fined need a fine amount" when a fine is recorded without an amount', () => {
    const f = figures(records({ actions: [action('fine', '2024-03-03', { fineYuan: null })] }));
    expect(f.get(`${E}.fines.enterprises`)).toBe(1);
    expect(f.get(`${E}.fines.amount`)).toBe(0);
    const result = validateMonthlyTables(tablesOf(f), { month: '2024-06' });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual([`${E}.fines.amount`]);
  });

  it('a re-assessment lowers a colour count, which the cumulative check (since the programme start) then refuses without a correction reason', () => {
    const r = records({ enterprises: [enterprise('blue', [assessment('2024-06-10', 'red', 'blue')])] });
    const may = tablesOf(figures(r, '2024-05'));
    const june = tablesOf(figures(r, '2024-06'));
    const result = validateMonthlyTables(june, { month: '2024-06', previous: may });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual([`${P}.fourColourRisk.red`]);
    expect(validateMonthlyTables(june, { month: '2024-06', previous: may, correctionReason: '重新评估' }).ok).toBe(
      true,
    );
  });
});

describe('figureDeviations: a reported figure beside the computed one', () => {
  const computed = new Map<FieldPath, number>([
    [`${E}.inspectedEnterprises`, 3],
    [`${E}.fines.amount`, 1.5],
  ]);
  const reported = (values: Partial<Record<FieldPath, unknown>>) =>
    reportedFigures(
      buildTables((f) => (values[f.path] ?? 0) as number),
      [...computed.keys()],
    );

  it('equal figures need no reason and give no deviation', () => {
    const result = figureDeviations(
      computed,
      reported({ [`${E}.inspectedEnterprises`]: 3, [`${E}.fines.amount`]: 1.5 }),
      undefined,
    );
    expect(result).toEqual({ deviations: [], errors: [] });
  });

  it('amounts are compared to the yuan: 1.5 reported as 1.50000000001 is equal', () => {
    const result = figureDeviations(
      computed,
      reported({ [`${E}.inspectedEnterprises`]: 3, [`${E}.fines.amount`]: 1.5000000000001 }),
      {},
    );
    expect(result.errors).toEqual([]);
  });

  it('a differing figure without a reason is an error on its cell naming the computed value', () => {
    const result = figureDeviations(
      computed,
      reported({ [`${E}.inspectedEnterprises`]: 3, [`${E}.fines.amount`]: 2 }),
      {
        [`${E}.fines.amount`]: '   ',
      },
    );
    expect(result.errors).toEqual([
      {
        path: `${E}.fines.amount`,
        message: expect.stringContaining('differs from the records (computed 1.5)') as string,
      },
    ]);
  });

  it('a differing figure with a reason is a deviation keeping both values and the reason', () => {
    const result = figureDeviations(
      computed,
      reported({ [`${E}.inspectedEnterprises`]: 4, [`${E}.fines.amount`]: 1.5 }),
      {
        [`${E}.inspectedEnterprises`]: ' 一次检查未录入系统 ',
      },
    );
    expect(result).toEqual({
      deviations: [{ path: `${E}.inspectedEnterprises`, computed: 3, reported: 4, reason: '一次检查未录入系统' }],
      errors: [],
    });
  });

  it('a reason for an equal figure, for a cell the records do not determine or for no cell is an error on that reason', () => {
    const result = figureDeviations(
      computed,
      reported({ [`${E}.inspectedEnterprises`]: 3, [`${E}.fines.amount`]: 1.5 }),
      {
        [`${E}.inspectedEnterprises`]: 'no need',
        'annex3.enterprises.total': 'not computed',
        'annex9.nothing': 'no such cell',
      },
    );
    expect(result.errors.map((e) => e.path).sort()).toEqual([
      'figureReasons.annex3.enterprises.total',
      `figureReasons.${E}.inspectedEnterprises`,
      'figureReasons.annex9.nothing',
    ]);
  });

  it('reasons must be an object of plain texts', () => {
    const r = reported({ [`${E}.inspectedEnterprises`]: 3, [`${E}.fines.amount`]: 1.5 });
    expect(figureDeviations(computed, r, ['x']).errors.map((e) => e.path)).toEqual(['figureReasons']);
    expect(figureDeviations(computed, r, { [`${E}.fines.amount`]: 5 }).errors.map((e) => e.path)).toEqual([
      `figureReasons.${E}.fines.amount`,
    ]);
    expect(figureDeviations(computed, r, { [`${E}.fines.amount`]: 'a\u0000b' }).errors[0]?.message).toContain(
      'control characters',
    );
  });

  it('without records (no supervision) no figure is compared and any reason is an error', () => {
    const r = reported({ [`${E}.inspectedEnterprises`]: 9 });
    expect(figureDeviations(undefined, r, undefined)).toEqual({ deviations: [], errors: [] });
    expect(figureDeviations(undefined, r, { [`${E}.inspectedEnterprises`]: 'x' }).errors[0]?.message).toContain(
      'keeps no supervision records',
    );
  });

  it('an invalid reported cell is left to the table validation', () => {
    const r = reportedFigures({ annex4: { enforcement: { inspectedEnterprises: 'three' } } }, [...computed.keys()]);
    expect(figureDeviations(computed, r, undefined).errors).toEqual([]);
  });
});

describe('prefillCells with the records (sent > records > register > previous)', () => {
  const register = [{ sizeClass: 'small-micro', riskColour: 'red' }];
  const recordFigures = figures(
    records({ inspections: [{ inspectedOn: '2024-03-01' }], enterprises: [enterprise('blue')] }),
  );

  it('records fill the cells they determine, before the register and the previous report', () => {
    const previous = tablesOf(new Map([[`${E}.inspectedEnterprises`, 9]]));
    previous.annex3.standardization.national.level1 = 4;
    const cells = prefillCells({
      month: '2024-06',
      register,
      records: recordFigures,
      previous: { period: '2024-05', tables: previous },
    });
    expect(cells.get(`${E}.inspectedEnterprises`)).toEqual({ value: 1, from: 'records' });
    expect(cells.get(`${P}.fourColourRisk.blue`)).toEqual({ value: 1, from: 'records' });
    expect(cells.get(`${P}.fourColourRisk.red`)).toEqual({ value: 0, from: 'records' });
    expect(cells.get('annex3.enterprises.smallMicro')).toEqual({ value: 1, from: 'register' });
    expect(cells.get('annex3.standardization.national.level1')).toEqual({ value: 4, from: 'previous' });
  });

  it('the version sent fills every cell, records or not', () => {
    const sent = tablesOf(new Map([[`${E}.inspectedEnterprises`, 7]]));
    const cells = prefillCells({ month: '2024-06', register, records: recordFigures, sent });
    expect(cells.get(`${E}.inspectedEnterprises`)).toEqual({ value: 7, from: 'sent' });
    expect([...cells.values()].every((c) => c.from === 'sent')).toBe(true);
  });
});
