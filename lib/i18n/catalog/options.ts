export const en = {
  optionsTitle: 'TrackerDrop settings',
} as const;

export const ru: Record<keyof typeof en, string> = {
  optionsTitle: 'Настройки TrackerDrop',
};
