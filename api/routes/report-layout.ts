import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ANNEX_LAYOUTS,
  CONSISTENCY_RULES,
  FIELD_CATALOGUE,
  type AnnexCell,
  type AnnexLayout,
} from '../../domain/reports/index.js';

/**
 * The monthly tables as data, for the report form page (web/report/), which may not import the server's code: the
 * printed layout of annex 3 and annex 4 (ANNEX_LAYOUTS), every cell of the field catalogue (FIELD_CATALOGUE) and
 * the consistency rules between cells (CONSISTENCY_RULES: a total is the sum of its parts, rectified ≤ found). The
 * same for every campaign and office; domain/reports stays the one definition.
 */

const Span = {
  rowSpan: Type.Optional(Type.Integer({ minimum: 1, description: 'rows the cell spans (1 when absent)' })),
  colSpan: Type.Optional(Type.Integer({ minimum: 1, description: 'columns the cell spans (1 when absent)' })),
};
const closed = { additionalProperties: false } as const;

const AnnexCellView = Type.Union(
  [
    Type.Object(
      { kind: Type.Literal('unitType'), rowSpan: Type.Integer({ minimum: 1 }) },
      { ...closed, description: 'the unit type label (县直单位 / 乡镇), spanning the block' },
    ),
    Type.Object(
      { kind: Type.Literal('label'), text: Type.String(), ...Span },
      { ...closed, description: "printed text: a row heading (国标, 市级) or '/' where the annex has no cell" },
    ),
    Type.Object(
      { kind: Type.Literal('value'), path: Type.String({ description: 'the field path of the cell' }), ...Span },
      { ...closed, description: 'an input cell' },
    ),
    Type.Object({ kind: Type.Literal('covered') }, { ...closed, description: 'covered by a merged cell' }),
  ],
  { description: "one cell of a unit's block of rows" },
);

const AnnexLayoutView = Type.Object(
  {
    annex: Type.Union([Type.Literal('annex3'), Type.Literal('annex4')]),
    shortTitleZh: Type.String({ examples: ['月报表（一）'] }),
    formFieldsZh: Type.Array(Type.String(), {
      description: 'printed above the table: 填报单位（盖章）, 填表人, 联系电话',
    }),
    rowsPerUnit: Type.Integer({ minimum: 1, description: "body rows of one unit's block (annex 3: 3, annex 4: 1)" }),
    columns: Type.Array(
      Type.Object(
        {
          headingsZh: Type.Array(Type.String(), { description: 'heading chain from the top header row down' }),
          cells: Type.Array(AnnexCellView, { description: "one entry per body row of a unit's block" }),
        },
        closed,
      ),
      { description: 'left to right, as printed' },
    ),
    notesZh: Type.Array(Type.String(), { description: 'the 注 printed below the table' }),
  },
  closed,
);

const FieldView = Type.Object(
  {
    path: Type.String({ examples: ['annex3.enterprises.total'] }),
    annex: Type.Union([Type.Literal('annex3'), Type.Literal('annex4')]),
    titleZh: Type.String({ description: "the cell's own column title" }),
    labelZh: Type.String({ description: 'Chinese label with its group headings, joined by ／' }),
    labelEn: Type.String({ description: 'English label with its group headings, joined by " / "' }),
    kind: Type.Union([Type.Literal('count'), Type.Literal('amount10kYuan')], {
      description: 'count: a whole number ≥ 0; amount10kYuan: 万元, ≥ 0, at most 4 decimals',
    }),
    unitZh: Type.String({ description: '家, 个, 份, 条, 家次, 人次 or 万元' }),
    cumulativeSince: Type.Union([Type.Literal('programme-start'), Type.Literal('year-start'), Type.Null()], {
      description:
        'programme-start: since 2021-08; year-start: since January of the campaign year; null: not cumulative',
    }),
  },
  closed,
);

const RuleView = Type.Union(
  [
    Type.Object(
      { kind: Type.Literal('sum'), total: Type.String(), parts: Type.Array(Type.String()), why: Type.String() },
      { ...closed, description: 'total = the sum of parts; an error goes on total' },
    ),
    Type.Object(
      { kind: Type.Literal('notAbove'), part: Type.String(), whole: Type.String(), why: Type.String() },
      { ...closed, description: 'part ≤ whole; an error goes on part' },
    ),
    Type.Object(
      { kind: Type.Literal('positiveIfPositive'), when: Type.String(), then: Type.String(), why: Type.String() },
      { ...closed, description: 'when `when` is above 0, `then` must be too; an error goes on then' },
    ),
  ],
  { description: 'a relation between cells the server checks (domain/reports CONSISTENCY_RULES)' },
);

export const ReportLayoutView = Type.Object(
  {
    annexes: Type.Array(AnnexLayoutView, { description: 'annex 3 (月报表（一）), then annex 4 (月报表（二）)' }),
    fields: Type.Array(FieldView, { description: 'every cell of both tables, annex 3 first, in column order' }),
    rules: Type.Array(RuleView),
  },
  closed,
);
type ReportLayout = Static<typeof ReportLayoutView>;

/** A layout cell as JSON: only the properties it has (the printed layout's functions left out). */
function cellView(cell: AnnexCell): ReportLayout['annexes'][number]['columns'][number]['cells'][number] {
  switch (cell.kind) {
    case 'unitType':
      return { kind: 'unitType', rowSpan: cell.rowSpan };
    case 'covered':
      return { kind: 'covered' };
    case 'label':
    case 'value': {
      const span = {
        ...(cell.rowSpan !== undefined ? { rowSpan: cell.rowSpan } : {}),
        ...(cell.colSpan !== undefined ? { colSpan: cell.colSpan } : {}),
      };
      return cell.kind === 'label'
        ? { kind: 'label', text: cell.text, ...span }
        : { kind: 'value', path: cell.path, ...span };
    }
  }
}

function layoutView(layout: AnnexLayout): ReportLayout['annexes'][number] {
  return {
    annex: layout.annex,
    shortTitleZh: layout.shortTitleZh,
    formFieldsZh: [...layout.formFieldsZh],
    rowsPerUnit: layout.rowsPerUnit,
    columns: layout.columns.map((c) => ({ headingsZh: [...c.headingsZh], cells: c.cells.map(cellView) })),
    notesZh: [...layout.notesZh],
  };
}

/** Built once: the layout is code, the same for every request. */
function reportLayout(): ReportLayout {
  return {
    annexes: [layoutView(ANNEX_LAYOUTS.annex3), layoutView(ANNEX_LAYOUTS.annex4)],
    fields: FIELD_CATALOGUE.map((f) => ({
      path: f.path,
      annex: f.annex,
      titleZh: f.titleZh,
      labelZh: f.labelZh,
      labelEn: f.labelEn,
      kind: f.kind,
      unitZh: f.unitZh,
      cumulativeSince: f.cumulativeSince,
    })),
    rules: CONSISTENCY_RULES.map((r) => (r.kind === 'sum' ? { ...r, parts: [...r.parts] } : { ...r })),
  };
}

const reportLayoutRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const layout = reportLayout();

  fastify.get(
    '/report-layout',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['reports'],
        summary:
          'The monthly tables as data: the printed layout of annex 3 and annex 4, every cell with its labels, unit ' +
          'and kind, and the consistency rules between cells (for forms that draw the annexes)',
        response: { 200: ReportLayoutView },
      },
    },
    async () => layout,
  );
};

export default reportLayoutRoutes;
