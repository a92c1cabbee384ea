// The figures of the report form: what each input holds, as the JSON the API takes, and the checks shown beside
// the cells as one types (a total against the sum of its parts, a part above its whole). The checks only mark what
// looks wrong before sending; the server stays the judge and names every error at its cell.
import type { ConsistencyRule, FieldSpec } from './api-types.js';
import type { ReportText } from './text.js';

/**
 * What a person typed, as the API takes it: a number (full-width digits and thousands separators read as the number
 * they show); null for a blank, which the server refuses at its cell ("enter 0 for none"); anything else as the text
 * itself, which the server refuses naming it.
 */
export function cellValue(raw: string): number | string | null {
  const text = raw.normalize('NFKC').replace(/[\s,]/g, '');
  if (text === '') return null;
  return /^-?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : raw.trim();
}

/** The figure an input holds, if it holds one. */
function numberIn(input: HTMLInputElement | undefined): number | undefined {
  if (!input) return undefined;
  const value = cellValue(input.value);
  return typeof value === 'number' ? value : undefined;
}

/** The tables as the API's JSON: every cell at its path ('annex3.enterprises.total' → { annex3: { enterprises: … } }). */
export function tablesOf(inputs: ReadonlyMap<string, HTMLInputElement>): Record<string, unknown> {
  const tables: Record<string, unknown> = {};
  for (const [path, input] of inputs) {
    const keys = path.split('.');
    let node = tables;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1] ?? path] = cellValue(input.value);
  }
  return tables;
}

/** The value at a dotted path of the tables the API sent, if it is a number. */
export function cellOf(tables: unknown, path: string): number | undefined {
  let node: unknown = tables;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'number' ? node : undefined;
}

/** A sum as people write it: no float noise (at most 4 decimals, as 万元 amounts have). */
function formatNumber(n: number): string {
  return String(Math.round(n * 10_000) / 10_000);
}

export interface CheckView {
  x: ReportText;
  root: ParentNode;
  inputs: ReadonlyMap<string, HTMLInputElement>;
  fields: ReadonlyMap<string, FieldSpec>;
  rules: readonly ConsistencyRule[];
  /** A cell's short name in the language shown (for "more than …"). */
  shortLabel: (spec: FieldSpec) => string;
}

/** Draws every check again from what the inputs hold now. */
export function showChecks(view: CheckView): void {
  const { x, inputs } = view;
  const found = new Map<string, { text: string; mismatch: boolean }[]>();
  const add = (path: string, text: string, mismatch: boolean) =>
    found.set(path, [...(found.get(path) ?? []), { text, mismatch }]);
  for (const rule of view.rules) {
    if (rule.kind === 'sum') {
      const parts = rule.parts.map((p) => numberIn(inputs.get(p)));
      if (parts.some((p) => p === undefined)) continue;
      const sum = (parts as number[]).reduce((a, b) => a + b, 0);
      const total = numberIn(inputs.get(rule.total));
      const mismatch = total !== undefined && Math.abs(total - sum) > 1e-9;
      add(rule.total, (mismatch ? x.partsMismatch : x.partsAddUp)(formatNumber(sum)), mismatch);
    } else if (rule.kind === 'notAbove') {
      const part = numberIn(inputs.get(rule.part));
      const whole = numberIn(inputs.get(rule.whole));
      const spec = view.fields.get(rule.whole);
      if (part === undefined || whole === undefined || part <= whole || !spec) continue;
      add(rule.part, x.exceeds(view.shortLabel(spec), formatNumber(whole)), true);
    }
  }
  for (const check of view.root.querySelectorAll<HTMLElement>('[data-check-for]')) {
    const path = check.dataset.checkFor ?? '';
    const items = found.get(path) ?? [];
    const mismatch = items.some((i) => i.mismatch);
    check.textContent = items.map((i) => i.text).join('；');
    check.classList.toggle('check-mismatch', mismatch);
    check.classList.toggle('check-ok', items.length > 0 && !mismatch);
    inputs.get(path)?.classList.toggle('mismatch', mismatch);
  }
}
