/**
 * Prints the permissions table (core/contracts/permissions.ts) as docs/api/permissions.md, so the
 * API reference says exactly what the router enforces. `npm run docs:permissions` writes it; a
 * test fails when the committed page is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PERMISSIONS, type Permission, type Target } from '../core/contracts/permissions';
import { ROLE_LABELS, type Role } from '../core/contracts/roles';

export const PERMISSIONS_DOC = path.resolve(__dirname, '..', 'docs', 'api', 'permissions.md');

const roles = (r: Permission['roles'] | readonly Role[]): string =>
  r === 'public' ? '任何人（无需绑定）' : r === 'anyMember' ? '任何已绑定党员' : r.map((x) => `${ROLE_LABELS[x]} \`${x}\``).join('、');

const target = (t: Target): string => {
  switch (t.kind) {
    case 'none':
      return '—';
    case 'org':
      return `组织 \`${t.field}\`${t.optional ? '（可省略：调用者的管辖范围）' : ''}`;
    case 'member':
      return `党员 \`${t.field}\`${t.self ? '（本人无需角色）' : ''}`;
    case 'loaded':
      return `用例读取后检查：${t.what}`;
  }
};

export function renderPermissionsDoc(): string {
  const out = [
    '# Permissions',
    '',
    'Generated from `core/contracts/permissions.ts` by `npm run docs:permissions`; do not edit.',
    'The router checks, in order: the action exists, the input parses (control characters are refused',
    'in every field), an openid, a bound member, one of the roles held somewhere (else `FORBIDDEN`',
    'before anything is read), then the target named in the input: it must exist and lie in the',
    "scope of the caller's grant (a missing target is `FORBIDDEN` too, unless the caller's grant",
    'covers the whole tree). Targets marked "用例读取后检查" are checked by the use case with the same',
    'roles once it has read them; variants are narrower role lists for checks that depend on what',
    'was read. The mini-program gets this table generated and shows only what the member may do.',
    '',
  ];
  for (const [fn, actions] of Object.entries(PERMISSIONS)) {
    out.push(`## ${fn}`, '', '| action | who | target | variants | what |', '|---|---|---|---|---|');
    for (const [action, p] of Object.entries(actions as Record<string, Permission>)) {
      const variants = Object.entries(p.variants ?? {})
        .map(([name, r]) => `\`${name}\`: ${roles(r)}`)
        .join('<br>');
      out.push(`| \`${action}\` | ${roles(p.roles)} | ${target(p.target)} | ${variants || '—'} | ${p.summary} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

if (require.main === module) {
  fs.writeFileSync(PERMISSIONS_DOC, renderPermissionsDoc());
  console.log(`wrote ${PERMISSIONS_DOC}`);
}
