import { Type } from '@sinclair/typebox';
import type { AppDeps } from './deps.js';

/** `?asOf=`: read the state at another instant than now (status views, the board, metrics tests). */
export const AsOfInstant = Type.String({ format: 'date-time', description: 'evaluate at this instant instead of now' });

/** The instant a read is evaluated at: the caller's asOf, or now by the app's clock (which tests pin). */
export function instantOf(deps: AppDeps, asOf: string | undefined): number {
  return asOf ? Date.parse(asOf) : (deps.clock ?? Date.now)();
}
