// The campaign settings page ("行动设置" / "Campaign settings"): /app/settings?campaign=<id>[&lang=en]. The campaign's
// deadlines (start, phase deadlines, monthly report days, year-end summary, hard deadlines, holiday roll, enterprise
// deadlines) and its reminder ladder (reminders, send time, due-day reminder, notice delivery) as the template holds
// them (GET /campaigns/:id). The bureau edits them and first previews what would change (POST
// …/calendar/preview against GET …/calendar), then saves (PATCH /campaigns/:id, the same body); a refusal of either
// is shown at its field. Viewers read the same settings as text.
import { query } from '../shared/api.js';
import type { Office } from '../shared/api-types.js';
import { chooseCampaign } from '../shared/choose.js';
import { campaignPicker, pickerRow } from '../shared/county-pickers.js';
import { h, replace } from '../shared/dom.js';
import { localDate } from '../shared/format.js';
import { clearFieldErrors } from '../shared/forms.js';
import { labelOf } from '../shared/shell-text.js';
import { startPage, type PageContext } from '../shared/shell.js';
import { buttons, note, panel } from '../shared/ui.js';
import type { CampaignDetails, PlannedCalendar, Template } from './api-types.js';
import {
  deadlineSettings,
  editedTemplate,
  enterpriseSettings,
  ladderSettings,
  monthlySettings,
  overridesOf,
  settingFact,
  settingField,
  type Setting,
} from './fields.js';
import { previewContent } from './preview.js';
import { remindersEditor, remindersFact } from './reminders.js';
import { TEXT, type SettingsText } from './text.js';

type Context = PageContext<SettingsText>;

/** What the bureau's form works on: the stored template, the office the preview plans for, the server's now. */
interface Editor {
  ctx: Context;
  x: SettingsText;
  base: string;
  template: Template;
  office: Office | null;
  /** the server's now (the calendar's "from today") */
  asOf: string;
  form: HTMLFormElement;
  box: HTMLElement;
  save: HTMLButtonElement;
  /** the changes last previewed (JSON), or null: saving needs a preview of exactly what is saved */
  previewed: string | null;
}

/** The stored template, with the defaults the server applies spelled out (so that they do not count as edits). */
function normalized(template: Template): Template {
  const t = structuredClone(template);
  t.ladder.deadlineNoticeDelivery ??= 'next-send-time';
  return t;
}

/** The settings in their panels: controls for the bureau, text for everyone else. */
function sections(ctx: Context, t: Template, editable: boolean, changed: () => void): HTMLElement {
  const x = ctx.x;
  const group = (settings: Setting[]) =>
    editable
      ? h('div', { class: 'fields' }, settings.map(settingField))
      : h(
          'dl',
          { class: 'facts' },
          settings.flatMap((s) => settingFact(x, s)),
        );
  const ladder = editable
    ? [remindersEditor(x, t.ladder.reminders, changed), group(ladderSettings(x, t))]
    : [
        h(
          'dl',
          { class: 'facts' },
          remindersFact(x, t.ladder.reminders),
          ladderSettings(x, t).flatMap((s) => settingFact(x, s)),
        ),
      ];
  return h(
    'div',
    { class: 'columns' },
    h(
      'div',
      { class: 'column' },
      panel(
        x.deadlinesTitle,
        { id: 'deadlines' },
        h('p', { class: 'hint' }, x.phasesHint),
        group(deadlineSettings(x, ctx.lang, t)),
      ),
      panel(x.monthlyTitle, { id: 'monthly' }, group(monthlySettings(x, t))),
    ),
    h(
      'div',
      { class: 'column' },
      panel(x.ladderTitle, { id: 'ladder' }, ladder),
      panel(x.enterpriseTitle, { id: 'enterprise' }, group(enterpriseSettings(x, ctx.lang, t))),
    ),
  );
}

/** The changes the form holds now, as PATCH and the preview take them. */
const changesOf = (ed: Editor) => overridesOf(ed.template, editedTemplate(ed.form, ed.template));

/** Save is possible once exactly these changes have been previewed; an edit after the preview says so. */
function refresh(ed: Editor): void {
  const current = JSON.stringify(changesOf(ed));
  ed.save.disabled = ed.previewed === null || ed.previewed !== current;
  const stale = ed.box.querySelector('.stale');
  if (ed.previewed !== null && ed.previewed !== current && !stale) {
    ed.box.prepend(h('p', { class: 'note error stale', role: 'status' }, ed.x.previewStale));
  } else if (stale && ed.previewed === current) stale.remove();
}

