import { parseArgs } from 'node:util';

/** What one simulation run is asked to do. */
export interface SimulationOptions {
  /** Campaign year: the notice's plan (`defaultTemplate(year)`) from 02-28 of that year. */
  year: number;
  offices: number;
  enterprisesPerOffice: number;
  /** Seeds every scripted behaviour, name and code: the same seed gives the same output. */
  seed: number;
  /** Output folder for timeline.json, summary.json and report.html; undefined writes nothing. */
  outDir: string | undefined;
}

export const DEFAULTS = { offices: 12, enterprisesPerOffice: 20, seed: 1, outDir: 'simulation-out' } as const;
export const LIMITS = {
  year: [2000, 2099],
  offices: [1, 200],
  enterprisesPerOffice: [0, 200],
  seed: [0, 2 ** 32 - 1],
} as const;

export const USAGE = `usage: npm run simulate -- --year YYYY [--offices N] [--enterprises-per-office M] [--seed S] [--out DIR]

Runs the real campaign workflows and activities for a whole campaign year on the time-skipping Temporal
test server (embedded database, real SMTP catcher) with scripted offices and enterprises, supervision
switched on (assessments, inspections, hazards, guidance visits, enforcement), and writes timeline.json,
summary.json and report.html into DIR.

  --year YYYY                  campaign year (${LIMITS.year[0]}-${LIMITS.year[1]}), required
  --offices N                  supervision offices (${LIMITS.offices[0]}-${LIMITS.offices[1]}, default ${DEFAULTS.offices})
  --enterprises-per-office M   enterprises per office (${LIMITS.enterprisesPerOffice[0]}-${LIMITS.enterprisesPerOffice[1]}, default ${DEFAULTS.enterprisesPerOffice})
  --seed S                     seed of the scripted behaviours (whole number, default ${DEFAULTS.seed})
  --out DIR                    output folder (default ${DEFAULTS.outDir}/)`;

/** A bad command line: the message names the option and what it must be. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function wholeNumber(
  name: string,
  raw: string | undefined,
  fallback: number | undefined,
  range: readonly [number, number],
) {
  if (raw === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < range[0] || value > range[1]) {
    throw new UsageError(
      `--${name} must be a whole number from ${range[0]} to ${range[1]} (got ${JSON.stringify(raw)})`,
    );
  }
  return value;
}

/** Parses `--year 2024 --offices 3 ...`; `help` is true for -h/--help. Throws UsageError. */
export function parseSimulationArgs(argv: string[]): { help: true } | { help: false; options: SimulationOptions } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        year: { type: 'string' },
        offices: { type: 'string' },
        'enterprises-per-office': { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help === true) return { help: true };
  const text = (name: string) => {
    const v = values[name];
    return typeof v === 'string' ? v : undefined;
  };
  const out = text('out');
  if (out !== undefined && out.trim() === '') throw new UsageError('--out must name a folder');
  return {
    help: false,
    options: {
      year: wholeNumber('year', text('year'), undefined, LIMITS.year),
      offices: wholeNumber('offices', text('offices'), DEFAULTS.offices, LIMITS.offices),
      enterprisesPerOffice: wholeNumber(
        'enterprises-per-office',
        text('enterprises-per-office'),
        DEFAULTS.enterprisesPerOffice,
        LIMITS.enterprisesPerOffice,
      ),
      seed: wholeNumber('seed', text('seed'), DEFAULTS.seed, LIMITS.seed),
      outDir: out ?? DEFAULTS.outDir,
    },
  };
}
