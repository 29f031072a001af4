import { AppError } from '../../contracts/app-error';
import { db } from '../../db/db';
import type { OrgDoc } from '../../domain/org';

/** An org by id, NOT_FOUND when missing. */
export async function orgById(id: string): Promise<OrgDoc> {
  const o = await db.get<OrgDoc>('orgs', id);
  if (!o) throw new AppError('NOT_FOUND');
  return o;
}
