import { describe, it, expect } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { Annex3Schema, Annex4Schema, FIELD_CATALOGUE, MonthlyTablesSchema } from '../../../domain/reports/index.js';
import { asInput, deletePath, sampleTables } from './fixtures.js';

/** Every object node of a schema with its path. */
function objects(schema: TSchema, path = ''): { path: string; schema: TSchema & Record<string, unknown> }[] {
  const s = schema as TSchema & Record<string, unknown> & { properties?: Record<string, TSchema> };
  if (!s.properties) return [];
  return [
    { path, schema: s },
    ...Object.entries(s.properties).flatMap(([k, c]) => objects(c, path ? `${path}.${k}` : k)),
  ];
}

describe('the TypeBox schema', () => {
  it('the TypeBox schema requires every cell', () => {
    for (const { schema } of objects(MonthlyTablesSchema)) {
      expect([...((schema.required as string[]) ?? [])].sort()).toEqual(
        Object.keys(schema.properties as object).sort(),
      );
      expect(schema.additionalProperties).toBe(false);
    }
    expect(Value.Check(MonthlyTablesSchema, sampleTables())).toBe(true);
    for (const f of FIELD_CATALOGUE) {
      const input = asInput(sampleTables());
      deletePath(input, f.path);
      expect(Value.Check(MonthlyTablesSchema, input)).toBe(false);
    }
  });

  it('rejects extra fields, negative counts and fractional counts', () => {
    const extra = asInput(sampleTables());
    (extra.annex3 as Record<string, unknown>).extra = 1;
    expect(Value.Check(MonthlyTablesSchema, extra)).toBe(false);
    expect(Value.Check(MonthlyTablesSchema, asInput(sampleTables(), { 'annex3.enterprises.total': -1 }))).toBe(false);
    expect(Value.Check(MonthlyTablesSchema, asInput(sampleTables(), { 'annex3.enterprises.total': 1.5 }))).toBe(false);
    expect(Value.Check(MonthlyTablesSchema, asInput(sampleTables(), { 'annex4.enforcement.fines.amount': 1.5 }))).toBe(
      true,
    );
  });

  it('is plain JSON Schema for the OpenAPI document, with the Chinese column titles', () => {
    const json = JSON.parse(JSON.stringify(MonthlyTablesSchema)) as Record<string, unknown>;
    expect(json.type).toBe('object');
    expect(Object.keys(json.properties as object)).toEqual(['annex3', 'annex4']);
    const a3 = Annex3Schema as unknown as {
      properties: { enterprises: { title: string; properties: { total: { title: string } } } };
    };
    expect(a3.properties.enterprises.title).toBe('企业数量（家）');
    expect(a3.properties.enterprises.properties.total.title).toBe('总数');
    const a4 = Annex4Schema as unknown as {
      properties: { enforcement: { properties: { fines: { properties: { amount: Record<string, unknown> } } } } };
    };
    expect(a4.properties.enforcement.properties.fines.properties.amount).toMatchObject({
      type: 'number',
      minimum: 0,
      'x-unit': '万元',
    });
  });
});