/** Shows what the changes would do to the calendar of the preview office, from today on. */
async function preview(ed: Editor, changes: Record<string, unknown>): Promise<void> {
  const { ctx, x } = ed;
  ed.previewed = null;
  if (Object.keys(changes).length === 0) return replace(ed.box, note(x.noEdits));
  replace(ed.box, note(x.previewing));
  const from = localDate(ed.asOf, ed.template.timeZone);
  const q = query({ officeId: ed.office?.id, from, lang: ctx.lang });
  const [before, after] = await Promise.all([
    ctx.api<PlannedCalendar>(`${ed.base}/calendar${q}`),
    ctx.api<PlannedCalendar>(`${ed.base}/calendar/preview${q}`, { method: 'POST', json: { template: changes } }),
  ]);
  ed.previewed = JSON.stringify(changes);
  if (!ed.office) return replace(ed.box, note(x.noOffices));
  replace(ed.box, previewContent(x, { before, after, officeName: ed.office.name, from, asOf: ed.asOf }));
}

/** Preview (the default button, also on Enter) or save: sent as the form holds it; a refusal shown at its fields. */
function wire(ed: Editor): void {
  const { ctx, form } = ed;
  form.noValidate = true;
  form.addEventListener('input', () => refresh(ed));
  form.addEventListener('change', () => refresh(ed));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    const save = event.submitter instanceof HTMLButtonElement && event.submitter.value === 'save';
    const changes = changesOf(ed);
    const controls = [...form.querySelectorAll('button')];
    clearFieldErrors(form);
    form.setAttribute('aria-busy', 'true');
    for (const button of controls) button.disabled = true;
    void (async () => {
      try {
        if (save && ed.previewed === JSON.stringify(changes)) {
          await ctx.api(ed.base, { method: 'PATCH', json: { template: changes } });
          await ctx.reload(ed.x.saved);
          return;
        }
        await preview(ed, changes);
      } catch (error) {
        replace(ed.box, note(ed.x.previewFirst));
        ctx.showProblem(error, form);
      } finally {
        form.removeAttribute('aria-busy');
        for (const button of controls) button.disabled = false;
        refresh(ed);
      }
    })();
  });
}

/** The bureau's form: the settings, the buttons, and the preview below them. */
async function settingsForm(ctx: Context, campaign: CampaignDetails, base: string): Promise<HTMLElement[]> {
  const x = ctx.x;
  const offices = [...(await ctx.api<Office[]>('/offices'))].sort((a, b) => a.code.localeCompare(b.code));
  const office = offices[0] ?? null;
  const mails = await ctx.api<{ asOf: string }>(`${base}/next-mails${query({ officeId: office?.id, limit: '1' })}`);
  const box = h('div', { id: 'preview-box' }, note(x.previewFirst));
  const save = h('button', { type: 'submit', name: 'intent', value: 'save', id: 'save', disabled: true }, x.save);
  const form = h('form', { id: 'settings-form', class: 'settings-form' });
  const ed: Editor = {
    ctx,
    x,
    base,
    template: normalized(campaign.template),
    office,
    asOf: mails.asOf,
    form,
    box,
    save,
    previewed: null,
  };
  const actions = h(
    'div',
    { class: 'panel actions', id: 'actions' },
    h('p', { class: 'hint' }, x.saveHint),
    buttons(
      h('button', { type: 'submit', name: 'intent', value: 'preview', id: 'preview', class: 'primary' }, x.preview),
      save,
    ),
  );
  form.append(
    sections(ctx, ed.template, true, () => refresh(ed)),
    actions,
  );
  wire(ed);
  return [form, panel(x.previewTitle, { id: 'preview-panel', 'aria-live': 'polite' }, box)];
}

async function render(ctx: Context): Promise<Node[]> {
  const x = ctx.x;
  const { campaign: chosen, campaigns } = await chooseCampaign(ctx);
  const top = pickerRow(campaignPicker(ctx, campaigns, chosen));
  if (!chosen) return [top, note(ctx.shell.noCampaign)].filter((n): n is HTMLElement => n !== null);
  const base = `/campaigns/${encodeURIComponent(chosen.id)}`;
  const campaign = await ctx.api<CampaignDetails>(base);
  const subject = h(
    'div',
    { class: 'subject', 'data-campaign': campaign.id, 'data-status': campaign.status },
    h('h2', {}, x.campaignLine(campaign.name, labelOf(ctx.shell.campaignStatus, campaign.status), campaign.year)),
    note(x.zoneNote(campaign.template.timeZone)),
    campaign.status === 'running' && ctx.isBureau ? note(x.runningNote, { class: 'note running' }) : null,
    ctx.isBureau ? null : note(ctx.shell.readOnly, { class: 'note read-only' }),
    ...campaign.warnings.map((w) => h('p', { class: 'note error' }, w)),
  );
  const content = ctx.isBureau
    ? await settingsForm(ctx, campaign, base)
    : [sections(ctx, normalized(campaign.template), false, () => {})];
  return [top, subject, ...content].filter((n): n is HTMLElement => n !== null);
}

startPage({ name: 'settings', texts: TEXT, render });
