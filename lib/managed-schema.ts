import { trackerFields } from './options/tracker-fields';
import { trackerIds } from './trackers/labels';

/**
 * The schema Chrome checks an administrator's policy against (`storage.managed`): per tracker, the same fields the
 * options page has, so accounts, hosts and tokens can be preset. Preset fields are locked on the options page.
 */
export function managedSchema(): object {
  const trackers = Object.fromEntries(
    trackerIds.map((tracker) => [
      tracker,
      {
        type: 'object',
        properties: Object.fromEntries(
          trackerFields[tracker].map((field) => [
            field.name,
            {
              type: 'string',
              ...(field.choices ? { enum: field.choices.map((choice) => choice.value) } : {}),
            },
          ]),
        ),
      },
    ]),
  );
  return { type: 'object', properties: trackers };
}

export const managedSchemaFile = 'managed_schema.json';
