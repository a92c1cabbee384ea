// The pickers of the county pages (every office at once: campaign settings, county reports): the campaign, when there
// are several, and any other choice the page's address holds (a reporting period). Choosing one writes it into the
// address and draws the page again, so a reload or a copied link shows the same. (choose.ts's pickers() adds the
// office picker of the one-office pages.)
import type { Campaign } from './api-types.js';
import { h } from './dom.js';
import type { PageContext, PageTexts } from './shell.js';
import { labelOf } from './shell-text.js';

/** A labelled select bound to the address parameter `param`. */
export function paramPicker<T extends PageTexts>(
  ctx: PageContext<T>,
  options: { id: string; param: string; label: string; choices: readonly { value: string; label: string }[] },
  selected: string | null,
): HTMLElement {
  const control = h(
    'select',
    { id: options.id, name: options.param },
    options.choices.map((c) => h('option', { value: c.value, selected: c.value === selected }, c.label)),
  );
  control.addEventListener('change', () => {
    ctx.setParams({ [options.param]: control.value || null });
    void ctx.reload();
  });
  return h('label', { class: 'picker' }, h('span', {}, options.label), control);
}

/** The campaign picker, or null when there is only one campaign (or none). */
export function campaignPicker<T extends PageTexts>(
  ctx: PageContext<T>,
  campaigns: readonly Campaign[],
  campaign: Campaign | null,
): HTMLElement | null {
  if (campaigns.length < 2) return null;
  const s = ctx.shell;
  return paramPicker(
    ctx,
    {
      id: 'campaign-select',
      param: 'campaign',
      label: s.campaign,
      choices: campaigns.map((c) => ({
        value: c.id,
        label: `${c.name}（${labelOf(s.campaignStatus, c.status)}）· ${c.year}`,
      })),
    },
    campaign?.id ?? null,
  );
}

/** The row of pickers above a page's content, or null when it has none. */
export function pickerRow(...controls: (HTMLElement | null)[]): HTMLElement | null {
  const shown = controls.filter((c): c is HTMLElement => c !== null);
  return shown.length > 0 ? h('div', { class: 'pickers' }, shown) : null;
}
