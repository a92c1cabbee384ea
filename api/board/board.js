/* global document, window, sessionStorage, fetch, history, URLSearchParams */
// The status board. A static page: every figure comes from the JSON API with the signed-in user's bearer token.
// The page runs under a strict Content-Security-Policy (no inline script or style, no eval, same origin only):
// the DOM is built with createElement and text nodes only (no markup is ever parsed), colours come from CSS classes.

const TOKEN_KEY = 'campaign-engine.board.token';
const STATUSES = ['on-time', 'late-with-extension', 'late', 'missing', 'upcoming'];
const SVG_NS = 'http://www.w3.org/2000/svg';
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Every label the user sees, in both languages. */
const TEXT = {
  'zh-CN': {
    title: '专项行动状态看板',
    campaign: '专项行动',
    refresh: '刷新',
    langToggle: 'English',
    signOut: '退出登录',
    signInTitle: '登录',
    signInHint: '请粘贴县局发放的访问令牌（ce_…）。令牌只保存在本浏览器标签页中，退出登录或关闭标签页即清除。',
    tokenLabel: '访问令牌',
    signInButton: '登录',
    signedOut: '已退出登录。',
    loading: '正在加载…',
    updatedAt: (time) => `数据更新于 ${time}`,
    asOf: (date) => `按 ${date} 的情况显示`,
    noCampaign: '还没有专项行动。',
    uncertainBanner: (n) =>
      `有${n}封邮件可能未送达：邮件服务器的答复丢失，系统为避免重复提醒未自动重发。请向收件人核实，然后在邮件日志中标记“已送达”或“重新发送”（POST /mail-log/uncertain/resolve）。`,
    ownOffice: '仅显示本所数据',
    roles: { 'bureau-admin': '县局管理员', 'office-staff': '监管所工作人员', viewer: '只读用户' },
    signedInAs: (name, role) => `${name}（${role}）`,
    campaignLine: (name, status) => `${name}（${status}）`,
    campaignStatus: { draft: '未启动', running: '运行中', finished: '已结束' },
    timelineTitle: '行动阶段',
    phaseState: { ended: '已结束', current: '进行中', upcoming: '未开始' },
    today: '今天',
    daysLeft: (n) => (n > 0 ? `还剩 ${n} 天` : n === 0 ? '今天截止' : `已结束 ${-n} 天`),
    currentPhase: (name) => `当前阶段：${name}`,
    notStarted: '行动尚未开始',
    finished: '各阶段均已结束',
    source: { workflow: '（由运行中的工作流给出）', plan: '（按计划推算）' },
    gridTitle: '月报报送情况（单位 × 月份）',
    office: '单位',
    rate: '按时率',
    status: { 'on-time': '按时', 'late-with-extension': '延期内', late: '逾期', missing: '未报', upcoming: '未到期' },
    statusLong: {
      'on-time': '按时报送',
      'late-with-extension': '获批延期，在延期内报送',
      late: '逾期报送（截止日后才报送）',
      missing: '已过截止日，仍未报送',
      upcoming: '尚未到截止日',
    },
    cellTitle: (office, period, status, due) => `${office} · ${period}：${status}（截止 ${due}）`,
    yearEnd: '年度总结',
    month: (period) => `${Number(period.slice(5, 7))}月`,
    lateTitle: '逾期清单',
    item: '事项',
    dueDate: '截止日期',
    state: '状态',
    daysLate: '逾期天数',
    lateState: { overdue: '已逾期', late: '超过最后期限' },
    lateStateHint: { overdue: '已过截止日', late: '已过最后期限，升级报县局督办' },
    extended: '已延期',
    noneLate: '没有逾期事项。',
    commitmentsTitle: '企业承诺进度',
    commitmentDue: (date, selfDate) =>
      `告知书送达、承诺书签订及四份备案须于 ${date} 前完成；企业自评报告默认于 ${selfDate} 前提交。`,
    enterprises: '企业数',
    commitments: '承诺书及四份备案',
    plans: '年度计划',
    selfAssessments: '自评报告',
    noOffices: '没有单位。',
    mailsTitle: '即将发送的邮件',
    when: '发送时间',
    step: '环节',
    recipients: '收件人',
    steps: {
      'reminder-due-day': '截止日提醒',
      overdue: '逾期通知',
      escalation: '升级督办（报县局）',
      wd: (n) => `提前 ${n} 个工作日提醒`,
      cd: (n) => `提前 ${n} 天提醒`,
    },
    digest: (n) => `企业汇总（${n} 家未完成）`,
    draftMails: '本行动尚未启动：启动后才会按下列计划发送邮件。',
    finishedMails: '本行动已结束：不再发送邮件。',
    noMails: '没有待发送的邮件。',
    networkError: '无法连接服务器，请稍后刷新。',
    httpError: (status, detail) => `请求失败（${status}）：${detail}`,
  },
  en: {
    title: 'Campaign status board',
    campaign: 'Campaign',
    refresh: 'Refresh',
    langToggle: '中文',
    signOut: 'Sign out',
    signInTitle: 'Sign in',
    signInHint:
      'Paste the access token the bureau issued to you (ce_…). It is kept in this browser tab only and cleared when you sign out or close the tab.',
    tokenLabel: 'Access token',
    signInButton: 'Sign in',
    signedOut: 'Signed out.',
    loading: 'Loading…',
    updatedAt: (time) => `Data as of ${time}`,
    asOf: (date) => `shown as of ${date}`,
    noCampaign: 'There is no campaign yet.',
    uncertainBanner: (n) =>
      `${n} ${n === 1 ? 'mail' : 'mails'} may not have been delivered: the mail server's answer was lost, and the system did not resend to avoid a duplicate reminder. Please check with the recipients, then mark each delivered or send it again from the mail log (POST /mail-log/uncertain/resolve).`,
    ownOffice: 'Showing your office only',
    roles: { 'bureau-admin': 'bureau admin', 'office-staff': 'office staff', viewer: 'viewer' },
    signedInAs: (name, role) => `${name} (${role})`,
    campaignLine: (name, status) => `${name} (${status})`,
    campaignStatus: { draft: 'not started', running: 'running', finished: 'finished' },
    timelineTitle: 'Campaign phases',
    phaseState: { ended: 'ended', current: 'in progress', upcoming: 'upcoming' },
    today: 'today',
    daysLeft: (n) =>
      n > 0
        ? `${n} day${n === 1 ? '' : 's'} left`
        : n === 0
          ? 'due today'
          : `ended ${-n} day${n === -1 ? '' : 's'} ago`,
    currentPhase: (name) => `Current phase: ${name}`,
    notStarted: 'The campaign has not begun',
    finished: 'Every phase has ended',
    source: { workflow: '(reported by the running workflow)', plan: '(computed from the plan)' },
    gridTitle: 'Monthly reports (office × month)',
    office: 'Office',
    rate: 'On-time rate',
    status: {
      'on-time': 'on time',
      'late-with-extension': 'extended',
      late: 'late',
      missing: 'missing',
      upcoming: 'upcoming',
    },
    statusLong: {
      'on-time': 'Reported on time',
      'late-with-extension': 'Reported after the due day, within an approved extension',
      late: 'Reported late (after the due day)',
      missing: 'Not reported, past the due day',
      upcoming: 'Not due yet',
    },
    cellTitle: (office, period, status, due) => `${office} · ${period}: ${status} (due ${due})`,
    yearEnd: 'Year-end',
    month: (period) => MONTHS_EN[Number(period.slice(5, 7)) - 1] ?? period,
    lateTitle: 'Late list',
    item: 'Item',
    dueDate: 'Due',
    state: 'State',
    daysLate: 'Days late',
    lateState: { overdue: 'overdue', late: 'past hard deadline' },
    lateStateHint: { overdue: 'past the due day', late: 'past the hard deadline: escalated to the bureau' },
    extended: 'extended',
    noneLate: 'Nothing is late.',
    commitmentsTitle: 'Enterprise commitments',
    commitmentDue: (date, selfDate) =>
      `Notices served, commitments signed and all four copies filed by ${date}; self-assessment reports by ${selfDate} unless committed otherwise.`,
    enterprises: 'Enterprises',
    commitments: 'Commitments',
    plans: 'Yearly plans',
    selfAssessments: 'Self-assessments',
    noOffices: 'No offices.',
    mailsTitle: 'Next mails',
    when: 'When',
    step: 'Step',
    recipients: 'Recipients',
    steps: {
      'reminder-due-day': 'due-day reminder',
      overdue: 'overdue notice',
      escalation: 'escalation to the bureau',
      wd: (n) => `reminder ${n} working day${n === '1' ? '' : 's'} before`,
      cd: (n) => `reminder ${n} day${n === '1' ? '' : 's'} before`,
    },
    digest: (n) => `enterprise digest (${n} open)`,
    draftMails: 'This campaign has not been started: these mails go out only once it is.',
    finishedMails: 'This campaign has finished: it sends no more mails.',
    noMails: 'No mail is planned.',
    networkError: 'Cannot reach the server; refresh in a moment.',
    httpError: (status, detail) => `Request failed (${status}): ${detail}`,
  },
};

