import type { MessageKey } from '../i18n/messages';
import { planfixApiServers } from '../settings-schema';
import type { TrackerId } from '../trackers/types';

/** One control of a tracker's settings form; labels are exactly those of ../shared/trackers/SETTINGS.md. */
export interface FieldDefinition {
  name: string;
  label: MessageKey;
  kind: 'text' | 'email' | 'url' | 'secret' | 'select';
  /** For selects: value and visible text (product names, not translated). */
  choices?: readonly { value: string; text: string }[];
  hint?: MessageKey;
  placeholder?: string;
}

export const trackerFields: Record<TrackerId, readonly FieldDefinition[]> = {
  pyrus: [
    { name: 'login', label: 'labelLogin', kind: 'email', placeholder: 'bot@example.com' },
    { name: 'securityKey', label: 'labelSecurityKey', kind: 'secret' },
    {
      name: 'server',
      label: 'labelServer',
      kind: 'url',
      hint: 'hintPyrusServer',
      placeholder: 'https://pyrus.example.com',
    },
  ],
  'yandex-tracker': [
    { name: 'token', label: 'labelToken', kind: 'secret' },
    {
      name: 'tokenType',
      label: 'labelTokenType',
      kind: 'select',
      choices: [
        { value: 'OAuth', text: 'OAuth' },
        { value: 'IAM', text: 'IAM' },
      ],
    },
    { name: 'orgId', label: 'labelOrgId', kind: 'text', hint: 'hintYandexOrg' },
    {
      name: 'orgType',
      label: 'labelOrgType',
      kind: 'select',
      choices: [
        { value: '360', text: 'Yandex 360' },
        { value: 'cloud', text: 'Yandex Cloud' },
      ],
    },
  ],
  worksection: [
    {
      name: 'accountUrl',
      label: 'labelAccountAddress',
      kind: 'url',
      hint: 'hintWorksectionAddress',
      placeholder: 'https://acme.worksection.com',
    },
    { name: 'apiKey', label: 'labelApiKey', kind: 'secret' },
  ],
  planfix: [
    { name: 'account', label: 'labelAccount', kind: 'text', hint: 'hintPlanfixAccount', placeholder: 'acme' },
    { name: 'apiKey', label: 'labelApiKey', kind: 'secret' },
    { name: 'token', label: 'labelToken', kind: 'secret' },
    {
      name: 'apiServer',
      label: 'labelApiServer',
      kind: 'select',
      choices: planfixApiServers.map((server) => ({ value: server, text: server })),
    },
  ],
};
