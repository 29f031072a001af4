import { describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COLLECTIONS } from '../../core/db/schema';

/**
 * The mini-program never touches the database or storage directly (DESIGN.md, privacy): every
 * collection's security rule, kept in cloudbase/security-rules.json and applied at deploy
 * (docs/operations.md), denies all client reads and writes.
 */
const rules = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../cloudbase/security-rules.json'), 'utf8')) as {
  database: Record<string, { read: unknown; write: unknown }>;
  storage: { read: unknown; write: unknown };
};

describe('client security rules', () => {
  it('deny client reads and writes on every collection the backend uses', () => {
    for (const name of Object.keys(COLLECTIONS)) expect([name, rules.database[name]]).toEqual([name, { read: false, write: false }]);
  });

  it('name no collection the backend does not have', () => {
    expect(Object.keys(rules.database).sort()).toEqual(Object.keys(COLLECTIONS).sort());
  });

  it('let a member upload only as themself and read nothing: files are read through temp URLs the functions hand out', () => {
    expect(rules.storage).toEqual({ read: false, write: 'resource.openid == auth.openid' });
  });
});
