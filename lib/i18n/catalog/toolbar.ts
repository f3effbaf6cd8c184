export const en = {
  toolbarTitle: 'TrackerDrop',
  toolbarLoading: 'Loading attachments…',
  toolbarCount: '$1 attachments, $2',
  toolbarNoAttachments: 'No attachments in this task',
} as const;

export const ru: Record<keyof typeof en, string> = {
  toolbarTitle: 'TrackerDrop',
  toolbarLoading: 'Загружаем список вложений…',
  toolbarCount: 'Вложений: $1, $2',
  toolbarNoAttachments: 'В задаче нет вложений',
};
