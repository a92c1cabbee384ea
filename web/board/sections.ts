// The board's panels below the timeline: the legend, the office × month grid, the late list, the commitments and
// the next mails, and the banner of mails in doubt. Each draws what the API answered, never computes a status.
import { byId, h, replace, type Attributes } from '../shared/dom.js';
import { stepLabel } from '../shared/shell-text.js';
import type { CommitmentProgress, LateList, MailLogPage, NextMails, ReportingRates } from './api-types.js';
import { labelFor, REPORT_STATUSES, type BoardText } from './text.js';
import type { View } from './view.js';

/** '2024-04-26T09:00:00.000+08:00' → '2024-04-26 09:00' (already in the campaign's zone). */
function wallTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

function periodLabel(period: string, x: BoardText): string {
  return period === 'year-end' ? x.yearEnd : x.month(period);
}

export function renderLegend({ x }: View): void {
  replace(
    byId('legend'),
    REPORT_STATUSES.map((s) =>
      h(
        'li',
        { 'data-status': s },
        h('span', { class: `swatch status-${s}`, 'aria-hidden': 'true' }, x.status[s]),
        h('span', {}, x.statusLong[s]),
      ),
    ),
  );
}

/** Office × month: one cell per reporting period, coloured by the API's status string. */
export function renderGrid(rates: ReportingRates, { x }: View): void {
  const periods = rates.periods;
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      h('th', { scope: 'col' }, x.office),
      periods.map((p) =>
        h(
          'th',
          { scope: 'col', 'data-month': p.period, title: `${p.period} · ${p.dueDate}` },
          periodLabel(p.period, x),
        ),
      ),
    ),
  );
  const body = h(
    'tbody',
    {},
    rates.offices.map((office) =>
      h(
        'tr',
        { 'data-office': office.officeId },
        h('th', { scope: 'row' }, h('span', { class: 'office-name' }, office.officeName)),
        periods.map((p) => {
          const status = office.byPeriod[p.period] ?? 'upcoming';
          const long = labelFor(x.statusLong, status) ?? status;
          return h(
            'td',
            {
              class: `cell status-${status}`,
              'data-status': status,
              'data-office': office.officeId,
              'data-month': p.period,
              title: x.cellTitle(office.officeName, periodLabel(p.period, x), long, p.dueDate),
            },
            labelFor(x.status, status) ?? status,
          );
        }),
      ),
    ),
  );
  const foot = h(
    'tfoot',
    {},
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, x.rate),
      periods.map((p) => {
        const due = REPORT_STATUSES.filter((s) => s !== 'upcoming').reduce((n, s) => n + (p.counts[s] ?? 0), 0);
        return h('td', { 'data-month': p.period }, due === 0 ? '–' : `${Math.round(p.rate * 100)}%`);
      }),
    ),
  );
  replace(byId('grid'), head, body, foot);
}

/** A list table in a scrolling box: a county has hundreds of offices. */
function table(columns: string[], rows: HTMLTableRowElement[], attributes: Attributes = {}): HTMLDivElement {
  return h(
    'div',
    { class: 'scroll tall' },
    h(
      'table',
      { class: 'list', ...attributes },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

export function renderLate(late: LateList, { x }: View): void {
  if (late.items.length === 0) {
    replace(byId('late'), h('p', { class: 'empty' }, x.noneLate));
    return;
  }
  replace(
    byId('late'),
    table(
      [x.office, x.item, x.dueDate, x.state, x.daysLate],
      late.items.map((item) =>
        h(
          'tr',
          { 'data-office': item.officeId, 'data-obligation': item.obligationKey, 'data-state': item.state },
          h('td', { class: 'nowrap' }, item.officeName),
          h('td', {}, item.title),
          h('td', { class: 'nowrap' }, item.dueDate, item.extended ? h('span', { class: 'tag' }, x.extended) : null),
          h(
            'td',
            { class: 'nowrap' },
            h(
              'span',
              { class: `state state-${item.state}`, title: labelFor(x.lateStateHint, item.state) ?? null },
              labelFor(x.lateState, item.state) ?? item.state,
            ),
          ),
          h('td', { class: 'number' }, item.daysLate),
        ),
      ),
      { id: 'late-table' },
    ),
  );
}

function progressCell(done: number, total: number): HTMLTableCellElement {
  return h(
    'td',
    { class: 'progress-cell' },
    h('progress', { max: Math.max(total, 1), value: done }),
    h('span', { class: 'number' }, `${done}/${total}`),
  );
}

export function renderCommitments(progress: CommitmentProgress, { x }: View): void {
  const rows = progress.offices.map((o) =>
    h(
      'tr',
      { 'data-office': o.officeId },
      h('td', { class: 'nowrap' }, o.officeName),
      h('td', { class: 'number' }, o.total),
      progressCell(o.commitmentsComplete, o.total),
      progressCell(o.plansSubmitted, o.total),
      progressCell(o.selfAssessmentsSubmitted, o.total),
    ),
  );
  replace(
    byId('commitments'),
    h('p', { class: 'note' }, x.commitmentDue(progress.commitmentDueDate, progress.selfAssessmentDueDate)),
    rows.length === 0
      ? h('p', { class: 'empty' }, x.noOffices)
      : table([x.office, x.enterprises, x.commitments, x.plans, x.selfAssessments], rows, { id: 'commitments-table' }),
  );
}

/** Mails in doubt are an incident: shown above everything until someone settles them. */
export function renderUncertain(log: MailLogPage, { x }: View): void {
  const banner = byId('uncertain-banner');
  banner.hidden = log.total === 0;
  banner.textContent = log.total === 0 ? '' : x.uncertainBanner(log.total);
}

export function renderMails(mails: NextMails, { x }: View): void {
  const noteText = labelFor({ draft: x.draftMails, finished: x.finishedMails }, mails.campaignStatus);
  const note = noteText ? h('p', { class: 'note' }, noteText) : null;
  if (mails.items.length === 0) {
    replace(byId('mails'), note, h('p', { class: 'empty' }, x.noMails));
    return;
  }
  replace(
    byId('mails'),
    note,
    table(
      [x.when, x.office, x.item, x.step, x.recipients],
      mails.items.map((m) =>
        h(
          'tr',
          { 'data-office': m.officeId, 'data-obligation': m.obligationKey, 'data-step': m.step },
          h('td', { class: 'nowrap' }, wallTime(m.at)),
          h('td', { class: 'nowrap' }, m.officeName),
          h(
            'td',
            {},
            m.title,
            h('span', { class: 'muted nowrap' }, ` · ${x.dueDate} ${m.dueDate}`),
            m.openEnterprises === null ? null : h('span', { class: 'tag' }, x.digest(m.openEnterprises)),
          ),
          h('td', {}, h('span', { class: `step step-${m.stepKind}` }, stepLabel(m.step, x))),
          h('td', { class: 'recipients' }, m.recipients.join(', ')),
        ),
      ),
      { id: 'mails-table' },
    ),
  );
}
