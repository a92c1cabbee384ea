import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../api/plugins/security.js';
import { buildTestApp, type BuiltTestApp } from '../support/app.js';

/**
 * Swagger UI under /docs keeps the strict content-security policy every other answer has, and the OpenAPI document
 * says truthfully who needs a token and which inputs may be left out.
 */

type Schema = { [key: string]: unknown; properties?: Record<string, Schema>; required?: string[]; default?: unknown };

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
  content?: Record<string, { schema?: Schema }>;
}

interface Operation {
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}

interface OpenApi {
  security?: unknown[];
  paths: Record<string, Record<string, Operation>>;
}

/** Every answer of Swagger UI: its page with and without the slash, its assets, the document in both forms. */
const DOCS_URLS = [
  '/docs',
  '/docs/',
  '/docs/static/swagger-ui-bundle.js',
  '/docs/static/swagger-ui-standalone-preset.js',
  '/docs/static/swagger-initializer.js',
  '/docs/static/swagger-ui.css',
  '/docs/static/oauth2-redirect.html',
  '/docs/json',
  '/docs/yaml',
  '/docs/static/no-such-file.js',
];

/** A policy as its directives, each with its sources. */
function directivesOf(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

function operationsOf(document: OpenApi): { method: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({ method, path, operation })),
  );
}

/** Every object schema inside `schema` (properties, items, allOf/anyOf/oneOf… at any depth), with where it is. */
function objectSchemasIn(schema: unknown, where: string): { schema: Schema; where: string }[] {
  if (schema === null || typeof schema !== 'object') return [];
  const found = Array.isArray(schema) ? [] : [{ schema: schema as Schema, where }];
  return [...found, ...Object.entries(schema).flatMap(([key, child]) => objectSchemasIn(child, `${where}/${key}`))];
}

