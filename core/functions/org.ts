import {
  auditListInput,
  bootstrapInput,
  inviteInput,
  memberGetInput,
  membersListInput,
  orgArchiveInput,
  orgCreateInput,
  orgMoveInput,
  orgRenameInput,
  responsiblesInput,
  roleChangeInput,
  transferInput,
  treeInput,
  unbindInput,
} from '../contracts/org';
import { action, defineFunction, publicAction } from '../runtime/router';
import { archiveOrg } from '../usecases/org/archive';
import { bootstrap } from '../usecases/org/bootstrap';
import { createOrg } from '../usecases/org/create';
import { listAudit } from '../usecases/org/audit-list';
import { invite } from '../usecases/org/invite';
import { getMember } from '../usecases/org/member-get';
import { listMembers } from '../usecases/org/members-list';
import { moveOrg } from '../usecases/org/move';
import { renameOrg } from '../usecases/org/rename';
import { setResponsibles } from '../usecases/org/responsibles';
import { grantRole, revokeRole } from '../usecases/org/roles';
import { transferMember } from '../usecases/org/transfer';
import { tree } from '../usecases/org/tree';
import { unbindMember } from '../usecases/org/unbind';

/** The `org` cloud function: org tree and its management, roster, roles, invite codes, audit log, the county's bootstrap (roster import: `files`). */
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
  create: action({ input: orgCreateInput, run: createOrg }),
  rename: action({ input: orgRenameInput, run: renameOrg }),
  move: action({ input: orgMoveInput, run: moveOrg }),
  archive: action({ input: orgArchiveInput, run: archiveOrg }),
  'responsibles.set': action({ input: responsiblesInput, run: setResponsibles }),
  bootstrap: publicAction({ input: bootstrapInput, run: bootstrap }),
});
