import type { Tracker } from '../trackers/definition';
import { trackers } from '../trackers/registry';

/**
 * The schema Chrome checks an administrator's policy against (`storage.managed`): per tracker, the same fields the
 * options page has, so accounts, hosts and tokens can be preset. Preset fields are locked on the options page.
 */
export function managedSchema(registry: readonly Tracker[] = trackers): object {
  const properties = Object.fromEntries(
    registry.map((tracker) => [
      tracker.id,
      {
        type: 'object',
        properties: Object.fromEntries(
          tracker.fields.map((field) => [
            field.name,
            { type: 'string', ...(field.choices ? { enum: field.choices.map((choice) => choice.value) } : {}) },
          ]),
        ),
      },
    ]),
  );
  return { type: 'object', properties };
}

export const managedSchemaFile = 'managed_schema.json';
