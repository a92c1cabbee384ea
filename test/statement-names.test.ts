import { describe, expect, it } from 'vitest';
import { statementNames } from '../infra/db.js';

describe('statement names for the database client', () => {
  it('names a statement by its text: the same text the same name, another text another name', () => {
    const nameOf = statementNames();
    const a = nameOf({ sql: 'SELECT 1' });
    expect(a).toMatch(/^s_[\w-]{24}$/);
    expect(nameOf({ sql: 'SELECT 1' })).toBe(a);
    expect(nameOf({ sql: 'SELECT 2' })).not.toBe(a);
    // another client (another process) gives the same text the same name
    expect(statementNames()({ sql: 'SELECT 1' })).toBe(a);
  });

  it('leaves statements unnamed past its limit, so texts that vary cannot prepare without end', () => {
    const nameOf = statementNames(2);
    const first = nameOf({ sql: 'SELECT 1' });
    nameOf({ sql: 'SELECT 2' });
    expect(nameOf({ sql: 'SELECT 3' })).toBeUndefined();
    expect(nameOf({ sql: 'SELECT 1' })).toBe(first);
  });
});
