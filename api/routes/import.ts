import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, readSheet } from '../../app/organisation/sheet-file.js';
import { readTable, type ImportColumn, type Table } from '../../app/organisation/read-table.js';
import { type EnterpriseImportRow } from '../../app/organisation/import-enterprise-sheet.js';
import { type OfficeImportRow } from '../../app/organisation/import-office-sheet.js';
import { importEnterpriseSheet } from '../../app/organisation/import-enterprise-sheet.js';
import { importOfficeSheet } from '../../app/organisation/import-office-sheet.js';
import { officeScope, requireBureau, requireWriteOffice, requireWriter } from '../plugins/auth.js';
import { ProblemError } from '../plugins/errors.js';
import { withProblems } from '../schemas.js';
import { EnterpriseInput, OfficeInput } from './organisation.js';
import { withInputRules } from '../../domain/input-rules.js';

/** The columns of an office sheet: the API keys, or the headings a bureau clerk types. */
export const OFFICE_COLUMNS: ImportColumn[] = [
  {
    key: 'code',
    aliases: ['单位编码', '单位代码', '监管所编码', '编码'],
    ascii: true,
    patternHint: 'letters A-Z, digits, "-" and "_" only',
  },
  { key: 'name', aliases: ['单位名称', '监管所名称', '名称'] },
  {
    key: 'unitType',
    aliases: ['单位类型', '类型'],
    values: { 县直单位: 'county-unit', 县直: 'county-unit', 乡镇: 'township', 乡镇所: 'township' },
  },
  { key: 'contactName', aliases: ['联系人', '联系人姓名'] },
  { key: 'contactEmail', aliases: ['联系人邮箱', '联系人电子邮箱', '联系邮箱'], ascii: true },
  { key: 'headName', aliases: ['负责人', '负责人姓名'] },
  { key: 'headEmail', aliases: ['负责人邮箱', '负责人电子邮箱'], ascii: true },
  {
    key: 'language',
    aliases: ['语言', '邮件语言'],
    values: { 中文: 'zh-CN', 简体中文: 'zh-CN', zh: 'zh-CN', 英文: 'en', english: 'en' },
  },
];

/** The columns of an enterprise sheet; an enterprise names its office by the office's code. */
export const ENTERPRISE_COLUMNS: ImportColumn[] = [
  { key: 'officeCode', aliases: ['所属单位编码', '所属单位代码', '所属监管所编码', '监管所编码'], ascii: true },
  {
    key: 'code',
    aliases: ['企业编码(统一社会信用代码)', '企业编码', '统一社会信用代码', '信用代码'],
    ascii: true,
  },
  { key: 'name', aliases: ['企业名称', '名称'] },
  {
    key: 'sizeClass',
    aliases: ['企业规模', '规模'],
    values: { 规上: 'above-size', 规模以上: 'above-size', 中等: 'medium', 中型: 'medium', 小微: 'small-micro' },
  },
  {
    key: 'riskColour',
    aliases: ['风险等级', '风险颜色', '风险分级', 'riskColor'],
    values: {
      红: 'red',
      红色: 'red',
      橙: 'orange',
      橙色: 'orange',
      黄: 'yellow',
      黄色: 'yellow',
      蓝: 'blue',
      蓝色: 'blue',
    },
  },
];

/** A row of the office sheet: exactly the single-record body (`POST /offices`), text plain as there. */
const OfficeRow = withInputRules(OfficeInput);
/** A row of the enterprise sheet: the single-record body with the office's code instead of its id. */
const EnterpriseRow = withInputRules(
  Type.Object(
    { officeCode: OfficeInput.properties.code, ...Type.Omit(EnterpriseInput, ['officeId']).properties },
    { additionalProperties: false },
  ),
);

function columnsDoc(columns: ImportColumn[], optional: string[]): string {
  return columns
    .map((c) => {
      const values = c.values
        ? `: ${Object.entries(c.values)
            .filter(([alias]) => /[^\x20-\x7e]/.test(alias))
            .map(([alias, value]) => `${alias} = ${value}`)
            .join(', ')}`
        : '';
      return `- \`${c.key}\` (${c.aliases.join(' / ')})${optional.includes(c.key) ? ', optional' : ''}${values}`;
    })
    .join('\n');
}

const RULES =
  `One \`file\` field: CSV in UTF-8 (with or without BOM; comma, tab or semicolon) or XLSX (the first visible ` +
  `worksheet), recognised by content. The first non-empty row is the header: English keys or Chinese headings ` +
  `(case, spaces, full-width characters and a trailing remark in brackets are ignored; 序号 and 备注 columns are ` +
  `skipped). Rows are numbered as in the sheet (header = row 1) and every error names row and column, e.g. ` +
  `\`rows[7].contactEmail\`. All or nothing, in one transaction: a bad cell, a code repeated in the file or ` +
  `already stored (no upsert: existing records are never changed) ` +
  `and nothing is imported — 422 lists every error. 413 past ${MAX_IMPORT_BYTES / 1024 / 1024} MB or ` +
  `${MAX_IMPORT_ROWS} rows, 415 for a file that is neither CSV UTF-8 nor XLSX.`;

