/** The browser's keyboard shortcuts for the toolbar, and pasting files into it. */
export const en = {
  commandDownloadAll: 'Download all files of this task',
  commandAttachFiles: 'Attach files to this task',
  commandAttachHint: 'Press Enter to choose files, or paste them with Ctrl+V.',
  pastedImageName: 'Pasted image $1',
  pastedFilesTitle: 'Pasted files',
  pastedFileName: 'Name of pasted file $1',
  pastedAttach: 'Attach pasted files ($1)',
  pastedRemove: 'Remove',
} as const;

export const ru: Record<keyof typeof en, string> = {
  commandDownloadAll: 'Скачать все файлы этой задачи',
  commandAttachFiles: 'Прикрепить файлы к этой задаче',
  commandAttachHint: 'Нажмите Enter, чтобы выбрать файлы, или вставьте их через Ctrl+V.',
  pastedImageName: 'Вставленное изображение $1',
  pastedFilesTitle: 'Вставленные файлы',
  pastedFileName: 'Имя вставленного файла $1',
  pastedAttach: 'Прикрепить вставленные файлы ($1)',
  pastedRemove: 'Убрать',
};
