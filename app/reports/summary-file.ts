import type { ValidationError } from '../../domain/reports/index.js';

export const MAX_SUMMARY_BYTES = 10 * 1024 * 1024;

/** The accepted written-summary formats, recognised by their first bytes (never by name or declared type). */
const SIGNATURES: { mimeType: SummaryMimeType; magic: number[] }[] = [
  { mimeType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mimeType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { mimeType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];
export type SummaryMimeType = 'application/pdf' | 'image/jpeg' | 'image/png';

export function detectSummaryType(content: Buffer): SummaryMimeType | undefined {
  return SIGNATURES.find((s) => s.magic.every((byte, i) => content[i] === byte))?.mimeType;
}

export interface SummaryUpload {
  fileName: string;
  content: Buffer;
  /** The declared size was over the limit: the content is cut off. */
  truncated: boolean;
}

/** Why a sealed written summary cannot be stored; `tooLarge` makes the answer a 413. */
export function summaryErrors(summary: SummaryUpload): { errors: ValidationError[]; tooLarge: boolean } {
  if (summary.truncated || summary.content.length > MAX_SUMMARY_BYTES) {
    return {
      tooLarge: true,
      errors: [{ path: 'summary', message: `the file is larger than ${MAX_SUMMARY_BYTES / 1024 / 1024} MB` }],
    };
  }
  if (summary.content.length === 0)
    return { tooLarge: false, errors: [{ path: 'summary', message: 'the file is empty' }] };
  if (!detectSummaryType(summary.content)) {
    return {
      tooLarge: false,
      errors: [
        {
          path: 'summary',
          message:
            'not a PDF, JPEG or PNG file (checked by its content, not its name): upload the sealed written summary',
        },
      ],
    };
  }
  return { tooLarge: false, errors: [] };
}
