import {
  awardsGrantInput,
  balanceInput,
  claimsApproveBatchInput,
  claimsApproveInput,
  claimsListInput,
  claimsRejectInput,
  claimsSubmitInput,
  claimsWithdrawInput,
  evidenceUploadInput,
  ledgerAuditInput,
  ledgerListInput,
  ledgerReverseInput,
  rulesListInput,
  rulesSaveInput,
} from '../contracts/points';
import { action, defineFunction } from '../runtime/router';
import { grantAward } from '../usecases/points/awards-grant';
import { balance } from '../usecases/points/balance';
import { approveBatch, approveClaim, rejectClaim } from '../usecases/points/claims-decide';
import { listClaims } from '../usecases/points/claims-list';
import { submitClaim } from '../usecases/points/claims-submit';
import { withdrawClaim } from '../usecases/points/claims-withdraw';
import { uploadEvidence } from '../usecases/points/evidence-upload';
import { ledgerAudit } from '../usecases/points/ledger-audit';
import { listLedger } from '../usecases/points/ledger-list';
import { reverseEntry } from '../usecases/points/ledger-reverse';
import { listRules } from '../usecases/points/rules-list';
import { saveRule } from '../usecases/points/rules-save';
import { runTick } from '../usecases/points/tick';

/**
 * The `points` cloud function: rules catalog, balances and ledger, claims and their approval,
 * awards, and the timers (annual expiry, its reminder, the notification sender).
 * See docs/api/points.md.
 */
export const points = defineFunction(
  'points',
  {
    'rules.list': action({ input: rulesListInput, run: listRules }),
    'rules.save': action({ input: rulesSaveInput, run: saveRule }),
    balance: action({ input: balanceInput, run: balance }),
    'ledger.list': action({ input: ledgerListInput, run: listLedger }),
    'ledger.audit': action({ input: ledgerAuditInput, run: ledgerAudit }),
    'ledger.reverse': action({ input: ledgerReverseInput, run: reverseEntry }),
    'claims.submit': action({ input: claimsSubmitInput, run: submitClaim }),
    'claims.withdraw': action({ input: claimsWithdrawInput, run: withdrawClaim }),
    'claims.list': action({ input: claimsListInput, run: listClaims }),
    'claims.approve': action({ input: claimsApproveInput, run: approveClaim }),
    'claims.approveBatch': action({ input: claimsApproveBatchInput, run: approveBatch }),
    'claims.reject': action({ input: claimsRejectInput, run: rejectClaim }),
    'awards.grant': action({ input: awardsGrantInput, run: grantAward }),
    'evidence.upload': action({ input: evidenceUploadInput, run: uploadEvidence }),
  },
  {
    // the one trigger in config.json (CloudBase allows one per function); it dispatches by the
    // clock to the expiry, its reminder and the sender (see tick.ts). A timer job exists only as a
    // config.json trigger: nothing else can start one.
    tick: runTick,
  },
);
