/**
 * An enterprise's inspection obligations under differentiated supervision: month-aligned cycles from the plan's first
 * month, each as long as the interval of the enterprise's colour and standardization at the cycle's start. A
 * re-assessment to a shorter interval brings the cycle's end forward (counted from the re-assessment's month); one to
 * a longer interval takes effect from the next cycle. Every cycle ends by the plan's last month. One inspection
 * within a cycle fulfils it. An enterprise that joins the register mid-way owes the cycles ending after its first month.
 */
import { daysInMonth, formatLocalDate, type LocalDate, parseYearMonth, type YearMonth } from '../dates.js';
import { intervalMonthsFor, type RiskColour, type StandardizationState, type SupervisionRules } from './rules.js';

export interface Assessment {
  assessedOn: LocalDate;
  colour: RiskColour;
  previousColour: RiskColour;
  standardization: StandardizationState;
  previousStandardization: StandardizationState;
}

/** What the register and the assessment history say of an enterprise. */
export interface AssessedEnterprise {
  colour: RiskColour;
  standardization: StandardizationState;
  /** Oldest first (by assessedOn, then by recording). */
  assessments: readonly Assessment[];
  /**
   * The local day it joined the register. One that joins after the inspection months began owes no cycle ending in or
   * before the month it joined; the day is ignored when it is outside those months (a register loaded afterwards).
   */
  registeredOn?: LocalDate | null;
}

export interface AssessedState {
  colour: RiskColour;
  standardization: StandardizationState;
}

/** The colour and standardization in effect on `date`: the latest assessment on or before it. */
export function assessedStateOn(enterprise: AssessedEnterprise, date: LocalDate): AssessedState {
  let state: AssessedState | undefined;
  for (const a of enterprise.assessments) {
    if (a.assessedOn <= date) state = { colour: a.colour, standardization: a.standardization };
  }
  if (state) return state;
  const first = enterprise.assessments[0];
  return first
    ? { colour: first.previousColour, standardization: first.previousStandardization }
    : { colour: enterprise.colour, standardization: enterprise.standardization };
}

export interface InspectionCycle {
  from: LocalDate;
  /** The cycle's last day: the inspection is due by its end. */
  to: LocalDate;
}

function monthIndex(ym: YearMonth): number {
  const p = parseYearMonth(ym)!;
  return p.year * 12 + (p.month - 1);
}

function firstDayOf(index: number): LocalDate {
  return formatLocalDate(Math.floor(index / 12), (index % 12) + 1, 1);
}

function lastDayOf(index: number): LocalDate {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return formatLocalDate(year, month, daysInMonth(year, month));
}

/** The enterprise's cycles within the plan's months, oldest first. */
export function inspectionCycles(rules: SupervisionRules, enterprise: AssessedEnterprise): InspectionCycle[] {
  const first = monthIndex(rules.inspections.firstMonth);
  const last = monthIndex(rules.inspections.lastMonth);
  const registeredOn = enterprise.registeredOn;
  const joinedMonth =
    registeredOn && registeredOn > firstDayOf(first) && registeredOn <= lastDayOf(last)
      ? monthIndex(registeredOn.slice(0, 7))
      : undefined;
  const cycles: InspectionCycle[] = [];
  for (let start = first; start <= last;) {
    const from = firstDayOf(start);
    const state = assessedStateOn(enterprise, from);
    let end = Math.min(start + intervalMonthsFor(rules, state.standardization, state.colour) - 1, last);
    for (const a of enterprise.assessments) {
      if (a.assessedOn <= from || a.assessedOn > lastDayOf(end)) continue;
      const assessedMonth = monthIndex(a.assessedOn.slice(0, 7));
      end = Math.min(end, assessedMonth + intervalMonthsFor(rules, a.standardization, a.colour) - 1);
    }
    if (joinedMonth === undefined || end > joinedMonth) cycles.push({ from, to: lastDayOf(end) });
    start = end + 1;
  }
  return cycles;
}

/** The cycles not fulfilled by an inspection on one of `inspectedOn`. */
export function uninspectedCycles(
  rules: SupervisionRules,
  enterprise: AssessedEnterprise,
  inspectedOn: readonly LocalDate[],
): InspectionCycle[] {
  return inspectionCycles(rules, enterprise).filter((c) => !inspectedOn.some((d) => d >= c.from && d <= c.to));
}
