// Saving a file the API answered (web/shared/api.ts apiFile): the API wants the bearer token, which a plain link
// cannot send, so the page fetches the bytes and hands them to the browser as a download of a blob: URL. A download
// is not a resource the page loads, so the strict Content-Security-Policy (no blob: source) does not stand in its way.
import { h } from './dom.js';

/** Saves `blob` under `fileName` through the browser's own download. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the bytes once it started; the URL is freed a little later, not at once.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
