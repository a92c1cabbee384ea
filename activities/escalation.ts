import type { Client } from '@temporalio/client';
import { escalationAckDeadline, localDateOf } from '../domain/index.js';
import { findObligation, loadPlan, withExtension, type LoadedPlan } from '../lib/plan-store.js';
import { startWorkflowOnce } from '../lib/signals.js';
import { sendMailOnce, type MailDeps } from './mail.js';
import { escalationNoticeMessage, languageOf } from './messages.js';
import { workflowIds } from '../workflows/definitions.js';
import type { EscalationStart, EscalationWorkflowInput } from './types.js';

export interface TemporalDeps {
  client: Client;
  taskQueue: string;
}

interface Deps extends MailDeps {
  temporal: TemporalDeps;
}

/** The default acknowledge-by instant: the end of the n-th working day after the day it is raised. */
function defaultAckBy(loaded: LoadedPlan, fromMs: number): number {
  return escalationAckDeadline(loaded.template, loaded.calendar, fromMs).atMs;
}

/**
 * Records an escalation and starts its workflow. The workflow ID is the business key, so raising the
 * same escalation twice (a retried activity, a step run again, a double click) starts one workflow and one
 * record — also once the first has been settled and its workflow has ended.
 */
export async function startEscalation(
  deps: Deps,
  input: EscalationStart,
): Promise<{ escalationId: string; workflowId: string }> {
  const { db, temporal } = deps;
  const key = input.escalationKey ?? input.obligationKey;
  if (!key) throw new Error('an escalation needs an obligation key or an escalation key');
  const workflowId = workflowIds.escalation(input.campaignId, input.officeId, key);
  const loaded = await loadPlan(db, input.campaignId);
  const ackByMs = input.ackByMs ?? defaultAckBy(loaded, input.raisedAtMs);
  const escalation = await db.escalation.upsert({
    where: { workflowId },
    update: {},
    create: {
      campaignId: input.campaignId,
      officeId: input.officeId,
      obligationKey: input.obligationKey ?? null,
      origin: input.origin,
      level: input.level,
      reason: input.reason,
      ackBy: new Date(ackByMs),
      workflowId,
      events: { create: { at: new Date(input.raisedAtMs), kind: 'raised', level: input.level, detail: input.reason } },
    },
  });
  const args: EscalationWorkflowInput = {
    escalationId: escalation.id,
    campaignId: input.campaignId,
    officeId: input.officeId,
    level: escalation.level,
    ackByMs: escalation.ackBy.getTime(),
  };
  await startWorkflowOnce(temporal.client, 'escalationWorkflow', {
    taskQueue: temporal.taskQueue,
    workflowId,
    args: [args],
  });
  return { escalationId: escalation.id, workflowId };
}

/** The notice of the current level to the office head, with a copy to the bureau. */
export async function sendEscalationNotice(
  deps: Deps,
  input: { escalationId: string; level: number; ackByMs: number; atMs: number },
): Promise<void> {
  const { db } = deps;
  const escalation = await db.escalation.findUniqueOrThrow({ where: { id: input.escalationId } });
  const loaded = await loadPlan(db, escalation.campaignId);
  const office = await db.office.findUniqueOrThrow({ where: { id: escalation.officeId } });
  const planned = escalation.obligationKey ? findObligation(loaded, escalation.obligationKey) : undefined;
  const state = escalation.obligationKey
    ? await db.obligationState.findUnique({
        where: {
          campaignId_officeId_obligationKey: {
            campaignId: escalation.campaignId,
            officeId: escalation.officeId,
            obligationKey: escalation.obligationKey,
          },
        },
      })
    : null;
  const obligation = planned ? withExtension(loaded, planned, state?.extendedDueDate) : undefined;
  const ackByDate = localDateOf(input.ackByMs - 1, loaded.template.timeZone);
  const recipients = [
    { to: office.headEmail, language: languageOf(office.language) },
    { to: loaded.campaign.bureauEmail, language: languageOf(loaded.campaign.bureauLanguage) },
  ];
  for (const r of recipients) {
    const message = escalationNoticeMessage(r.language, {
      level: input.level,
      reason: escalation.reason,
      ackByDate,
      officeName: office.name,
      ...(obligation
        ? {
            obligation: {
              titleZh: obligation.titleZh,
              titleEn: obligation.titleEn,
              dueDate: obligation.dueDate,
              hardDueDate: obligation.hardDueDate,
            },
          }
        : {}),
    });
    await sendMailOnce(
      deps,
      {
        key: `${escalation.campaignId}/escalation/${escalation.id}/level-${input.level}/${r.to}`,
        to: r.to,
        subject: message.subject,
        text: message.text,
        language: r.language,
        campaignId: escalation.campaignId,
        obligationKey: escalation.obligationKey ?? `escalation:${escalation.id}`,
        step: `escalation-level-${input.level}`,
        scheduledForMs: input.atMs,
      },
      { kind: 'escalation-notice' },
    );
  }
}

/** No acknowledgement in time: one level up, with a fresh acknowledge-by date. Returns it (epoch ms). */
export async function climbEscalation(
  deps: Deps,
  input: { escalationId: string; level: number; atMs: number },
): Promise<number> {
  const { db } = deps;
  const escalation = await db.escalation.findUniqueOrThrow({ where: { id: input.escalationId } });
  if (escalation.level >= input.level) return escalation.ackBy.getTime();
  const loaded = await loadPlan(db, escalation.campaignId);
  const ackBy = new Date(defaultAckBy(loaded, input.atMs));
  await db.escalation.update({
    where: { id: input.escalationId },
    data: {
      level: input.level,
      ackBy,
      events: {
        create: {
          at: new Date(input.atMs),
          kind: 'climbed',
          level: input.level,
          detail: `not acknowledged by ${escalation.ackBy.toISOString()}`,
        },
      },
    },
  });
  return ackBy.getTime();
}

export async function settleEscalation(
  deps: Deps,
  input: { escalationId: string; outcome: 'acknowledged' | 'unacknowledged'; level: number; atMs: number; by?: string },
): Promise<void> {
  const { db } = deps;
  const escalation = await db.escalation.findUniqueOrThrow({ where: { id: input.escalationId } });
  if (escalation.status !== 'open') return;
  await db.escalation.update({
    where: { id: input.escalationId },
    data: {
      status: input.outcome,
      ...(input.outcome === 'acknowledged'
        ? {
            acknowledgedAt: escalation.acknowledgedAt ?? new Date(input.atMs),
            acknowledgedBy: escalation.acknowledgedBy ?? input.by ?? null,
          }
        : {}),
      events: {
        create: { at: new Date(input.atMs), kind: input.outcome, level: input.level, detail: input.by ?? null },
      },
    },
  });
}
