export const en = {
  errorAuth: 'The tracker rejected the credentials. Check the token or key in the settings.',
  errorForbidden: 'No access to this task with the saved credentials.',
  errorNotFound: 'The task or file was not found, or it is not visible to this account.',
  errorRateLimited: 'The tracker asks to slow down. Retrying in $1 s.',
  errorTooLarge: 'The file is over the tracker limit of $1.',
  errorTooLargeForServer: 'The file is over what the tracker’s server takes (it answered 413).',
  errorNetwork: 'The tracker could not be reached. Check the network or the server address.',
  errorServer: 'The tracker answered with a server error ($1). Try again later.',
  errorUnexpected: 'The tracker answered with something unexpected ($1).',
  errorInternal: 'Something went wrong in TrackerDrop ($1).',
  errorNotConnected: 'This tracker is not connected yet. Open the settings to connect it.',
  errorOtherAccount: 'This page is of another account than the one connected in the settings.',
  errorWrongServer:
    'The account is not at this address, or lives on another server. Check the address in the settings.',
  errorQuota: 'Not enough browser storage for these files ($1 needed, $2 free).',
  errorQuotaNeeded: 'Not enough browser storage for these files ($1 needed).',
  errorHashMismatch: 'The uploaded file arrived damaged (checksum mismatch).',
  errorConflict: 'A file with this name already exists in the task.',
  errorDiskFull: 'Not enough disk space to save the file.',
  errorDisk: 'The browser could not save the file ($1).',
  errorCancelled: 'Cancelled.',
  errorErased:
    "The browser's download list no longer has this file, so whether it was saved is unknown. Retry to download it again.",
  errorNoAnswer:
    'TrackerDrop did not answer (it may have just been updated or reloaded). Reload the page and try again.',
} as const;

export const ru: Record<keyof typeof en, string> = {
  errorAuth: 'Трекер отклонил учётные данные. Проверьте токен или ключ в настройках.',
  errorForbidden: 'Нет доступа к этой задаче с сохранёнными учётными данными.',
  errorNotFound: 'Задача или файл не найдены, либо они не видны этой учётной записи.',
  errorRateLimited: 'Трекер просит снизить частоту запросов. Повтор через $1 с.',
  errorTooLarge: 'Файл больше лимита трекера: $1.',
  errorTooLargeForServer: 'Файл больше, чем принимает сервер трекера (он ответил 413).',
  errorNetwork: 'Не удалось связаться с трекером. Проверьте сеть или адрес сервера.',
  errorServer: 'Трекер ответил ошибкой сервера ($1). Попробуйте позже.',
  errorUnexpected: 'Трекер ответил неожиданно ($1).',
  errorInternal: 'В TrackerDrop что-то пошло не так ($1).',
  errorNotConnected: 'Этот трекер ещё не подключён. Откройте настройки, чтобы подключить его.',
  errorOtherAccount: 'Эта страница другой учётной записи, не той, что подключена в настройках.',
  errorWrongServer: 'Аккаунта нет по этому адресу, или он на другом сервере. Проверьте адрес в настройках.',
  errorQuota: 'Недостаточно места в хранилище браузера ($1 нужно, $2 свободно).',
  errorQuotaNeeded: 'Недостаточно места в хранилище браузера для этих файлов (нужно $1).',
  errorHashMismatch: 'Загруженный файл повреждён (контрольная сумма не совпала).',
  errorConflict: 'Файл с таким именем уже есть в задаче.',
  errorDiskFull: 'Недостаточно места на диске, чтобы сохранить файл.',
  errorDisk: 'Браузер не смог сохранить файл ($1).',
  errorCancelled: 'Отменено.',
  errorErased:
    'Этого файла больше нет в списке загрузок браузера, поэтому неизвестно, сохранился ли он. Нажмите «Повторить», чтобы скачать его снова.',
  errorNoAnswer:
    'TrackerDrop не ответил (возможно, его только что обновили или перезапустили). Обновите страницу и повторите.',
};