function uploadBody(what: string) {
  return {
    content: {
      'multipart/form-data': {
        schema: Type.Object(
          {
            file: Type.Unsafe<unknown>({
              type: 'string',
              format: 'binary',
              description: `the ${what} sheet: CSV (UTF-8) or XLSX, at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB`,
            }),
          },
          { nullable: true, required: ['file'], additionalProperties: false },
        ),
      },
    },
  };
}

const Imported = Type.Object({ imported: Type.Integer({ minimum: 1, description: 'rows stored' }) });

/** The bytes of the one `file` part (400 for anything else in the body, 413 past the size limit). */
async function readUpload(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) {
    throw new ProblemError(415, 'Unsupported media type', 'send multipart/form-data with one field: file');
  }
  const malformed: { path: string; message: string }[] = [];
  let content: Buffer | undefined;
  let truncated = false;
  try {
    for await (const part of request.parts({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 4, parts: 5 } })) {
      if (part.type === 'file') {
        const chunks: Buffer[] = [];
        for await (const chunk of part.file) chunks.push(chunk as Buffer);
        if (part.fieldname !== 'file') {
          malformed.push({ path: part.fieldname, message: 'unexpected file; send the sheet as the field file' });
        } else {
          content = Buffer.concat(chunks);
          truncated = part.file.truncated;
        }
      } else if (part.fieldname === 'file') {
        malformed.push({ path: 'file', message: 'must be a file part (with a filename), not a text field' });
      } else {
        malformed.push({ path: part.fieldname, message: 'unknown field; send one field: file' });
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = code?.endsWith('_LIMIT')
      ? 'too many parts: send one field, file'
      : `the multipart body is malformed (${(error as Error).message})`;
    throw new ProblemError(400, 'Malformed multipart body', message, [{ path: '', message }]);
  }
  if (truncated) {
    const message = `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: split it`;
    throw new ProblemError(413, 'File too large', message, [{ path: 'file', message }]);
  }
  if (!content && !malformed.some((m) => m.path === 'file'))
    malformed.push({ path: 'file', message: 'required: the CSV or XLSX sheet' });
  if (malformed.length > 0 || !content) {
    throw new ProblemError(
      400,
      'Malformed upload',
      malformed.map((m) => `${m.path || '(body)'}: ${m.message}`).join('; '),
      malformed,
    );
  }
  return content;
}

/** Bulk import of offices and enterprises from a CSV or XLSX sheet (all rows or none). */
const importRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db, temporal } = fastify.deps;
  const deps = { db: db.prisma, client: temporal };
  // Encapsulated: only these routes accept multipart bodies; an oversize file is cut off and answered with 413.
  await fastify.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES }, throwFileSizeLimit: false });

  fastify.post(
    '/offices/import',
    {
      config: { access: 'bureau' },
      schema: {
        tags: ['organisation'],
        summary:
          'Import offices from a CSV (UTF-8) or XLSX sheet: all rows or none; an office code that already exists is ' +
          'an error (no upsert)',
        description: `${RULES}\n\nColumns (bureau only):\n${columnsDoc(OFFICE_COLUMNS, ['language'])}`,
        consumes: ['multipart/form-data'],
        body: uploadBody('office'),
        response: withProblems({ 201: Imported }, [400, 403, 409, 413, 415, 422]),
      },
    },
    async (request, reply) => {
      requireBureau(request, 'import offices');
      const content = await readUpload(request);
      const { rows } = await readSheet(content);
      const table = readTable(rows, OFFICE_COLUMNS, OfficeRow) as Table<OfficeImportRow>;
      const imported = await importOfficeSheet(deps, table);
      return reply.status(201).send({ imported });
    },
  );

  fastify.post(
    '/enterprises/import',
    {
      config: { access: 'office-write' },
      schema: {
        tags: ['organisation'],
        summary:
          'Import enterprises from a CSV (UTF-8) or XLSX sheet: all rows or none; each names its office by code; an ' +
          'enterprise code that already exists is an error (no upsert)',
        description:
          `${RULES} An office code that names no office is an error too. The bureau imports for any office; office ` +
          `staff only for their own (403 naming the rows of other offices).\n\nColumns:\n` +
          columnsDoc(ENTERPRISE_COLUMNS, ['riskColour']),
        consumes: ['multipart/form-data'],
        body: uploadBody('enterprise'),
        response: withProblems({ 201: Imported }, [400, 403, 409, 413, 415, 422]),
      },
    },
    async (request, reply) => {
      // Viewers may change nothing; the bureau may import for any office, staff for their own (checked per row).
      requireWriter(request);
      const content = await readUpload(request);
      const { rows } = await readSheet(content);
      const table = readTable(rows, ENTERPRISE_COLUMNS, EnterpriseRow) as Table<EnterpriseImportRow>;
      const imported = await importEnterpriseSheet(deps, {
        table,
        ownOfficeId: officeScope(request),
        authorise: (officeId) => requireWriteOffice(request, officeId),
      });
      return reply.status(201).send({ imported });
    },
  );
};

export default importRoutes;
