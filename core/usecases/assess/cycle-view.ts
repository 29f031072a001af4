import type { CycleView } from '../../contracts/assess';
import type { CycleDoc, ResultDoc } from '../../domain/assess/model';
import { iso } from '../../domain/time';
import { gradeName } from './views';

export function cycleView(c: CycleDoc, orgResults: ResultDoc[]): CycleView {
  return {
    id: c._id,
    townId: c.townId,
    quarter: c.quarter,
    status: c.status,
    branches: c.branches.length,
    branchesDone: c.cursor,
    members: c.members,
    orgs: c.orgs,
    configVersion: c.config.version,
    publishedAt: iso(c.publishedAt),
    appealUntil: iso(c.appealUntil),
    finalAt: iso(c.finalAt),
    orgGrades: orgResults.map((r) => ({
      orgId: r.subjectId,
      orgName: r.name,
      total: r.score,
      grade: r.grade,
      gradeName: gradeName(r.grade),
      previous: r.previousGrade,
      movement: r.movement ?? 'new',
    })),
  };
}
