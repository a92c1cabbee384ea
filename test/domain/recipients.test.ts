import { describe, expect, it } from 'vitest';
import { stepRecipients } from '../../domain/index.js';

const office = { contactEmail: 'contact@office.test', headEmail: 'head@office.test' };
const BUREAU = 'bureau@county.test';

describe('who receives a ladder step', () => {
  it('reminds the office contact only', () => {
    for (const responsible of ['office', 'enterprise'] as const) {
      expect(stepRecipients('reminder', responsible, office, BUREAU)).toEqual([
        { to: 'contact@office.test', party: 'office' },
      ]);
    }
  });

  it('sends an overdue notice to the contact and the office head, once when they are the same person', () => {
    expect(stepRecipients('overdue', 'office', office, BUREAU).map((r) => r.to)).toEqual([
      'contact@office.test',
      'head@office.test',
    ]);
    const samePerson = { contactEmail: 'head@office.test', headEmail: 'head@office.test' };
    expect(stepRecipients('overdue', 'enterprise', samePerson, BUREAU)).toEqual([
      { to: 'head@office.test', party: 'office' },
    ]);
  });

  it("escalates an office's own obligation to the bureau, an enterprise digest to the office head and the bureau", () => {
    expect(stepRecipients('escalation', 'office', office, BUREAU)).toEqual([{ to: BUREAU, party: 'bureau' }]);
    expect(stepRecipients('escalation', 'enterprise', office, BUREAU)).toEqual([
      { to: 'head@office.test', party: 'office' },
      { to: BUREAU, party: 'bureau' },
    ]);
  });
});
