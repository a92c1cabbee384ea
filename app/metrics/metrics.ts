import type { CampaignStatus } from '../campaigns/campaign-lifecycle.js';
import type { PrismaClient } from '../../infra/db.js';
import { officeStatuses } from '../status/office-statuses.js';

/** One Prometheus sample: the family's name, its labels and the value. */
interface Sample {
  labels: Record<string, string>;
  value: number;
}

interface Family {
  name: string;
  type: 'gauge' | 'counter';
  help: string;
  samples: Sample[];
}

const MAIL_STATES = ['pending', 'sending', 'sent', 'failed', 'uncertain'] as const;
const OBLIGATION_STATES = ['open', 'overdue', 'late', 'done'] as const;
const CAMPAIGN_STATUSES: readonly CampaignStatus[] = ['draft', 'running', 'finished'];

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** The Prometheus text exposition format (version 0.0.4). */
export function renderFamilies(families: Family[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
    for (const { labels, value } of family.samples) {
      const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
      lines.push(`${family.name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * What the bureau's operators watch, read from the database so every API instance answers the same:
 * campaigns by status, mails by delivery state, failed send attempts, each running campaign's office obligations by state
 * (late = past the hard deadline) and enterprise commitments, open escalations.
 */
export async function campaignMetrics(db: PrismaClient, atMs: number): Promise<string> {
  const [mailsByState, failedAttempts, campaigns, escalations, campaignsByStatus] = await Promise.all([
    db.mailMessage.groupBy({ by: ['state'], _count: { _all: true } }),
    // Refused by the SMTP server or left without its answer; a lease taken over or a manual resend is no failure.
    db.mailMessage.aggregate({ _sum: { failedAttempts: true } }),
    db.campaign.findMany({ where: { status: 'running' }, select: { id: true, name: true }, orderBy: { id: 'asc' } }),
    db.escalation.groupBy({ by: ['status', 'level'], _count: { _all: true } }),
    db.campaign.groupBy({ by: ['status'], _count: { _all: true } }),
  ]);
  const campaignCount = new Map(campaignsByStatus.map((row) => [row.status, row._count._all]));
  const mailCount = new Map(mailsByState.map((row) => [row.state, row._count._all]));

  const obligationSamples: Sample[] = [];
  const commitmentSamples: Sample[] = [];
  for (const campaign of campaigns) {
    const offices = await officeStatuses(db, campaign.id, { atMs });
    const counts = new Map<string, number>(OBLIGATION_STATES.map((s) => [s, 0]));
    let enterprises = 0;
    let committed = 0;
    for (const office of offices) {
      for (const obligation of office.obligations) counts.set(obligation.state, counts.get(obligation.state)! + 1);
      enterprises += office.enterprises.total;
      committed += office.enterprises.commitmentsComplete;
    }
    for (const state of OBLIGATION_STATES) {
      obligationSamples.push({ labels: { campaign: campaign.id, state }, value: counts.get(state)! });
    }
    commitmentSamples.push(
      { labels: { campaign: campaign.id, state: 'complete' }, value: committed },
      { labels: { campaign: campaign.id, state: 'incomplete' }, value: enterprises - committed },
    );
  }

  return renderFamilies([
    {
      name: 'campaign_engine_campaigns',
      type: 'gauge',
      help: 'Campaigns by status: draft (not started), running, finished (its workflow has ended).',
      samples: CAMPAIGN_STATUSES.map((status) => ({ labels: { status }, value: campaignCount.get(status) ?? 0 })),
    },
    {
      name: 'campaign_engine_mails',
      type: 'gauge',
      help: 'Mails recorded by the engine, by delivery state (uncertain = handed to SMTP, answer lost).',
      samples: MAIL_STATES.map((state) => ({ labels: { state }, value: mailCount.get(state) ?? 0 })),
    },
    {
      name: 'campaign_engine_mail_failed_attempts_total',
      type: 'counter',
      help: 'SMTP send attempts the server refused or left without an answer (a refused one is retried with backoff).',
      samples: [{ labels: {}, value: failedAttempts._sum.failedAttempts ?? 0 }],
    },
    {
      name: 'campaign_engine_obligations',
      type: 'gauge',
      help: 'Office obligations of each running campaign: open, overdue (past the due day), late (past the hard deadline), done.',
      samples: obligationSamples,
    },
    {
      name: 'campaign_engine_enterprise_commitments',
      type: 'gauge',
      help: 'Enterprises of each running campaign whose commitment is complete (signed, four copies filed) or not.',
      samples: commitmentSamples,
    },
    {
      name: 'campaign_engine_escalations',
      type: 'gauge',
      help: 'Escalations by status and level (1 督办提醒, 2 约谈, 3 通报).',
      samples: escalations.map((row) => ({
        labels: { status: row.status, level: String(row.level) },
        value: row._count._all,
      })),
    },
  ]);
}
