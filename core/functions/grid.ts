import {
  configGetInput,
  configSaveInput,
  issueRef,
  issuesAcceptInput,
  issuesAssignInput,
  issuesCloseInput,
  issuesEscalateInput,
  issuesListInput,
  issuesReopenInput,
  issuesReportInput,
  issuesResolveInput,
  issuesReturnInput,
  issuesVerifyInput,
  reviewsCreateInput,
  reviewsGetInput,
  reviewsHighlightsInput,
  reviewsListInput,
  reviewsPromoteInput,
  reviewsRecheckInput,
  reviewsRespondInput,
  reviewsStatsInput,
  statsInput,
} from '../contracts/grid';
import { action, defineFunction } from '../runtime/router';
import { getConfig, saveConfig } from '../usecases/grid/config';
import { acceptIssue, assignIssue, closeIssue, escalateIssue, returnIssue } from '../usecases/grid/handle';
import { getIssue, listIssues } from '../usecases/grid/read';
import { reportIssue } from '../usecases/grid/report';
import { reopenIssue, resolveIssue, verifyIssue } from '../usecases/grid/resolve';
import { getReview, listHighlights, listReviews, reviewStats } from '../usecases/grid/review-read';
import { createReview, promoteFinding, recheckReview, respondReview } from '../usecases/grid/review-write';
import { gridStats } from '../usecases/grid/stats';
import { gridTick } from '../usecases/grid/tick';

/** The `grid` cloud function: grid issues (网格事项) and the review ledger (点评台账). Timer: gridTick (config.json). */
export const grid = defineFunction(
  'grid',
  {
    'issues.report': action({ input: issuesReportInput, run: (ctx, input) => reportIssue(ctx, input) }),
    'issues.list': action({ input: issuesListInput, run: (ctx, input) => listIssues(ctx, input) }),
    'issues.get': action({ input: issueRef, run: (ctx, input) => getIssue(ctx, input) }),
    'issues.accept': action({ input: issuesAcceptInput, run: (ctx, input) => acceptIssue(ctx, input) }),
    'issues.return': action({ input: issuesReturnInput, run: (ctx, input) => returnIssue(ctx, input) }),
    'issues.assign': action({ input: issuesAssignInput, run: (ctx, input) => assignIssue(ctx, input) }),
    'issues.escalate': action({ input: issuesEscalateInput, run: (ctx, input) => escalateIssue(ctx, input) }),
    'issues.close': action({ input: issuesCloseInput, run: (ctx, input) => closeIssue(ctx, input) }),
    'issues.resolve': action({ input: issuesResolveInput, run: (ctx, input) => resolveIssue(ctx, input) }),
    'issues.verify': action({ input: issuesVerifyInput, run: (ctx, input) => verifyIssue(ctx, input) }),
    'issues.reopen': action({ input: issuesReopenInput, run: (ctx, input) => reopenIssue(ctx, input) }),
    stats: action({ input: statsInput, run: (ctx, input) => gridStats(ctx, input) }),
    'config.get': action({ input: configGetInput, run: (ctx, input) => getConfig(ctx, input) }),
    'config.save': action({ input: configSaveInput, run: (ctx, input) => saveConfig(ctx, input) }),
    'reviews.create': action({ input: reviewsCreateInput, run: (ctx, input) => createReview(ctx, input) }),
    'reviews.list': action({ input: reviewsListInput, run: (ctx, input) => listReviews(ctx, input) }),
    'reviews.get': action({ input: reviewsGetInput, run: (ctx, input) => getReview(ctx, input) }),
    'reviews.respond': action({ input: reviewsRespondInput, run: (ctx, input) => respondReview(ctx, input) }),
    'reviews.recheck': action({ input: reviewsRecheckInput, run: (ctx, input) => recheckReview(ctx, input) }),
    'reviews.promote': action({ input: reviewsPromoteInput, run: (ctx, input) => promoteFinding(ctx, input) }),
    'reviews.highlights': action({ input: reviewsHighlightsInput, run: (ctx, input) => listHighlights(ctx, input) }),
    'reviews.stats': action({ input: reviewsStatsInput, run: (ctx, input) => reviewStats(ctx, input) }),
  },
  { gridTick: (ctx) => gridTick(ctx) },
);
