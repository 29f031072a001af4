import type { MeResult, WorkbenchResult } from '../../core/contracts/auth';
import { call, type Result } from './cloud';

/** auth.me: the caller's profile, org and staff roles; NOT_BOUND until the openid is bound. */
export function me(): Promise<Result<MeResult>> {
  return call<MeResult>('auth', 'me');
}

/** auth.workbench: badge counts of staff work waiting on the caller (null: not their job). */
export function workbench(): Promise<Result<WorkbenchResult>> {
  return call<WorkbenchResult>('auth', 'workbench');
}