/** The tags of an HTML page with their attributes, and an inline element's text. */
function elementsOf(html: string, tag: string): { attributes: Record<string, string>; text: string }[] {
  const pattern = new RegExp(`<${tag}\\b([^>]*)>(?:([\\s\\S]*?)</${tag}>)?`, 'gi');
  return [...html.matchAll(pattern)].map((match) => ({
    attributes: Object.fromEntries(
      [...match[1]!.matchAll(/([\w-]+)\s*=\s*"([^"]*)"/g)].map(([, name, value]) => [name!.toLowerCase(), value!]),
    ),
    text: match[2] ?? '',
  }));
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('/docs and the OpenAPI document: strict policy, truthful security marks and optional inputs', () => {
  let api: BuiltTestApp;
  let document: OpenApi;

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub' });
    document = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json<OpenApi>();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('Swagger UI under /docs answers with the strict policy: same origin only, no swagger validator, no upgrade on plain http', async () => {
    expect(api.app.deps.config.publicUrl).toMatch(/^http:/);
    const everyAnswer = directivesOf(CONTENT_SECURITY_POLICY);
    for (const url of DOCS_URLS) {
      const response = await api.app.inject({ method: 'GET', url });
      const policy = response.headers['content-security-policy'];
      expect(policy, url).toEqual(expect.any(String));
      const directives = directivesOf(policy as string);
      expect(directives.get('default-src'), url).toEqual(["'self'"]);
      expect(directives.get('script-src'), url).toEqual(["'self'"]);
      expect(directives.get('connect-src'), url).toEqual(["'self'"]);
      expect(directives.get('img-src'), url).toEqual(["'self'", 'data:']);
      expect(directives.get('object-src'), url).toEqual(["'none'"]);
      expect(directives.get('base-uri'), url).toEqual(["'none'"]);
      expect(directives.get('frame-ancestors'), url).toEqual(["'none'"]);
      // Styles: this origin's, plus at most inline blocks allowed one by one by their hash.
      const [self, ...hashes] = directives.get('style-src') ?? [];
      expect(self, url).toBe("'self'");
      for (const hash of hashes) expect(hash, url).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
      expect(directives.has('upgrade-insecure-requests'), url).toBe(false);
      for (const [name, sources] of directives) {
        for (const source of sources) {
          expect(source, `${url} ${name}`).not.toMatch(/^'unsafe-|^https?:$|\*|validator\.swagger\.io/);
        }
      }
      // Built from the policy every answer gets: each of its directives is there, with the same sources.
      for (const [name, sources] of everyAnswer) {
        const docs = directives.get(name) ?? [];
        expect(name === 'style-src' ? docs.slice(0, sources.length) : docs, `${url} ${name}`).toEqual(sources);
      }
    }
    const initializer = await api.app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(initializer.body).toMatch(/"validatorUrl":\s*null/);
    expect(initializer.body).not.toContain('validator.swagger.io');
  });

  it('upgrades plain-http requests on /docs only when the product is served over https', async () => {
    const overHttps = await buildTestApp({ temporal: 'stub', env: { PUBLIC_URL: 'https://campaign.example' } });
    try {
      for (const url of ['/docs', '/docs/static/swagger-ui.css', '/docs/json']) {
        const response = await overHttps.app.inject({ method: 'GET', url });
        const directives = directivesOf(response.headers['content-security-policy'] as string);
        expect(directives.get('upgrade-insecure-requests'), url).toEqual([]);
        expect(directives.get('default-src'), url).toEqual(["'self'"]);
      }
    } finally {
      await overHttps.close();
    }
  });

  it('every script the /docs page loads comes from its own origin', async () => {
    for (const page of ['/docs', '/docs/']) {
      const response = await api.app.inject({ method: 'GET', url: page });
      expect(response.statusCode, page).toBe(200);
      const html = response.body;
      const scripts = elementsOf(html, 'script');
      const links = elementsOf(html, 'link');
      expect(scripts.length, page).toBeGreaterThan(0);
      // An inline script would need 'unsafe-inline' or a hash: the page has none.
      for (const script of scripts) {
        expect(script.attributes.src, `${page}: inline script ${script.text.slice(0, 80)}`).toBeDefined();
        expect(script.text.trim(), page).toBe('');
      }
      expect(elementsOf(html, 'style'), `${page}: inline <style>`).toEqual([]);
      expect(html, `${page}: inline style or event-handler attribute`).not.toMatch(/\s(style|on[a-z]+)\s*=/i);
      const base = new URL(page, 'http://docs.test');
      const loaded = [...scripts.map((s) => s.attributes.src!), ...links.map((l) => l.attributes.href!)];
      expect(loaded.map((src) => new URL(src, base).pathname)).toEqual(
        expect.arrayContaining(['/docs/static/swagger-ui-bundle.js', '/docs/static/swagger-initializer.js']),
      );
      for (const src of loaded) {
        const resolved = new URL(src, base);
        expect(resolved.origin, `${page}: ${src}`).toBe(base.origin);
        const asset = await api.app.inject({ method: 'GET', url: resolved.pathname + resolved.search });
        expect(asset.statusCode, `${page}: ${src}`).toBe(200);
      }
    }
  });

  it("the only inline style Swagger UI applies, its logo's <style>, is allowed by hash in the /docs policy", async () => {
    const response = await api.app.inject({ method: 'GET', url: '/docs' });
    const styleSources = directivesOf(response.headers['content-security-policy'] as string).get('style-src')!;
    // React creates <style> elements only from createElement("style", props, "css"): find every one in the assets.
    const inlineStyles: string[] = [];
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'swagger-initializer.js']) {
      const { body } = await api.app.inject({ method: 'GET', url: `/docs/static/${asset}` });
      expect(body, `${asset}: a <style> built another way`).not.toMatch(/createElement\(\s*["']style["']\s*\)/);
      for (const [, css] of body.matchAll(/createElement\("style",[^,()]*,("(?:[^"\\]|\\.)*")\)/g)) {
        inlineStyles.push(JSON.parse(css!) as string);
      }
    }
    expect(inlineStyles).toHaveLength(1);
    expect(inlineStyles[0]).toMatch(/^\.logo_small_svg__/);
    expect(styleSources).toEqual(["'self'", ...inlineStyles.map(sha256)]);
  });

  it('public routes say they need no token in the OpenAPI document, every other operation needs the bearer token', () => {
    expect(document.security).toEqual([{ bearer: [] }]);
    const access = new Map(
      api.app.accessTable.map((entry) => [
        `${entry.method.toLowerCase()} ${entry.url.replace(/:(\w+)/g, '{$1}')}`,
        entry.access,
      ]),
    );
    const operations = operationsOf(document);
    let publicOperations = 0;
    for (const { method, path, operation } of operations) {
      const key = `${method} ${path}`;
      expect(access.has(key), `${key} is in the access table`).toBe(true);
      if (access.get(key) === 'public') {
        publicOperations++;
        expect(operation.security, key).toEqual([]);
      } else {
        expect(operation.security, key).toBeUndefined();
      }
    }
    expect(publicOperations).toBeGreaterThan(0);
    expect(publicOperations).toBeLessThan(operations.length);
    expect(document.paths['/healthz']!.get!.security).toEqual([]);
    expect(document.paths['/offices']!.get!.security).toBeUndefined();
  });

  it('a parameter with a default is never required in the OpenAPI document', () => {
    let parametersWithDefault = 0;
    let propertiesWithDefault = 0;
    for (const { method, path, operation } of operationsOf(document)) {
      for (const parameter of operation.parameters ?? []) {
        const schemas = [parameter.schema, ...Object.values(parameter.content ?? {}).map((media) => media.schema)];
        if (schemas.every((schema) => schema?.default === undefined)) continue;
        parametersWithDefault++;
        expect(parameter.required, `${method} ${path} ${parameter.in} ${parameter.name}`).not.toBe(true);
      }
      const parts = [
        ...(operation.parameters ?? []).map((p) => ({ schema: p.schema, where: `${p.in} ${p.name}` })),
        ...Object.entries(operation.requestBody?.content ?? {}).map(([type, media]) => ({
          schema: media.schema,
          where: type,
        })),
      ];
      for (const part of parts) {
        for (const { schema, where } of objectSchemasIn(part.schema, part.where)) {
          if (!schema.properties || typeof schema.properties !== 'object') continue;
          for (const [name, property] of Object.entries(schema.properties)) {
            if (property?.default === undefined) continue;
            propertiesWithDefault++;
            expect(schema.required ?? [], `${method} ${path} ${where}: ${name}`).not.toContain(name);
          }
        }
      }
    }
    // The walk met defaults of both kinds, so it looked where they are.
    expect(parametersWithDefault).toBeGreaterThan(0);
    expect(propertiesWithDefault).toBeGreaterThan(0);
  });
});
