import { endOfLocalDay, localDateOf } from '../../domain/index.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { loadPlan, planStampSql } from '../campaigns/plan-store.js';
import { extensionInEffectSql } from '../extensions/extensions-in-effect.js';
import { ProblemError } from '../problem.js';
import { supervisionFactsByOffice } from '../supervision/open-supervision.js';
import {
  doneAtSql,
  obligationStatusAt,
  supervisionObligationStatus,
  type ObligationStatus,
} from './obligation-status.js';

/** An office obligation past its due day. */
export interface LateItem {
  officeId: string;
  officeCode: string;
  officeName: string;
  unitType: string;
  obligationKey: string;
  title: string;
  dueDate: string;
  /** overdue (past the due day) or late (past the hard deadline, escalated). */
  state: string;
  daysLate: number;
  extended: boolean;
}

interface Office {
  id: string;
  code: string;
  name: string;
  unitType: string;
}

/** An office obligation not done at the instant whose nominal due instant has passed, or that has an extension. */
interface Candidate extends Office {
  key: string;
  status: string | null;
  doneAtMs: bigint | null;
  extendedDueDate: string | null;
}

const isLate = (o: ObligationStatus) => o.state === 'overdue' || o.state === 'late';

type LateListInput = { campaignId: string; atMs: number; officeId?: string; language?: 'zh-CN' | 'en' };

/**
 * The late list at `atMs`: every office obligation past its due day, most days late first, then by office code.
 * Every office, or the one given. 404 if the campaign is missing.
 */
export async function lateList(deps: { db: PrismaClient }, input: LateListInput): Promise<LateItem[]> {
  return (await computeLateList(deps, input)).items;
}

/** A late list of "now" may be answered again for at most this long, even when nothing changed. */
export const LATE_LIST_REUSE_MS = 60_000;

interface Reusable {
  walPosition: string;
  validUntilMs: number;
  items: LateItem[];
}
// Per database client: tests run several databases in one process.
const reusable = new WeakMap<PrismaClient, Map<string, Reusable>>();

/**
 * The late list of now (the bureau's board asks for it often, and it is large), answered again while nothing can
 * have changed it: no write in the database since (PostgreSQL's write-ahead log insert position moves with every write,
 * whatever the table; the write position may lag behind a commit when commits are asynchronous) and no local midnight passed (every obligation turns overdue or late, and a day later,
 * at a local midnight), for at most LATE_LIST_REUSE_MS.
 */
export async function currentLateList(deps: { db: PrismaClient }, input: LateListInput): Promise<LateItem[]> {
  const [position] = await deps.db.$queryRaw<{ lsn: string }[]>`SELECT pg_current_wal_insert_lsn()::text AS lsn`.catch(
    () => [] as { lsn: string }[],
  ); // a standby has no position of its own: nothing is reused there
  const walPosition = position?.lsn;
  let cache = reusable.get(deps.db);
  if (!cache) reusable.set(deps.db, (cache = new Map<string, Reusable>()));
  const key = `${input.campaignId}|${input.officeId ?? ''}|${input.language ?? ''}`;
  const hit = cache.get(key);
  if (walPosition !== undefined && hit?.walPosition === walPosition && input.atMs < hit.validUntilMs) return hit.items;
  const { items, unchangedUntilMs } = await computeLateList(deps, input);
  if (walPosition !== undefined) {
    if (cache.size >= 1000) cache.clear();
    cache.set(key, { walPosition, validUntilMs: Math.min(unchangedUntilMs, input.atMs + LATE_LIST_REUSE_MS), items });
  }
  return items;
}

/**
 * The database returns only the obligations that can be late (not done by `atMs`, due by then unless extended); each
 * is then judged by the rule every status uses. `unchangedUntilMs`: the list cannot change before this instant
 * without a write (the next local midnight, or an obligation recorded as done later than `atMs`).
 */
