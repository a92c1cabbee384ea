// The mail log page ("邮件日志" / "Mail log"): /app/mail-log[?state=uncertain][&campaign=<id>][&recipient=…][&step=…]
// [&obligation=…][&page=n][&lang=en], the page the bureau's digest of mails in doubt (【需处理】…封邮件可能未送达) sends
// it to. At the top the mails in doubt, why and what to do, and for the bureau the form that settles several at once;
// below, every mail the engine recorded (GET /mail-log: the bureau and viewers see all, office staff the mails sent
// to their office), with its step, planned instant, state and error, and "send again" for one mail in doubt.
import { query } from '../shared/api.js';
import type { Campaign } from '../shared/api-types.js';
import { startPage } from '../shared/shell.js';
import { note } from '../shared/ui.js';
import type { MailLogPage } from './api-types.js';
import { logPanel } from './log.js';
import { MAIL_STATES, TEXT, type MailState } from './text.js';
import { uncertainPanel } from './uncertain.js';
import type { Context, Filters, View } from './view.js';

const PAGE_SIZE = 50;
/** The most mails in doubt the API lists at once (its limit). */
const UNCERTAIN_LIMIT = 1000;

function isState(value: string): value is MailState {
  return (MAIL_STATES as readonly string[]).includes(value);
}

function readFilters(params: URLSearchParams): Filters {
  const state = params.get('state') ?? '';
  const page = Number.parseInt(params.get('page') ?? '', 10);
  return {
    campaign: params.get('campaign') ?? '',
    state: isState(state) ? state : '',
    recipient: params.get('recipient') ?? '',
    step: params.get('step') ?? '',
    obligation: params.get('obligation') ?? '',
    page: Number.isSafeInteger(page) && page > 1 ? page : 1,
  };
}

async function render(ctx: Context): Promise<Node[]> {
  const x = ctx.x;
  const filters = readFilters(ctx.params);
  const campaigns = await ctx.api<Campaign[]>('/campaigns');
  const campaign = campaigns.find((c) => c.id === filters.campaign) ?? null;
  if (!campaign) filters.campaign = '';
  ctx.setParams({
    campaign: filters.campaign,
    state: filters.state,
    page: filters.page > 1 ? String(filters.page) : null,
  });
  const campaignId = campaign?.id;
  const logPath = (page: number) =>
    `/mail-log${query({
      campaignId,
      state: filters.state,
      recipient: filters.recipient,
      step: filters.step,
      obligationKey: filters.obligation,
      limit: String(PAGE_SIZE),
      offset: String((page - 1) * PAGE_SIZE),
    })}`;
  const [first, uncertain] = await Promise.all([
    ctx.api<MailLogPage>(logPath(filters.page)),
    ctx.api<MailLogPage>(`/mail-log${query({ campaignId, state: 'uncertain', limit: String(UNCERTAIN_LIMIT) })}`),
  ]);
  let log = first;
  if (log.entries.length === 0 && log.total > 0 && filters.page > 1) {
    // Past the last page (mails settled since): the last page there is.
    filters.page = Math.ceil(log.total / PAGE_SIZE);
    ctx.setParams({ page: filters.page > 1 ? String(filters.page) : null });
    log = await ctx.api<MailLogPage>(logPath(filters.page));
  }
  const view: View = {
    ctx,
    x,
    campaigns,
    campaign,
    filters,
    zone: campaign?.template.timeZone || 'Asia/Shanghai',
    log,
    uncertain,
    pageSize: PAGE_SIZE,
  };
  const scope =
    ctx.role === 'office-staff'
      ? note(x.officeScope, { class: 'note scope' })
      : ctx.isBureau
        ? null
        : note(ctx.shell.readOnly, { class: 'note read-only' });
  return [scope, uncertainPanel(view), logPanel(view)].filter((n): n is HTMLElement => n !== null);
}

startPage({ name: 'mail-log', texts: TEXT, render });
