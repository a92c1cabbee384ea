import { describe, expect, it } from 'vitest';
import { reminderMessage } from '../../domain/messages.js';
import { obligationPage, pageLinks } from '../../domain/page-links.js';

const ids = { campaignId: 'c1', officeId: 'o1' };

describe('links in mails', () => {
  it('sends each obligation to the page where it is done: report form, open enterprises, supervision records, or the office page', () => {
    const links = pageLinks('https://campaign.anxi.gov.cn/', 'zh-CN');
    expect(obligationPage(links, { key: 'monthly-report:2024-03', kind: 'monthly-report' }, ids)).toBe(
      'https://campaign.anxi.gov.cn/app/report?campaign=c1&office=o1&period=2024-03',
    );
    expect(obligationPage(links, { key: 'year-end-summary:2024', kind: 'year-end-summary' }, ids)).toBe(
      'https://campaign.anxi.gov.cn/app/report?campaign=c1&office=o1&period=year-end',
    );
    expect(obligationPage(links, { key: 'enterprise-commitment', kind: 'enterprise-commitment' }, ids)).toBe(
      'https://campaign.anxi.gov.cn/app/enterprises?campaign=c1&office=o1&open=1',
    );
    expect(obligationPage(links, { key: 'phase:planning', kind: 'phase' }, ids)).toBe(
      'https://campaign.anxi.gov.cn/app/office?campaign=c1&office=o1',
    );
    for (const [key, kind] of [
      ['inspection:2024-06-30', 'inspection'],
      ['hazard:2024-06-28', 'hazard'],
      ['major-hazard:h1', 'major-hazard'],
      ['guidance-visit:2024-06-12', 'guidance-visit'],
      ['guidance-coverage', 'guidance-coverage'],
    ] as const) {
      expect(obligationPage(links, { key, kind }, ids)).toBe(
        'https://campaign.anxi.gov.cn/app/supervision?campaign=c1&office=o1',
      );
    }
  });

  it("sends the bureau's in-doubt digest to the mail log showing that campaign's mails in doubt", () => {
    expect(pageLinks('http://127.0.0.1:3000', 'zh-CN').uncertainMails({ campaignId: 'c1' })).toBe(
      'http://127.0.0.1:3000/app/mail-log?state=uncertain&campaign=c1',
    );
  });

  it('opens the English page for an English reader', () => {
    expect(pageLinks('http://127.0.0.1:3000', 'en').escalation({ ...ids, escalationId: 'e1' })).toBe(
      'http://127.0.0.1:3000/app/escalation?campaign=c1&office=o1&id=e1&lang=en',
    );
  });

  it('puts the link before the footer of the text and as a button in the HTML part, escaped', () => {
    const link = 'http://x.test/app/report?campaign=c1&office=o1&period=2024-03';
    const message = reminderMessage(
      'zh-CN',
      { titleZh: '3月月报', titleEn: 'March report', dueDate: '2024-04-03', hardDueDate: '2024-04-10' },
      '城厢所<测试>',
      link,
    );
    expect(message.text).toMatch(new RegExp(`办理入口：${link.replace(/[?&.]/g, '\\$&')}\n\n——\n本邮件`));
    expect(message.html).toContain('href="http://x.test/app/report?campaign=c1&amp;office=o1&amp;period=2024-03"');
    expect(message.html).toContain('城厢所&lt;测试&gt;');
    expect(message.html).not.toContain('<测试>');
  });

  it('says the same without a link when the mail asks for nothing on a page', () => {
    const message = reminderMessage(
      'en',
      { titleZh: '3月月报', titleEn: 'March report', dueDate: '2024-04-03', hardDueDate: '2024-04-10' },
      'Office A',
    );
    expect(message.text).not.toContain('Do it here');
    expect(message.text).toMatch(/\n\n--\nSent automatically/);
    expect(message.html).not.toContain('<a ');
  });
});
