/** What a person enters to connect each tracker (labels in ../shared/trackers/SETTINGS.md). */
export interface PyrusSettings {
  login: string;
  securityKey: string;
  /** Empty for pyrus.com; else the address of an on-premise Pyrus, e.g. `https://pyrus.example.com`. */
  server: string;
}

export interface YandexTrackerSettings {
  token: string;
  tokenType: 'OAuth' | 'IAM';
  orgId: string;
  /** `360` sends `X-Org-ID`; `cloud` sends `X-Cloud-Org-ID`. */
  orgType: '360' | 'cloud';
}

export interface WorksectionSettings {
  /** `https://<name>.worksection.com` */
  accountUrl: string;
  apiKey: string;
}

export interface PlanfixSettings {
  /** The name in `<name>.planfix.ru` / `.planfix.com`. */
  account: string;
  apiKey: string;
  token: string;
  /** The XML API URL, e.g. `https://apiru.planfix.ru/xml/`. */
  apiServer: string;
}

export interface TrackerSettingsMap {
  pyrus: PyrusSettings;
  'yandex-tracker': YandexTrackerSettings;
  worksection: WorksectionSettings;
  planfix: PlanfixSettings;
}
