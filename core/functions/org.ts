import { auditListInput, inviteInput, memberGetInput, membersListInput, roleChangeInput, transferInput, treeInput, unbindInput } from '../contracts/org';
import { action, defineFunction } from '../runtime/router';
import { listAudit } from '../usecases/org/audit-list';
import { invite } from '../usecases/org/invite';
import { getMember } from '../usecases/org/member-get';
import { listMembers } from '../usecases/org/members-list';
import { grantRole, revokeRole } from '../usecases/org/roles';
import { transferMember } from '../usecases/org/transfer';
import { tree } from '../usecases/org/tree';
import { unbindMember } from '../usecases/org/unbind';

/** The `org` cloud function: org tree, roster, roles, invite codes, audit log (roster import: `files`). */
export const org = defineFunction('org', {
  tree: action({ input: treeInput, run: tree }),
  'members.list': action({ input: membersListInput, run: listMembers }),
  'members.get': action({ input: memberGetInput, run: getMember }),
  'members.unbind': action({ input: unbindInput, run: unbindMember }),
  'members.transfer': action({ input: transferInput, run: transferMember }),
  'roles.grant': action({ input: roleChangeInput, run: grantRole }),
  'roles.revoke': action({ input: roleChangeInput, run: revokeRole }),
  invite: action({ input: inviteInput, run: invite }),
  'audit.list': action({ input: auditListInput, run: listAudit }),
});