const params = new URLSearchParams(window.location.search);
const state = {
  lang: params.get('lang') === 'en' ? 'en' : 'zh-CN',
  campaignId: params.get('campaign'),
  asOf: params.get('asOf'),
  loadSeq: 0,
};
const t = () => TEXT[state.lang];

const byId = (id) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from board.html`);
  return element;
};

/** An element with attributes and children (strings become text nodes). Never parses markup. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return element;
}

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG_NS, tag);
  setAttributes(element, attributes);
  if (text !== undefined) element.textContent = text;
  return element;
}

function setAttributes(element, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'style' || name.startsWith('on')) throw new Error(`refusing attribute ${name}`);
    element.setAttribute(name, value === true ? '' : String(value));
  }
}

function replace(container, ...children) {
  container.replaceChildren(...children.flat().filter(Boolean));
}

class AuthError extends Error {}
class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/** GET a JSON API path with the user's token; a 401 means the token is gone or wrong. */
async function api(path) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) throw new AuthError('');
  let response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  } catch {
    throw new ApiError(0, t().networkError);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const detail = body && typeof body.detail === 'string' ? body.detail : response.statusText;
  if (response.status === 401) throw new AuthError(detail);
  if (!response.ok) throw new ApiError(response.status, detail);
  return body;
}

function query(values) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) q.set(key, value);
  const text = q.toString();
  return text ? `?${text}` : '';
}

function syncUrl() {
  const q = new URLSearchParams(window.location.search);
  if (state.lang === 'en') q.set('lang', 'en');
  else q.delete('lang');
  if (state.campaignId) q.set('campaign', state.campaignId);
  const text = q.toString();
  history.replaceState(null, '', `${window.location.pathname}${text ? `?${text}` : ''}`);
}

function setPageState(value) {
  document.body.dataset.state = value;
}

/** The labels of the static shell, in the current language. */
function applyShellText() {
  const x = t();
  document.documentElement.lang = state.lang;
  document.title = x.title;
  byId('title').textContent = x.title;
  byId('campaign-label').textContent = x.campaign;
  byId('refresh').textContent = x.refresh;
  const toggle = byId('lang-toggle');
  toggle.textContent = x.langToggle;
  toggle.setAttribute('lang', state.lang === 'en' ? 'zh-CN' : 'en');
  byId('sign-out').textContent = x.signOut;
  byId('sign-in-title').textContent = x.signInTitle;
  byId('sign-in-hint').textContent = x.signInHint;
  byId('token-label').textContent = x.tokenLabel;
  byId('sign-in-button').textContent = x.signInButton;
  byId('timeline-title').textContent = x.timelineTitle;
  byId('grid-title').textContent = x.gridTitle;
  byId('late-title').textContent = x.lateTitle;
  byId('commitments-title').textContent = x.commitmentsTitle;
  byId('mails-title').textContent = x.mailsTitle;
}

/** The sign-in form; `message` is the API's reason (an error) or a notice such as "signed out". */
function showSignIn(message, kind = 'error') {
  setPageState('signed-out');
  byId('board').hidden = true;
  byId('sign-out').hidden = true;
  byId('refresh').hidden = true;
  byId('campaign-picker').hidden = true;
  byId('who').textContent = '';
  byId('status-line').textContent = '';
  byId('error').hidden = true;
  byId('sign-in').hidden = false;
  const error = byId('sign-in-error');
  error.textContent = message ?? '';
  error.className = kind;
  error.hidden = !message;
  byId('token-input').focus();
}

function showError(message) {
  const error = byId('error');
  error.textContent = message;
  error.hidden = false;
}

// ---- dates ---------------------------------------------------------------------------------------------------

/** The local date (YYYY-MM-DD) of an instant in the campaign's time zone. */
function localDateIn(ms, timeZone) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(ms))
    .reduce((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** '2024-04-26T09:00:00.000+08:00' → '2024-04-26 09:00' (already in the campaign's zone). */
function wallTime(iso) {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

function periodLabel(period) {
  return period === 'year-end' ? t().yearEnd : t().month(period);
}

// ---- sections ------------------------------------------------------------------------------------------------

/**
 * The five phases on a proportional bar with today marked, and one card per phase, as the API tells them:
 * now from the running workflow, or at `asOf` from the plan.
 */
function renderTimeline(status) {
  const x = t();
  const atMs = state.asOf ? Date.parse(state.asOf) : Date.now();
  const today = status.today;
  const phases = status.phases.map((p) => ({ ...p, startMs: Date.parse(p.startAt), endMs: Date.parse(p.deadlineAt) }));
  const current = status.currentPhase;
  const name = (p) => (state.lang === 'en' ? p.nameEn : p.nameZh);
  const currentPhase = phases.find((p) => p.key === current);
  const headline = currentPhase
    ? x.currentPhase(name(currentPhase))
    : current === 'finished'
      ? x.finished
      : x.notStarted;

  const first = phases[0]?.startMs ?? atMs;
  const last = phases[phases.length - 1]?.endMs ?? atMs;
  const span = Math.max(last - first, 1);
  const WIDTH = 1000;
  const xOf = (ms) => Math.min(Math.max(((ms - first) / span) * WIDTH, 0), WIDTH);
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
        h('span', { class: 'phase-state' }, x.phaseState[p.state] ?? p.state),
        p.state === 'ended' ? null : h('span', { class: 'phase-days' }, x.daysLeft(p.daysLeft)),
      ),
    ),
  );
  const sourceNote = state.asOf ? '' : ` ${x.source[status.source] ?? ''}`;
  replace(
    byId('timeline'),
    h('p', { class: 'headline', 'data-current-phase': current }, headline + sourceNote),
    bar,
    cards,
  );
}

function renderLegend() {
  const x = t();
  replace(
    byId('legend'),
    STATUSES.map((s) =>
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
function renderGrid(rates) {
  const x = t();
  const grid = byId('grid');
  const periods = rates.periods;
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      h('th', { scope: 'col' }, x.office),
      periods.map((p) =>
        h('th', { scope: 'col', 'data-month': p.period, title: `${p.period} · ${p.dueDate}` }, periodLabel(p.period)),
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
          return h(
            'td',
            {
              class: `cell status-${status}`,
              'data-status': status,
              'data-office': office.officeId,
              'data-month': p.period,
              title: x.cellTitle(office.officeName, periodLabel(p.period), x.statusLong[status] ?? status, p.dueDate),
            },
            x.status[status] ?? status,
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
        const due = STATUSES.filter((s) => s !== 'upcoming').reduce((n, s) => n + (p.counts[s] ?? 0), 0);
        return h('td', { 'data-month': p.period }, due === 0 ? '–' : `${Math.round(p.rate * 100)}%`);
      }),
    ),
  );
  replace(grid, head, body, foot);
}

/** A list table in a scrolling box: a county has hundreds of offices. */
function table(columns, rows, attributes = {}) {
  return h('div', { class: 'scroll tall' }, listTable(columns, rows, attributes));
}

function listTable(columns, rows, attributes) {
  return h(
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
  );
}

function renderLate(late) {
  const x = t();
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
              { class: `state state-${item.state}`, title: x.lateStateHint[item.state] ?? null },
              x.lateState[item.state] ?? item.state,
            ),
          ),
          h('td', { class: 'number' }, item.daysLate),
        ),
      ),
      { id: 'late-table' },
    ),
  );
}

function progressCell(done, total) {
  return h(
    'td',
    { class: 'progress-cell' },
    h('progress', { max: Math.max(total, 1), value: done }),
    h('span', { class: 'number' }, `${done}/${total}`),
  );
}

function renderCommitments(progress) {
  const x = t();
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

function stepLabel(step) {
  const steps = t().steps;
  if (typeof steps[step] === 'string') return steps[step];
  const match = /^reminder-(\d+)(wd|cd)$/.exec(step);
  return match ? steps[match[2]](match[1]) : step;
}

/** Mails in doubt are an incident: shown above everything until someone settles them. */
function renderUncertain(log) {
  const banner = byId('uncertain-banner');
  banner.hidden = log.total === 0;
  banner.textContent = log.total === 0 ? '' : t().uncertainBanner(log.total);
}

function renderMails(mails) {
  const x = t();
  const notes = { draft: x.draftMails, finished: x.finishedMails };
  const note = notes[mails.campaignStatus] ? h('p', { class: 'note' }, notes[mails.campaignStatus]) : null;
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
          h('td', {}, h('span', { class: `step step-${m.stepKind}` }, stepLabel(m.step))),
          h('td', { class: 'recipients' }, m.recipients.join(', ')),
        ),
      ),
      { id: 'mails-table' },
    ),
  );
}

// ---- loading -------------------------------------------------------------------------------------------------

function renderCampaignPicker(campaigns) {
  const select = byId('campaign-select');
  replace(
    select,
    campaigns.map((c) =>
      h(
        'option',
        { value: c.id, selected: c.id === state.campaignId },
        `${t().campaignLine(c.name, t().campaignStatus[c.status] ?? c.status)} · ${c.year}`,
      ),
    ),
  );
  byId('campaign-picker').hidden = campaigns.length < 2;
}

/** The campaign in the address, else the newest running one, else the newest. */
function pickCampaign(campaigns) {
  if (campaigns.some((c) => c.id === state.campaignId)) return state.campaignId;
  const running = campaigns.filter((c) => c.status === 'running');
  return (running[running.length - 1] ?? campaigns[campaigns.length - 1]).id;
}

async function load() {
  const seq = ++state.loadSeq;
  const x = t();
  setPageState('loading');
  byId('sign-in').hidden = true;
  byId('error').hidden = true;
  byId('status-line').textContent = x.loading;
  try {
    const [me, campaigns] = await Promise.all([api('/me'), api('/campaigns')]);
    if (seq !== state.loadSeq) return;
    byId('sign-out').hidden = false;
    byId('refresh').hidden = false;
    const role = x.roles[me.role] ?? me.role;
    byId('who').textContent = x.signedInAs(me.name, role) + (me.role === 'office-staff' ? ` · ${x.ownOffice}` : '');
    if (campaigns.length === 0) {
      byId('board').hidden = true;
      byId('status-line').textContent = x.noCampaign;
      setPageState('ready');
      return;
    }
    state.campaignId = pickCampaign(campaigns);
    syncUrl();
    renderCampaignPicker(campaigns);
    const campaign = campaigns.find((c) => c.id === state.campaignId);
    const base = `/campaigns/${encodeURIComponent(state.campaignId)}`;
    const asOf = state.asOf ?? undefined;
    const [status, rates, late, progress, mails, uncertain] = await Promise.all([
      api(`${base}/status${query({ asOf })}`),
      api(`${base}/reporting-rates${query({ asOf })}`),
      api(`${base}/late${query({ asOf, lang: state.lang })}`),
      api(`${base}/commitment-progress`),
      api(`${base}/next-mails${query({ asOf, lang: state.lang, limit: '20' })}`),
      api(`/mail-log${query({ campaignId: state.campaignId, state: 'uncertain', limit: '1' })}`),
    ]);
    if (seq !== state.loadSeq) return;
    const timeZone = (campaign.template && campaign.template.timeZone) || 'Asia/Shanghai';
    renderTimeline(status);
    renderLegend();
    renderGrid(rates);
    renderLate(late);
    renderCommitments(progress);
    renderMails(mails);
    renderUncertain(uncertain);
    const time = new Date().toLocaleTimeString(state.lang, { hour12: false });
    const parts = [
      x.campaignLine(campaign.name, x.campaignStatus[campaign.status] ?? campaign.status),
      x.updatedAt(time),
      state.asOf ? x.asOf(localDateIn(Date.parse(state.asOf), timeZone)) : null,
    ];
    byId('status-line').textContent = parts.filter(Boolean).join(' · ');
    byId('board').hidden = false;
    setPageState('ready');
  } catch (error) {
    if (seq !== state.loadSeq) return;
    if (error instanceof AuthError) {
      sessionStorage.removeItem(TOKEN_KEY);
      showSignIn(error.message || undefined);
      return;
    }
    byId('status-line').textContent = '';
    showError(error instanceof ApiError && error.status ? x.httpError(error.status, error.message) : error.message);
    setPageState('error');
  }
}

function start() {
  applyShellText();
  byId('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId('token-input');
    const token = input.value.trim();
    if (!token) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    input.value = '';
    void load();
  });
  byId('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    state.loadSeq++;
    showSignIn(t().signedOut, 'notice');
  });
  byId('refresh').addEventListener('click', () => void load());
  byId('lang-toggle').addEventListener('click', () => {
    state.lang = state.lang === 'en' ? 'zh-CN' : 'en';
    syncUrl();
    applyShellText();
    if (sessionStorage.getItem(TOKEN_KEY)) void load();
    else showSignIn();
  });
  byId('campaign-select').addEventListener('change', (event) => {
    state.campaignId = event.target.value;
    void load();
  });
  syncUrl();
  if (sessionStorage.getItem(TOKEN_KEY)) void load();
  else showSignIn();
}

start();
