import type { FastifyRequest } from 'fastify';

/**
 * The template changes of a request body (`template`, what `POST /campaigns`, `PATCH /campaigns/:id` and
 * `POST /campaigns/:id/calendar/preview` take) are documented by their schema, but checked by the use case on the
 * merged template (domain `validateTemplate`: the same schema plus the cross-field rules, through
 * app/campaigns/checked-template.ts), so that one 422 names every bad field, shape and cross-field alike, and no
 * template value is coerced by the server's Ajv (it coerces types: `"5"` would pass as 5). A template object is
 * therefore held back from Ajv (`holdTemplate`, a preValidation hook) and handed to the use case as sent
 * (`heldTemplate`); anything else under `template` (a string, an array, null) is left to Ajv, which answers 400.
 */
const heldTemplates = new WeakMap<object, Record<string, unknown>>();

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** preValidation hook: takes a `template` object out of the body before Ajv sees it. */
export async function holdTemplate(request: FastifyRequest): Promise<void> {
  const body = request.body;
  if (isPlainObject(body) && isPlainObject(body.template)) {
    heldTemplates.set(request, body.template);
    delete body.template;
  }
}

/** The template changes of the request as sent (see holdTemplate). */
export function heldTemplate(request: FastifyRequest): Record<string, unknown> | undefined {
  return heldTemplates.get(request);
}
