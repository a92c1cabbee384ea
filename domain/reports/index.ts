/** Public API of the monthly progress tables (annex 3 月报表（一） and annex 4 月报表（二）). */
export {
  type Annex3,
  type Annex4,
  type MonthlyTables,
  type FieldPath,
  type CellKind,
  type CumulativeSince,
  type UnitZh,
  Annex3Schema,
  Annex4Schema,
  MonthlyTablesSchema,
} from './schema.js';
export {
  type AnnexKey,
  type FieldSpec,
  type UnitType,
  type AnnexCell,
  type AnnexColumn,
  type AnnexLayout,
  FIELD_CATALOGUE,
  PROGRAMME_START_MONTH,
  UNIT_TYPES,
  ANNEX3_LAYOUT,
  ANNEX4_LAYOUT,
  ANNEX_LAYOUTS,
  cumulativeBaseMonth,
  fieldSpec,
  isFieldPath,
  getCell,
  buildTables,
} from './catalogue.js';
export {
  type ValidationError,
  type MonthlyTablesResult,
  type ValidateOptions,
  type ConsistencyRule,
  CONSISTENCY_RULES,
  parseCell,
  validateMonthlyTables,
} from './validate.js';
export { emptyMonthlyTables, sumMonthlyTables } from './totals.js';
