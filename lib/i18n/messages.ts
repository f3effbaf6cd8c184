import * as app from './catalog/app';
import * as contextMenu from './catalog/context-menu';
import * as copy from './catalog/copy';
import * as errors from './catalog/errors';
import * as keyboard from './catalog/keyboard';
import * as options from './catalog/options';
import * as popup from './catalog/popup';
import * as taskLists from './catalog/task-lists';
import * as toolbar from './catalog/toolbar';
import * as uploads from './catalog/uploads';

/** One catalog file per feature, so features add strings without touching each other. */
export const featureCatalogs = [
  app,
  toolbar,
  errors,
  options,
  popup,
  uploads,
  contextMenu,
  copy,
  taskLists,
  keyboard,
] as const;

/**
 * Every user-facing string, in English and Russian. `$1`..`$9` are substitutions (the browser's i18n format).
 * The build writes these into `_locales/<lang>/messages.json`; `t()` reads them back.
 */
export const en = {
  ...app.en,
  ...toolbar.en,
  ...errors.en,
  ...options.en,
  ...popup.en,
  ...uploads.en,
  ...contextMenu.en,
  ...copy.en,
  ...taskLists.en,
  ...keyboard.en,
} as const;

export type MessageKey = keyof typeof en;

export const ru: Record<MessageKey, string> = {
  ...app.ru,
  ...toolbar.ru,
  ...errors.ru,
  ...options.ru,
  ...popup.ru,
  ...uploads.ru,
  ...contextMenu.ru,
  ...copy.ru,
  ...taskLists.ru,
  ...keyboard.ru,
};

export const catalogs = { en, ru } as const;
export type Locale = keyof typeof catalogs;
