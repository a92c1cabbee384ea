import { byId, h, replace, svg } from '../shared/dom.js';
import type { CampaignStatus, Phase } from './api-types.js';
import type { View } from './view.js';

/** The bar's width in SVG units; it scales to the panel. */
const WIDTH = 1000;

/**
 * The five phases on a proportional bar with today marked, and one card per phase, as the API tells them:
 * now from the running workflow, or at `asOf` from the plan.
 */
export function renderTimeline(status: CampaignStatus, { x, lang, asOf }: View): void {
  const atMs = asOf ? Date.parse(asOf) : Date.now();
  const today = status.today;
  const phases = status.phases.map((p) => ({ ...p, startMs: Date.parse(p.startAt), endMs: Date.parse(p.deadlineAt) }));
  const current = status.currentPhase;
  const name = (p: Phase) => (lang === 'en' ? p.nameEn : p.nameZh);
  const currentPhase = phases.find((p) => p.key === current);
  const headline = currentPhase
    ? x.currentPhase(name(currentPhase))
    : current === 'finished'
      ? x.finished
      : x.notStarted;

  const first = phases[0]?.startMs ?? atMs;
  const last = phases[phases.length - 1]?.endMs ?? atMs;
  const span = Math.max(last - first, 1);
  const xOf = (ms: number) => Math.min(Math.max(((ms - first) / span) * WIDTH, 0), WIDTH);
  const bar = svg('svg', {
    viewBox: `0 -22 ${WIDTH} 70`,
    class: 'timeline-bar',
    role: 'img',
    'aria-label': `${x.timelineTitle}: ${headline}; ${x.today} ${today}`,
  });
  phases.forEach((p, i) => {
    const x0 = xOf(p.startMs);
    const x1 = xOf(p.endMs);
    bar.append(
      svg('rect', {
        x: x0.toFixed(1),
        y: 0,
        width: Math.max(x1 - x0 - 2, 1).toFixed(1),
        height: 34,
        rx: 4,
        class: `phase-rect phase-${p.state}`,
        'data-phase': p.key,
      }),
      svg('text', { x: ((x0 + x1) / 2).toFixed(1), y: 23, class: 'phase-number' }, String(i + 1)),
    );
  });
  const todayX = xOf(atMs);
  bar.append(
    svg('line', { x1: todayX.toFixed(1), x2: todayX.toFixed(1), y1: -6, y2: 44, class: 'today-line' }),
    svg(
      'text',
      {
        x: todayX.toFixed(1),
        y: -10,
        class: 'today-label',
        'text-anchor': todayX < 80 ? 'start' : todayX > WIDTH - 80 ? 'end' : 'middle',
      },
      `${x.today} ${today}`,
    ),
  );

  const cards = h(
    'ol',
    { class: 'phases' },
    phases.map((p) =>
      h(
        'li',
        {
          class: `phase-card phase-${p.state}`,
          'data-phase': p.key,
          'data-state': p.state,
          'aria-current': p.key === current ? 'step' : null,
        },
        h('span', { class: 'phase-name' }, name(p)),
        h('span', { class: 'phase-dates' }, `${p.startAt.slice(0, 10)} – ${p.deadline}`),
        h('span', { class: 'phase-state' }, x.phaseState[p.state]),
        p.state === 'ended' ? null : h('span', { class: 'phase-days' }, x.daysLeft(p.daysLeft)),
      ),
    ),
  );
  const sourceNote = asOf ? '' : ` ${x.source[status.source]}`;
  replace(
    byId('timeline'),
    h('p', { class: 'headline', 'data-current-phase': current }, headline + sourceNote),
    bar,
    cards,
  );
}
