import { auditListInput, inviteInput, memberGetInput, membersListInput, roleChangeInput, treeInput, unbindInput } from '../contracts/org';
import { action, defineFunction } from '../runtime/router';
import { listAudit } from '../usecases/org/audit-list';
import { invite } from '../usecases/org/invite';
import { getMember } from '../usecases/org/member-get';
import { listMembers } from '../usecases/org/members-list';
import { grantRole, revokeRole } from '../usecases/org/roles';
import { tree } from '../usecases/org/tree';
import { unbindMember } from '../usecases/org/unbind';

/** The `org` cloud function: org tree, roster, roles, invite codes, audit log (roster import: `files`). */
export const org = defineFunction('org', {
  tree: action({ input: treeInput, auth: 'member', run: tree }),
  'members.list': action({ input: membersListInput, auth: 'member', run: listMembers }),
  'members.get': action({ input: memberGetInput, auth: 'member', run: getMember }),
  'members.unbind': action({ input: unbindInput, auth: 'member', run: unbindMember }),
  'roles.grant': action({ input: roleChangeInput, auth: 'member', run: grantRole }),
  'roles.revoke': action({ input: roleChangeInput, auth: 'member', run: revokeRole }),
  invite: action({ input: inviteInput, auth: 'member', run: invite }),
  'audit.list': action({ input: auditListInput, auth: 'member', run: listAudit }),
});
