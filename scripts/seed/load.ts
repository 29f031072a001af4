import type { Store } from '../../emulator/store/store';
import { demoCounty } from './demo-county';
import { seedEvents } from './events';
import { seedPoints } from './points';
import { seedStore } from './store';

/**
 * Area seeds run after the county: each gets the store and adds its demo data (events,
 * store items...). Keep each in scripts/seed/<area>.ts and list it here.
 */
const AREA_SEEDS: ((store: Store) => Promise<void>)[] = [seedStore, seedPoints, seedEvents];

/** Seeds the demo county into an empty store; returns false when data is already there. */
export async function seedIfEmpty(store: Store): Promise<boolean> {
  if (store.count('members', {}) > 0) return false;
  const d = demoCounty();
  await store.insert('orgs', d.orgs).durable;
  await store.insert('members', d.members).durable;
  await store.insert('rules', d.rules).durable;
  for (const seed of AREA_SEEDS) await seed(store);
  return true;
}
