import type { Prisma } from '../generated/prisma/client.js';

/** A plain, JSON-safe value (validated template, step detail) as Prisma's JSON column input. */
export function asJson(value: object): Prisma.InputJsonValue {
  // tsc needs the assertion (object is wider than InputJsonValue); typed lint resolves the generated type loosely.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  return value as Prisma.InputJsonValue;
}
