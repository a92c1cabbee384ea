/**
 * Durable retries of a step whose mail could not be handed to the relay. Short refusals are already
 * retried within seconds inside one send (infra/mailer.ts); these take over for longer outages, and the
 * 5-minute cap bounds how late a relay that is back is noticed, even after an outage of hours.
 */
export const MAIL_STEP_RETRY = {
  initialInterval: '30 seconds',
  backoffCoefficient: 2,
  maximumInterval: '5 minutes',
} as const;
