import type { PrismaClient } from '../lib/db.js';
import type { Mailer } from '../lib/mailer.js';
import { sendMailOnce } from './mail.js';
import type { MailRequest, MailResult } from './types.js';

export interface ActivityDeps {
  db: PrismaClient;
  mailer: Mailer;
}

/** Thin activities: each one a single side effect, idempotent under retries. */
export function createActivities(deps: ActivityDeps) {
  return {
    async sendMail(mail: MailRequest): Promise<MailResult> {
      return sendMailOnce(deps, mail);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
