// A button that downloads a file of the API with the user's token (a workbook, a CSV, a printable document) and saves
// it through the browser's own download (web/shared/download.ts: fetch → Blob → <a download>; a plain link cannot
// carry the token), with a line beside it saying how it went. A refused token returns the page to sign-in.
import { apiFile, ApiError, AuthError } from './api.js';
import { h } from './dom.js';
import { saveFile } from './download.js';
import type { PageContext, PageTexts } from './shell.js';

export interface DownloadLabels {
  /** While the file is on its way. */
  downloading: string;
  /** Once the browser has it: "saved <file name>". */
  downloaded: (fileName: string) => string;
}

/**
 * The button and its status line. `path` is read when the button is pressed (a picker beside it may have changed
 * it); `fallbackName` names the file when the answer has no Content-Disposition.
 */
export function downloadButton<T extends PageTexts>(
  ctx: PageContext<T>,
  labels: DownloadLabels,
  options: { id: string; label: string; path: () => string; fallbackName: () => string; primary?: boolean },
): HTMLElement {
  const status = h('span', { class: 'download-status', role: 'status' });
  const button = h(
    'button',
    { type: 'button', id: options.id, class: options.primary ? 'download primary' : 'download' },
    options.label,
  );
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = labels.downloading;
    void (async () => {
      try {
        const file = await apiFile(options.path(), options.fallbackName());
        saveFile(file.blob, file.fileName);
        status.textContent = labels.downloaded(file.fileName);
      } catch (error) {
        status.textContent = '';
        if (error instanceof AuthError) ctx.showProblem(error);
        else if (error instanceof ApiError)
          status.textContent = error.status ? ctx.shell.httpError(error.status, error.message) : ctx.shell.networkError;
        else status.textContent = error instanceof Error ? error.message : String(error);
      } finally {
        button.disabled = false;
      }
    })();
  });
  return h('span', { class: 'download-line' }, button, status);
}
