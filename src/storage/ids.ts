import { v7 } from 'uuid';

/** Primary keys are UUID v7 (time-sortable), as in the seed. */
export function newId(): string {
  return v7();
}
