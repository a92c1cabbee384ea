/** The media type of an .xlsx workbook. */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The Content-Disposition of a download: the name in ASCII for clients that know only `filename` (`asciiName`, or
 * the name with every other character replaced), and the real name, Chinese included, as RFC 5987 `filename*`.
 */
export function attachment(fileName: string, asciiName: string = fileName): string {
  const ascii = asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  // encodeURIComponent leaves ' ( ) * as they are; RFC 5987's attr-char does not allow them.
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
