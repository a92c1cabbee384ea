/**
 * The addresses of the product's pages that mails link to, built from PUBLIC_URL. One definition of the link shapes:
 * the pages in web/ read exactly these query parameters (test/browser checks a link from a caught mail opens the
 * right page).
 */
import type { Language } from './messages.js';
import type { ObligationKind } from './plan.js';

/** The year-end summary's period in the report pages' addresses (the monthly ones are 'YYYY-MM'). */
export const YEAR_END_PERIOD = 'year-end';

export interface PageLinks {
  /** An office's page: what is due, late, its next mails, its escalations; extension requests. */
  office(ids: { campaignId: string; officeId: string }): string;
  /** The monthly report form of one period (or the year-end summary). */
  report(ids: { campaignId: string; officeId: string; period: string }): string;
  /** The office's enterprise register, showing the enterprises that still owe something. */
  openEnterprises(ids: { campaignId: string; officeId: string }): string;
  /** The office's supervision records (phases 3-4): hazards, inspections, guidance visits. */
  supervision(ids: { campaignId: string; officeId: string }): string;
  /** One escalation, to acknowledge. */
  escalation(ids: { campaignId: string; officeId: string; escalationId: string }): string;
  /** The bureau's mail log showing a campaign's mails in doubt, to settle. */
  uncertainMails(ids: { campaignId: string }): string;
}

/** Page addresses under `publicUrl` for a reader of `language` (English pages carry `lang=en`). */
export function pageLinks(publicUrl: string, language: Language): PageLinks {
  const base = publicUrl.replace(/\/+$/, '');
  const page = (name: string, params: Record<string, string>): string => {
    const query = new URLSearchParams(params);
    if (language === 'en') query.set('lang', 'en');
    return `${base}/app/${name}?${query.toString()}`;
  };
  return {
    office: ({ campaignId, officeId }) => page('office', { campaign: campaignId, office: officeId }),
    report: ({ campaignId, officeId, period }) => page('report', { campaign: campaignId, office: officeId, period }),
    openEnterprises: ({ campaignId, officeId }) =>
      page('enterprises', { campaign: campaignId, office: officeId, open: '1' }),
    supervision: ({ campaignId, officeId }) => page('supervision', { campaign: campaignId, office: officeId }),
    escalation: ({ campaignId, officeId, escalationId }) =>
      page('escalation', { campaign: campaignId, office: officeId, id: escalationId }),
    uncertainMails: ({ campaignId }) => page('mail-log', { state: 'uncertain', campaign: campaignId }),
  };
}

/**
 * The page where an office does what an obligation asks: its report form, its open enterprises, its supervision
 * records, or its own page.
 */
export function obligationPage(
  links: PageLinks,
  obligation: { key: string; kind: ObligationKind },
  ids: { campaignId: string; officeId: string },
): string {
  switch (obligation.kind) {
    case 'monthly-report':
      return links.report({ ...ids, period: obligation.key.slice(obligation.key.indexOf(':') + 1) });
    case 'year-end-summary':
      return links.report({ ...ids, period: YEAR_END_PERIOD });
    case 'enterprise-commitment':
    case 'enterprise-plan':
    case 'enterprise-self-assessment':
      return links.openEnterprises(ids);
    case 'phase':
      return links.office(ids);
    case 'inspection':
    case 'guidance-visit':
    case 'guidance-coverage':
    case 'hazard':
    case 'major-hazard':
      return links.supervision(ids);
  }
}
