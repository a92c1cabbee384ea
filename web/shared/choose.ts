// Which campaign and which office a page shows: from the address (?campaign=&office=), else the running campaign
// and, for office staff, their own office; the bureau and viewers pick an office. The choice is written back to the
// address, so a reload or a copied link shows the same.
import type { Campaign, Office } from './api-types.js';
import { h } from './dom.js';
import type { PageContext, PageTexts } from './shell.js';
import { labelOf } from './shell-text.js';
import { note } from './ui.js';

/** The campaign in the address, else the newest running one, else the newest; null when there is none. */
export async function chooseCampaign<T extends PageTexts>(
  ctx: PageContext<T>,
): Promise<{ campaign: Campaign | null; campaigns: Campaign[] }> {
  const campaigns = await ctx.api<Campaign[]>('/campaigns');
  const named = campaigns.find((c) => c.id === ctx.params.get('campaign'));
  const running = campaigns.filter((c) => c.status === 'running');
  const campaign = named ?? running[running.length - 1] ?? campaigns[campaigns.length - 1] ?? null;
  if (campaign) ctx.setParams({ campaign: campaign.id });
  return { campaign, campaigns };
}

/** Office staff: their own office, always. The bureau and viewers: the office in the address, or none yet. */
export async function chooseOffice<T extends PageTexts>(
  ctx: PageContext<T>,
): Promise<{ office: Office | null; offices: Office[] }> {
  const offices = await ctx.api<Office[]>('/offices');
  const wanted = ctx.role === 'office-staff' ? ctx.me.officeId : ctx.params.get('office');
  const office = offices.find((o) => o.id === wanted) ?? null;
  ctx.setParams({ office: office?.id ?? null });
  return { office, offices };
}

/**
 * The pickers above a page's content: the campaign (when there are several) and, for the bureau and viewers, the
 * office. Choosing one sets the address and draws the page again. Null when there is nothing to pick.
 */
export function pickers<T extends PageTexts>(
  ctx: PageContext<T>,
  choice: { campaigns: Campaign[]; campaign: Campaign | null; offices: Office[]; office: Office | null },
): HTMLElement | null {
  const s = ctx.shell;
  const select = (id: string, label: string, options: HTMLOptionElement[], param: string) => {
    const control = h('select', { id, name: param }, options);
    control.addEventListener('change', () => {
      ctx.setParams({ [param]: control.value || null });
      void ctx.reload();
    });
    return h('label', { class: 'picker' }, h('span', {}, label), control);
  };
  const campaignPicker =
    choice.campaigns.length > 1
      ? select(
          'campaign-select',
          s.campaign,
          choice.campaigns.map((c) =>
            h(
              'option',
              { value: c.id, selected: c.id === choice.campaign?.id },
              `${c.name}（${labelOf(s.campaignStatus, c.status)}）· ${c.year}`,
            ),
          ),
          'campaign',
        )
      : null;
  const officePicker =
    ctx.role === 'office-staff'
      ? null
      : select(
          'office-select',
          s.office,
          [
            h('option', { value: '', selected: !choice.office }, s.chooseOffice),
            ...choice.offices.map((o) => h('option', { value: o.id, selected: o.id === choice.office?.id }, o.name)),
          ],
          'office',
        );
  if (!campaignPicker && !officePicker) return null;
  return h('div', { class: 'pickers' }, campaignPicker, officePicker);
}

/**
 * What a page about one office of one campaign shows above its content: the chosen campaign and office with the
 * pickers (`top`), or, when either is not chosen yet, the nodes to draw instead (`missing`).
 */
export async function chooseCampaignOffice<T extends PageTexts>(
  ctx: PageContext<T>,
): Promise<{ missing: Node[] } | { missing?: undefined; top: HTMLElement[]; campaign: Campaign; office: Office }> {
  const [{ campaign, campaigns }, { office, offices }] = await Promise.all([chooseCampaign(ctx), chooseOffice(ctx)]);
  const picker = pickers(ctx, { campaigns, campaign, offices, office });
  const top = picker ? [picker] : [];
  if (!campaign) return { missing: [...top, note(ctx.shell.noCampaign)] };
  if (!office) return { missing: [...top, note(ctx.shell.noOffice)] };
  return { top, campaign, office };
}
