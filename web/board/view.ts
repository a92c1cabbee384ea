import type { BoardText, Language } from './text.js';

/** What every section of the board is drawn with: the labels of the language shown, and the instant shown. */
export interface View {
  x: BoardText;
  lang: Language;
  /** ?asOf=<instant>: the board as of that moment (null: now) */
  asOf: string | null;
}
