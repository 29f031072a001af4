import { exclusionsSetInput, followUpInput, honoursInput, myRankInput, orgRankInput, rankInput, starsConfirmInput, starsHistoryInput, starsListInput, starsPublishInput } from '../contracts/reports';
import { action, defineFunction } from '../runtime/router';
import { setExclusion } from '../usecases/reports/exclusions-set';
import { followUp, honours } from '../usecases/reports/honours';
import { myRank } from '../usecases/reports/my-rank';
import { orgRank } from '../usecases/reports/org-rank';
import { rank } from '../usecases/reports/rank';
import { runSnapshots } from '../usecases/reports/snapshot-job';
import { confirmStars, listStars, publishStars, starsHistory } from '../usecases/reports/stars';

/**
 * The `reports` cloud function: rankings from snapshots of the period totals kept on the
 * balances, 每月之星, 十佳/末位 with 约谈 follow-ups, and the snapshot timer. The 通报 export
 * is `files.reports.export` (only `files` bundles exceljs). See docs/api/reports.md.
 */
export const reports = defineFunction(
  'reports',
  {
    rank: action({ input: rankInput, run: rank }),
    myRank: action({ input: myRankInput, run: myRank }),
    orgRank: action({ input: orgRankInput, run: orgRank }),
    'stars.list': action({ input: starsListInput, run: listStars }),
    'stars.confirm': action({ input: starsConfirmInput, run: confirmStars }),
    'stars.publish': action({ input: starsPublishInput, run: publishStars }),
    'stars.history': action({ input: starsHistoryInput, run: starsHistory }),
    honours: action({ input: honoursInput, run: honours }),
    'honours.followUp': action({ input: followUpInput, run: followUp }),
    'exclusions.set': action({ input: exclusionsSetInput, run: setExclusion }),
  },
  {
    // the one trigger of config.json: every 5 minutes; freezes a period that ended, else refreshes hourly
    snapshot: runSnapshots,
  },
);
