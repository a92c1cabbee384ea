// The campaign's settings as the template holds them, each one a described setting: its path in the API
// (`template.monthlyReport.dueDayOfNextMonth`, the path a refusal names), its label, kind and value. The bureau gets a
// control per setting (data-path = that path, so a refusal is shown at it); viewers get the values as text. Reading
// the form back gives the edited template, and its changes (overridesOf) are what PATCH and the preview take.
import { h } from '../shared/dom.js';
import { field, uniqueId, type Control } from '../shared/forms.js';
import { labelOf, type Language } from '../shared/shell-text.js';
import type { Template } from './api-types.js';
import type { SettingsText } from './text.js';

export interface Setting {
  path: string;
  label: string;
  hint?: string;
  kind: 'date' | 'month' | 'int' | 'time' | 'choice' | 'flag';
  value: string | number | boolean;
  choices?: readonly { value: string; label: string }[];
  min?: number;
  max?: number;
}

const choicesOf = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/** The phase's name in the language shown. */
export function phaseName(t: Template, key: string, lang: Language): string {
  const phase = t.phases.find((p) => p.key === key);
  return phase ? (lang === 'en' ? phase.nameEn : phase.nameZh) : key;
}

/** Deadlines: the start, each phase's deadline, the holiday rule. */
export function deadlineSettings(x: SettingsText, lang: Language, t: Template): Setting[] {
  return [
    { path: 'template.startDate', label: x.startDate, kind: 'date', value: t.startDate },
    ...t.phases.map((p, i): Setting => ({
      path: `template.phases[${i}].deadline`,
      label: x.phaseDeadline(lang === 'en' ? p.nameEn : p.nameZh),
      kind: 'date',
      value: p.deadline,
    })),
    { path: 'template.yearEndSummary.dueDate', label: x.yearEnd, kind: 'date', value: t.yearEndSummary.dueDate },
    {
      path: 'template.holidayRoll',
      label: x.holidayRoll,
      kind: 'choice',
      value: t.holidayRoll,
      choices: choicesOf(x.holidayRolls),
    },
  ];
}

/** The monthly reports: which months, the due day and the hard day of the next month. */
export function monthlySettings(x: SettingsText, t: Template): Setting[] {
  const mr = t.monthlyReport;
  return [
    { path: 'template.monthlyReport.firstMonth', label: x.firstMonth, kind: 'month', value: mr.firstMonth },
    { path: 'template.monthlyReport.lastMonth', label: x.lastMonth, kind: 'month', value: mr.lastMonth },
    {
      path: 'template.monthlyReport.dueDayOfNextMonth',
      label: x.dueDay,
      hint: x.dueDayHint,
      kind: 'int',
      value: mr.dueDayOfNextMonth,
      min: 1,
      max: 28,
    },
    {
      path: 'template.monthlyReport.hardDayOfNextMonth',
      label: x.hardDay,
      hint: x.hardDayHint,
      kind: 'int',
      value: mr.hardDayOfNextMonth,
      min: 1,
      max: 28,
    },
  ];
}

/** Which phase's deadline each enterprise obligation follows. */
export function enterpriseSettings(x: SettingsText, lang: Language, t: Template): Setting[] {
  const phases = t.phases.map((p) => ({ value: p.key, label: lang === 'en' ? p.nameEn : p.nameZh }));
  const e = t.enterprise;
  return [
    { path: 'template.enterprise.commitmentPhase', label: x.commitmentPhase, value: e.commitmentPhase },
    { path: 'template.enterprise.planPhase', label: x.planPhase, value: e.planPhase },
    { path: 'template.enterprise.selfAssessmentPhase', label: x.selfAssessmentPhase, value: e.selfAssessmentPhase },
  ].map((s): Setting => ({ ...s, kind: 'choice', choices: phases }));
}

