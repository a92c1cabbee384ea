/**
 * Where the annex layouts (catalogue.ts ANNEX_LAYOUTS) sit on a worksheet: the one geometry the spreadsheet writer
 * (the county export and an office's form) and the reader of an uploaded form both use. Pure: rows and columns only.
 *
 * A sheet is: the title on row 1, two lines above the table (rows 2 and 3), the heading rows from HEADER_TOP down,
 * then the body: one block of `rowsPerUnit` rows per reporting unit. The layout's columns get a 填报单位 column
 * inserted after 填报单位类型 (the unit's name, 小计 or 合计).
 */
import { ANNEX_LAYOUTS, FIELD_CATALOGUE, type AnnexCell, type AnnexColumn, type AnnexKey } from './catalogue.js';
import type { FieldPath } from './schema.js';

export const SHEET_NAMES: Record<AnnexKey, string> = { annex3: '月报表一', annex4: '月报表二' };

/** The first heading row. */
export const HEADER_TOP = 4;
/** The 填报单位 column (1-based): the unit's name in its block. */
export const UNIT_COLUMN = 2;

export interface SheetGeometry {
  annex: AnnexKey;
  sheetName: string;
  /** The layout's columns with 填报单位 inserted after 填报单位类型. */
  columns: AnnexColumn[];
  width: number;
  /** Heading rows. */
  depth: number;
  rowsPerUnit: number;
  /** The first body row: where the first block starts. */
  bodyTop: number;
}

/** The layout's columns with the 填报单位 column inserted after 填报单位类型. */
function sheetColumns(annex: AnnexKey): AnnexColumn[] {
  const layout = ANNEX_LAYOUTS[annex];
  const [unitTypeColumn, ...rest] = layout.columns;
  const spanning: AnnexCell[] = [
    { kind: 'label', text: '', rowSpan: layout.rowsPerUnit },
    ...Array.from({ length: layout.rowsPerUnit - 1 }, (): AnnexCell => ({ kind: 'covered' })),
  ];
  return [unitTypeColumn!, { headingsZh: ['填报单位'], cells: spanning }, ...rest];
}

function geometryOf(annex: AnnexKey): SheetGeometry {
  const columns = sheetColumns(annex);
  const depth = Math.max(...columns.map((c) => c.headingsZh.length));
  return {
    annex,
    sheetName: SHEET_NAMES[annex],
    columns,
    width: columns.length,
    depth,
    rowsPerUnit: ANNEX_LAYOUTS[annex].rowsPerUnit,
    bodyTop: HEADER_TOP + depth,
  };
}

export const SHEET_GEOMETRY: Record<AnnexKey, SheetGeometry> = {
  annex3: geometryOf('annex3'),
  annex4: geometryOf('annex4'),
};

/** One cell of a block at its place on the sheet (1-based row and column). */
export interface PlacedCell {
  cell: AnnexCell;
  row: number;
  col: number;
}

/** Every cell of a block whose first row is `top`, column by column, top to bottom. */
export function blockCells(geometry: SheetGeometry, top: number): PlacedCell[] {
  return geometry.columns.flatMap((column, c) => column.cells.map((cell, i) => ({ cell, row: top + i, col: c + 1 })));
}

/** The heading that ends each column's chain, at its own cell (it spans only downwards): the columns' identity. */
export function columnHeadings(geometry: SheetGeometry): { text: string; row: number; col: number }[] {
  return geometry.columns.map((column, c) => ({
    text: column.headingsZh[column.headingsZh.length - 1]!,
    row: HEADER_TOP + column.headingsZh.length - 1,
    col: c + 1,
  }));
}

/** 1 → A, 27 → AA. */
export function columnName(col: number): string {
  if (!Number.isInteger(col) || col < 1) throw new RangeError(`not a column number: ${col}`);
  let name = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** A cell as a spreadsheet names it, with its sheet: '月报表一!C6'. */
export function sheetCellRef(sheetName: string, row: number, col: number): string {
  return `${sheetName}!${columnName(col)}${row}`;
}

/** A field's cell in the one-unit form (an office's own annex 3 and 4: one block at the top of the body). */
export interface FormCell {
  path: FieldPath;
  annex: AnnexKey;
  sheetName: string;
  row: number;
  col: number;
  /** '月报表一!C6' */
  ref: string;
}

function buildFormCells(): FormCell[] {
  const byPath = new Map<string, FormCell>();
  for (const annex of ['annex3', 'annex4'] as const) {
    const g = SHEET_GEOMETRY[annex];
    for (const { cell, row, col } of blockCells(g, g.bodyTop)) {
      if (cell.kind !== 'value') continue;
      if (byPath.has(cell.path)) throw new Error(`the layout places ${cell.path} twice`);
      byPath.set(cell.path, {
        path: cell.path,
        annex,
        sheetName: g.sheetName,
        row,
        col,
        ref: sheetCellRef(g.sheetName, row, col),
      });
    }
  }
  const missing = FIELD_CATALOGUE.filter((f) => !byPath.has(f.path));
  if (missing.length > 0) throw new Error(`the layout has no cell for ${missing.map((f) => f.path).join(', ')}`);
  return FIELD_CATALOGUE.map((f) => byPath.get(f.path)!);
}

/** Every field's cell in the one-unit form, in catalogue order. */
export const FORM_CELLS: readonly FormCell[] = Object.freeze(buildFormCells().map((c) => Object.freeze(c)));

const FORM_CELL_BY_PATH = new Map<string, FormCell>(FORM_CELLS.map((c) => [c.path, c]));

/** The form cell of a field path, or undefined for anything else ('summary', 'correctionReason', …). */
export function formCellOf(path: string): FormCell | undefined {
  return FORM_CELL_BY_PATH.get(path);
}
