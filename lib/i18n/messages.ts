/**
 * Every user-facing string, in English and Russian. `$1`..`$9` are substitutions (the browser's i18n format).
 * The build writes these into `_locales/<lang>/messages.json`; `t()` reads them back.
 */
export const en = {
  extName: 'TrackerDrop',
  extDescription: 'Bulk download and bulk attach of files for Pyrus, Yandex Tracker, Worksection and PlanFix tasks.',

  toolbarTitle: 'TrackerDrop',
  toolbarLoading: 'Loading attachments…',
  toolbarCount: '$1 attachments, $2',
  toolbarNoAttachments: 'No attachments in this task',

  errorAuth: 'The tracker rejected the credentials. Check the token or key in the settings.',
  errorForbidden: 'No access to this task with the saved credentials.',
  errorNotFound: 'The task or file was not found, or it is not visible to this account.',
  errorRateLimited: 'The tracker asks to slow down. Retrying in $1 s.',
  errorTooLarge: 'The file is over the tracker limit of $1.',
  errorNetwork: 'The tracker could not be reached. Check the network or the server address.',
  errorServer: 'The tracker answered with a server error ($1). Try again later.',
  errorUnexpected: 'The tracker answered with something unexpected ($1).',
  errorNotConnected: 'This tracker is not connected yet. Open the settings to connect it.',
  errorWrongServer: 'This PlanFix account lives on another API server. Pick the right one in the settings.',
  errorQuota: 'Not enough browser storage for these files ($1 needed, $2 free).',
  errorHashMismatch: 'The uploaded file arrived damaged (checksum mismatch).',
  errorConflict: 'A file with this name already exists in the task.',
} as const;

export type MessageKey = keyof typeof en;

export const ru: Record<MessageKey, string> = {
  extName: 'TrackerDrop',
  extDescription: 'Массовое скачивание и прикрепление файлов в задачах Pyrus, Яндекс Трекера, Worksection и ПланФикса.',

  toolbarTitle: 'TrackerDrop',
  toolbarLoading: 'Загружаем список вложений…',
  toolbarCount: 'Вложений: $1, $2',
  toolbarNoAttachments: 'В задаче нет вложений',

  errorAuth: 'Трекер отклонил учётные данные. Проверьте токен или ключ в настройках.',
  errorForbidden: 'Нет доступа к этой задаче с сохранёнными учётными данными.',
  errorNotFound: 'Задача или файл не найдены, либо они не видны этой учётной записи.',
  errorRateLimited: 'Трекер просит снизить частоту запросов. Повтор через $1 с.',
  errorTooLarge: 'Файл больше лимита трекера: $1.',
  errorNetwork: 'Не удалось связаться с трекером. Проверьте сеть или адрес сервера.',
  errorServer: 'Трекер ответил ошибкой сервера ($1). Попробуйте позже.',
  errorUnexpected: 'Трекер ответил неожиданно ($1).',
  errorNotConnected: 'Этот трекер ещё не подключён. Откройте настройки, чтобы подключить его.',
  errorWrongServer: 'Этот аккаунт ПланФикса обслуживает другой API-сервер. Выберите его в настройках.',
  errorQuota: 'Недостаточно места в хранилище браузера ($1 нужно, $2 свободно).',
  errorHashMismatch: 'Загруженный файл повреждён (контрольная сумма не совпала).',
  errorConflict: 'Файл с таким именем уже есть в задаче.',
};

export const catalogs = { en, ru } as const;
export type Locale = keyof typeof catalogs;
