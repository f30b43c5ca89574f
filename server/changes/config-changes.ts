// Changes to Istio objects seen by the console's watch, kept in memory while the console is up, so that charts can
// mark when the config of what they show changed.

import type { EntityRef } from '../../lib/api/entity-ref.js';
import type { ConfigChange } from './change-types.js';
import { processChangeLog } from './io/change-recorder.js';

export type { ConfigChange } from './change-types.js';

/**
 * The changes that touch an entity between two instants (unix seconds), oldest first: from the process-wide log of the
 * first cluster's watch (io/change-recorder.ts, attached when the sources start); none before it is.
 */
export function changesTouching(entity: EntityRef, fromSeconds: number, toSeconds: number): ConfigChange[] {
  return processChangeLog()?.touching(entity, fromSeconds, toSeconds) ?? [];
}
