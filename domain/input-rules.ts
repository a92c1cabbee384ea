/**
 * Rules every input obeys, whatever route or sheet brings it.
 *
 * Text a person can type: no control characters other than tab and line breaks, and no unpaired UTF-16
 * surrogates. PostgreSQL refuses NUL in text, and a lone surrogate is not a character at all: such input is
 * refused with the field named, never stored.
 */
export const PLAIN_TEXT_PATTERN = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';
const LONE_SURROGATE_SOURCE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const LONE_SURROGATE = new RegExp(LONE_SURROGATE_SOURCE);
export const PLAIN_TEXT_RULE = 'must not contain control characters or unpaired surrogates';

const PLAIN_TEXT = new RegExp(PLAIN_TEXT_PATTERN, 'u');
const NOT_PLAIN_TEXT = new RegExp(`[${PLAIN_TEXT_PATTERN.slice(3, -3)}]|${LONE_SURROGATE_SOURCE}`, 'g');

export function isPlainText(value: string): boolean {
  return PLAIN_TEXT.test(value) && !hasLoneSurrogate(value);
}

export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}

/** How deep any input may nest: far more than any request of this API needs, far less than a stack can hold. */
export const MAX_INPUT_DEPTH = 32;

/**
 * What makes a parsed input malformed whatever its schema says, with where it is (`entries[1].name`): a string
 * with an unpaired surrogate (it cannot be written as UTF-8; schemas state the control-character rule in their
 * pattern, but JSON Schema validators differ on surrogates), or nesting deeper than MAX_INPUT_DEPTH. Walked without
 * recursion, so no input can exhaust the stack.
 */
export function malformedInput(value: unknown): { path: string; message: string } | undefined {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (typeof item.value === 'string') {
      if (hasLoneSurrogate(item.value)) return { path: item.path, message: PLAIN_TEXT_RULE };
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= MAX_INPUT_DEPTH) {
      return { path: item.path, message: `nested deeper than ${MAX_INPUT_DEPTH} levels` };
    }
    const isArray = Array.isArray(item.value);
    for (const [key, child] of Object.entries(item.value)) {
      const path = isArray ? `${item.path}[${key}]` : item.path ? `${item.path}.${key}` : key;
      pending.push({ value: child, path, depth: item.depth + 1 });
    }
  }
  return undefined;
}

/** The text with what is not plain text left out: for names the user did not type, such as an upload's file name. */
export function plainTextOnly(value: string): string {
  return value.replace(NOT_PLAIN_TEXT, '');
}

type SchemaNode = Record<string | symbol, unknown>;

/** The largest whole number any input may carry: PostgreSQL's integer, far above any count a county reaches. */
export const MAX_INPUT_INTEGER = 2_147_483_647;

/**
 * A copy of a JSON schema (TypeBox's included: its symbol keys are kept) with the rules every input obeys: every
 * string that has no pattern, format, enum or constant of its own must be plain text, every integer stays within
 * ±MAX_INPUT_INTEGER unless it has tighter bounds, and a property with a default is not required.
 */
export function withInputRules<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((item: unknown) => withInputRules(item)) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const node = schema as SchemaNode;
  const copy: SchemaNode = {};
  for (const key of Object.keys(node)) copy[key] = withInputRules(node[key]);
  for (const key of Object.getOwnPropertySymbols(node)) copy[key] = node[key];
  const free = !('pattern' in node || 'format' in node || 'enum' in node || 'const' in node);
  if (node.type === 'string' && free) copy.pattern = PLAIN_TEXT_PATTERN;
  // A property with a default is filled in when absent: the document must not call it required.
  if (Array.isArray(node.required) && node.properties && typeof node.properties === 'object') {
    const properties = node.properties as Record<string, { default?: unknown } | undefined>;
    copy.required = (node.required as string[]).filter((key) => properties[key]?.default === undefined);
  }
  if (node.type === 'integer') {
    if (!('maximum' in node) && !('exclusiveMaximum' in node)) copy.maximum = MAX_INPUT_INTEGER;
    if (!('minimum' in node) && !('exclusiveMinimum' in node)) copy.minimum = -MAX_INPUT_INTEGER;
  }
  return copy as T;
}
