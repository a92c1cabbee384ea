import { mergeTemplate, validateTemplate, type CampaignTemplate } from '../../domain/index.js';
import { ProblemError } from '../problem.js';

/** Template errors carry paths inside the template; in a request they live under `template`. */
function templateProblem(errors: { path: string; message: string }[]): ProblemError {
  return new ProblemError(
    422,
    'Invalid campaign template',
    errors.map((e) => `template.${e.path}: ${e.message}`).join('; '),
    errors.map((e) => ({ path: e.path ? `template.${e.path}` : 'template', message: e.message })),
  );
}

/**
 * `base` with the caller's overrides merged in, validated; a 422 naming every bad field otherwise. The year
 * is fixed by the base: a campaign never moves to another year.
 */
export function checkedTemplate(
  base: CampaignTemplate,
  overrides: Record<string, unknown> | undefined,
): CampaignTemplate {
  const result = validateTemplate(mergeTemplate(base, overrides ?? {}));
  if (!result.ok) throw templateProblem(result.errors);
  if (result.template.year !== base.year) {
    throw templateProblem([
      { path: 'year', message: `the campaign year is ${base.year}; create a new campaign for another year` },
    ]);
  }
  return result.template;
}
