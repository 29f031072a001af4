import * as c from '../contracts/assess';
import { action, defineFunction, publicAction } from '../runtime/router';
import { answerAppeal, listAppeals, submitAppeal } from '../usecases/assess/appeals';
import { campaignProgressView, listCampaigns, noteCampaign, reportIndicator, saveCampaign } from '../usecases/assess/campaigns';
import { computeCycle, tickCycles } from '../usecases/assess/compute';
import { finalizeCycle, getCycle, publishCycle, reviewCycle } from '../usecases/assess/cycles';
import { orgAudit } from '../usecases/assess/org-audit';
import { postOrgItem } from '../usecases/assess/org-post';
import { reverseOrgEntry } from '../usecases/assess/org-reverse';
import { orgScore } from '../usecases/assess/org-score';
import { listResults, myResults } from '../usecases/assess/results';
import { closeRound, listRounds, openRound, roundResult, vote, voteByInvite } from '../usecases/assess/rounds';
import { getConfig, listOrgRules, saveConfig, saveOrgRule, setCategory } from '../usecases/assess/settings';

/**
 * The `assess` cloud function: 党组织积分 (the org ledger and its rules), 民主评议 rounds, the
 * quarterly assessment of members and orgs, and 挂图作战 campaigns. The `tick` timer resumes the
 * chunked quarterly computation. See docs/api/assess.md and docs/flows/assessment.md.
 */
export const assess = defineFunction(
  'assess',
  {
    'orgRules.list': action({ input: c.orgRulesListInput, run: listOrgRules }),
    'orgRules.save': action({ input: c.orgRulesSaveInput, run: saveOrgRule }),
    'org.post': action({ input: c.orgPostInput, run: postOrgItem }),
    'org.reverse': action({ input: c.orgReverseInput, run: reverseOrgEntry }),
    'org.score': action({ input: c.orgScoreInput, run: orgScore }),
    'org.audit': action({ input: c.orgAuditInput, run: orgAudit }),
    'config.get': action({ input: c.configGetInput, run: getConfig }),
    'config.save': action({ input: c.configSaveInput, run: saveConfig }),
    'categories.set': action({ input: c.categoriesSetInput, run: setCategory }),
    'rounds.open': action({ input: c.roundsOpenInput, run: openRound }),
    'rounds.close': action({ input: c.roundIdInput, run: closeRound }),
    'rounds.list': action({ input: c.roundsListInput, run: listRounds }),
    'rounds.result': action({ input: c.roundIdInput, run: roundResult }),
    'rounds.vote': action({ input: c.roundsVoteInput, run: vote }),
    'rounds.voteByInvite': publicAction({ input: c.roundsVoteByInviteInput, run: voteByInvite }),
    'cycles.compute': action({ input: c.cyclesComputeInput, run: computeCycle }),
    'cycles.get': action({ input: c.cyclesGetInput, run: getCycle }),
    'cycles.review': action({ input: c.cycleIdInput, run: reviewCycle }),
    'cycles.publish': action({ input: c.cycleIdInput, run: publishCycle }),
    'cycles.finalize': action({ input: c.cycleIdInput, run: finalizeCycle }),
    'results.mine': action({ input: c.resultsMineInput, run: myResults }),
    'results.list': action({ input: c.resultsListInput, run: listResults }),
    'appeals.submit': action({ input: c.appealsSubmitInput, run: submitAppeal }),
    'appeals.answer': action({ input: c.appealsAnswerInput, run: answerAppeal }),
    'appeals.list': action({ input: c.appealsListInput, run: listAppeals }),
    'campaigns.save': action({ input: c.campaignsSaveInput, run: saveCampaign }),
    'campaigns.report': action({ input: c.campaignsReportInput, run: reportIndicator }),
    'campaigns.list': action({ input: c.campaignsListInput, run: listCampaigns }),
    'campaigns.progress': action({ input: c.campaignsProgressInput, run: campaignProgressView }),
    'campaigns.note': action({ input: c.campaignsNoteInput, run: noteCampaign }),
  },
  {
    // resumes the chunked quarterly computation (each run within its budget, well under 60 s)
    assessTick: tickCycles,
  },
);
