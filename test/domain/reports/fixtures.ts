import { buildTables, type FieldPath, type MonthlyTables } from '../../../domain/reports/index.js';

/** A consistent, non-trivial report: every relation holds and every cell has a distinct value. */
export function sampleTables(): MonthlyTables {
  const t = buildTables((f) => (f.kind === 'count' ? 1 : 1.5));
  t.annex3.enterprises = { total: 60, aboveSize: 10, medium: 20, smallMicro: 30 };
  t.annex3.standardization.national.level1 = 2;
  t.annex4.oneEnterpriseOnePolicy.threeLists = { enterprises: 40, selfFoundHazards: 120, rectifiedHazards: 110 };
  t.annex4.oneEnterpriseOnePolicy.fourColourRisk = { enterprises: 50, red: 2, orange: 8, yellow: 15, blue: 25 };
  t.annex4.enforcement.hazardsFound = 80;
  t.annex4.enforcement.hazardsRectified = 75;
  t.annex4.enforcement.majorHazards = { enterprises: 3, hazards: 4, rectified: 2 };
  t.annex4.enforcement.fines = { enterprises: 5, amount: 12.3456 };
  return t;
}

/** A deep copy as plain JSON (what an API body looks like), with optional cells replaced. */
export function asInput(
  t: MonthlyTables,
  overrides: Partial<Record<FieldPath, unknown>> = {},
): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(t)) as Record<string, unknown>;
  for (const [path, value] of Object.entries(overrides)) setPath(copy, path, value);
  return copy;
}

export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = obj;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1] as string] = value;
}

export function deletePath(obj: Record<string, unknown>, path: string): void {
  const keys = path.split('.');
  let node = obj;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  delete node[keys[keys.length - 1] as string];
}