async function computeLateList(
  deps: { db: PrismaClient },
  input: LateListInput,
): Promise<{ items: LateItem[]; unchangedUntilMs: number }> {
  const { db } = deps;
  const { campaignId, atMs, officeId } = input;
  const language = input.language ?? 'zh-CN';
  const [row] = await db.$queryRaw<{ stamp: string | null }[]>`SELECT ${planStampSql(campaignId)} AS stamp`;
  if (!row?.stamp) throw new ProblemError(404, 'Not found', `campaign ${campaignId} does not exist`);
  const loaded = await loadPlan(db, campaignId, row.stamp);
  const officeLevel = loaded.plan.obligations.filter((o) => o.responsible === 'office');
  const plannedByKey = new Map(officeLevel.map((o) => [o.key, o]));
  const [candidates, supervision] = await Promise.all([
    db.$queryRaw<Candidate[]>`
      SELECT o."id", o."code", o."name", o."unitType", p."key", s."status",
        (extract(epoch FROM s."doneAt") * 1000)::bigint AS "doneAtMs", ${extensionInEffectSql('s', atMs)} AS "extendedDueDate"
      FROM "Office" o
      CROSS JOIN unnest(${officeLevel.map((o) => o.key)}::text[], ${officeLevel.map((o) => o.dueAtMs)}::bigint[])
        AS p("key", "dueAtMs")
      LEFT JOIN "ObligationState" s
        ON s."campaignId" = ${campaignId} AND s."officeId" = o."id" AND s."obligationKey" = p."key"
      WHERE (p."dueAtMs" <= ${atMs} OR s."extendedDueDate" IS NOT NULL)
        AND NOT coalesce(${doneAtSql('s', atMs)}, false)
        ${officeId ? Prisma.sql`AND o."id" = ${officeId}` : Prisma.empty}`,
    supervisionFactsByOffice(db, loaded, officeId ? [officeId] : 'all'),
  ]);
  const today = localDateOf(atMs, loaded.template.timeZone);
  const item = (office: Office, o: ObligationStatus): LateItem => ({
    officeId: office.id,
    officeCode: office.code,
    officeName: office.name,
    unitType: office.unitType,
    obligationKey: o.key,
    title: o.title,
    dueDate: o.dueDate,
    state: o.state,
    daysLate: o.daysLate,
    extended: o.extended,
  });
  // Sorted here, not by the database: the plan's order breaks ties within an office, supervision items last.
  const items: (LateItem & { rank: number })[] = [];
  const rankOf = new Map(officeLevel.map((o, i) => [o.key, i]));
  const offices = new Map<string, Office>();
  let unchangedUntilMs = endOfLocalDay(today, loaded.template.timeZone).ms;
  for (const c of candidates) {
    offices.set(c.id, c);
    if (c.doneAtMs !== null && Number(c.doneAtMs) > atMs)
      unchangedUntilMs = Math.min(unchangedUntilMs, Number(c.doneAtMs));
    const stored =
      c.status === null
        ? undefined
        : {
            status: c.status,
            doneAt: c.doneAtMs === null ? null : new Date(Number(c.doneAtMs)),
            extendedDueDate: c.extendedDueDate,
          };
    const status = obligationStatusAt(loaded, plannedByKey.get(c.key)!, stored, atMs, language, today);
    if (isLate(status)) items.push({ ...item(c, status), rank: rankOf.get(c.key)! });
  }
  if (supervision.size > 0) {
    const unseen = [...supervision.keys()].filter((id) => !offices.has(id));
    if (unseen.length > 0) {
      const rows = await db.office.findMany({
        where: { id: { in: unseen } },
        select: { id: true, code: true, name: true, unitType: true },
      });
      for (const office of rows) offices.set(office.id, office);
    }
    for (const [id, facts] of supervision) {
      const office = offices.get(id);
      if (!office) continue; // removed meanwhile
      for (const [i, o] of supervisionObligationStatus(loaded, facts, atMs, language, today).entries()) {
        if (isLate(o)) items.push({ ...item(office, o), rank: officeLevel.length + i });
      }
    }
  }
  // Each office's place by code, compared once per office rather than once per pair of items.
  const codes = [...new Set(items.map((i) => i.officeCode))].sort((a, b) => a.localeCompare(b));
  const placeOf = new Map(codes.map((code, i) => [code, i]));
  const sorted = items
    .sort(
      (a, b) => b.daysLate - a.daysLate || placeOf.get(a.officeCode)! - placeOf.get(b.officeCode)! || a.rank - b.rank,
    )
    .map(({ rank: _rank, ...lateItem }) => lateItem);
  return { items: sorted, unchangedUntilMs };
}
