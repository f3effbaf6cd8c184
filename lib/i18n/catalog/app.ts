export const en = {
  extName: 'TrackerDrop',
  htmlLang: 'en',
  extDescription: 'Bulk download and bulk attach of files for Pyrus, Yandex Tracker, Worksection and PlanFix tasks.',
} as const;

export const ru: Record<keyof typeof en, string> = {
  extName: 'TrackerDrop',
  htmlLang: 'ru',
  extDescription: 'Массовое скачивание и прикрепление файлов в задачах Pyrus, Яндекс Трекера, Worksection и ПланФикса.',
};