/** The ladder's rules besides the reminders before the due day. */
export function ladderSettings(x: SettingsText, t: Template): Setting[] {
  const l = t.ladder;
  return [
    { path: 'template.ladder.remindOnDueDay', label: x.remindOnDueDay, kind: 'flag', value: l.remindOnDueDay },
    { path: 'template.ladder.sendTime', label: x.sendTime, kind: 'time', value: l.sendTime },
    {
      path: 'template.ladder.deadlineNoticeDelivery',
      label: x.delivery,
      kind: 'choice',
      value: l.deadlineNoticeDelivery ?? 'next-send-time',
      choices: choicesOf(x.deliveries),
    },
    {
      path: 'template.ladder.hardDeadlineWorkingDaysAfter',
      label: x.hardAfter,
      hint: x.hardAfterHint,
      kind: 'int',
      value: l.hardDeadlineWorkingDaysAfter,
      min: 0,
      max: 60,
    },
    {
      path: 'template.ladder.escalationAckWorkingDays',
      label: x.ackDays,
      kind: 'int',
      value: l.escalationAckWorkingDays,
      min: 1,
      max: 60,
    },
  ];
}

/** The control of a setting, naming its API path (data-path) and how its value is read (data-kind). */
export function controlOf(s: Setting): Control {
  const common = { name: s.path, 'data-path': s.path, 'data-kind': s.kind };
  switch (s.kind) {
    case 'choice':
      return h(
        'select',
        common,
        (s.choices ?? []).map((c) => h('option', { value: c.value, selected: c.value === s.value }, c.label)),
      );
    case 'flag':
      return h('input', { ...common, type: 'checkbox', checked: s.value === true });
    case 'int':
      return h('input', { ...common, type: 'number', step: 1, min: s.min, max: s.max, value: String(s.value) });
    default:
      return h('input', { ...common, type: s.kind, value: String(s.value) });
  }
}

/** A setting as a labelled control (a checkbox inside its label). */
export function settingField(s: Setting): HTMLElement {
  const control = controlOf(s);
  if (s.kind !== 'flag') return field(s.label, control, s.hint);
  control.id = uniqueId('field');
  return h('div', { class: 'field flag' }, h('label', { for: control.id }, control, ' ', s.label));
}

/** A setting as text, for those who may read but not change it. */
export function settingFact(x: SettingsText, s: Setting): HTMLElement[] {
  const value =
    s.kind === 'flag'
      ? s.value
        ? x.yes
        : x.no
      : s.choices
        ? labelOf(Object.fromEntries(s.choices.map((c) => [c.value, c.label])), String(s.value))
        : String(s.value);
  return [h('dt', {}, s.label), h('dd', { 'data-path': s.path }, value)];
}

// ---- reading the form back ------------------------------------------------------------------------------------

/** A control's value as the API takes it: whole numbers as numbers (anything else as typed, for the API to judge). */
function valueOf(control: HTMLElement): unknown {
  if (control instanceof HTMLInputElement && control.type === 'checkbox') return control.checked;
  if (!(control instanceof HTMLInputElement || control instanceof HTMLSelectElement)) return undefined;
  const value = control.value.trim();
  if (control.dataset.kind === 'int') return /^-?\d+$/.test(value) ? Number(value) : value;
  return value;
}

/** Sets `value` at `path` (`ladder.reminders[0].days`) of `target`, making the objects and arrays on the way. */
function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) =>
    m[2] !== undefined ? Number(m[2]) : (m[1] ?? ''),
  );
  let node = target;
  keys.forEach((key, i) => {
    const name = String(key);
    if (i === keys.length - 1) {
      node[name] = value;
      return;
    }
    const next = node[name];
    if (typeof next !== 'object' || next === null) node[name] = typeof keys[i + 1] === 'number' ? [] : {};
    node = node[name] as Record<string, unknown>;
  });
}

/** The template as the form now holds it: the current one with every control's value (the reminders as listed). */
export function editedTemplate(form: HTMLFormElement, current: Template): Template {
  const edited = structuredClone(current);
  edited.ladder.reminders = [];
  const target = edited as unknown as Record<string, unknown>;
  for (const control of form.querySelectorAll<HTMLElement>('[data-kind]')) {
    const path = control.dataset.path ?? '';
    if (path.startsWith('template.')) setAt(target, path.slice('template.'.length), valueOf(control));
  }
  return edited;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * What changed from `current` to `edited`, as the API takes changes: objects key by key, arrays (the phases, the
 * reminders) whole. `{}` when nothing did.
 */
export function overridesOf(current: unknown, edited: unknown): Record<string, unknown> {
  if (!isPlainObject(current) || !isPlainObject(edited)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(edited)) {
    const before = current[key];
    if (JSON.stringify(before) === JSON.stringify(value)) continue;
    out[key] = isPlainObject(before) && isPlainObject(value) ? overridesOf(before, value) : value;
  }
  return out;
}
