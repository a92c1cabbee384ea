/**
 * How far an escalation climbs: 督办 (supervision notice) → 约谈 (warning talk) → 通报 (public circular).
 * Import-free, so workflow code may use it (see domain/workflow-safe/phase-windows.ts).
 */
export const MAX_ESCALATION_LEVEL = 3;
