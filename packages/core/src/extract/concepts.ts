/**
 * Intents and issue types as combinations of concepts rather than fixed phrases: a card plus a
 * word for losing it is a lost card whichever words the caller picks ("my credit card got
 * snatched", "debit card kahin gir gaya", "कार्ड गुम हो गया"). Each concept lists its words in
 * English, Hinglish and Devanagari; `a & b` means both are said somewhere in the utterance, in any
 * order, and `|` separates alternatives (syntax of `KeywordClassifier`). Words are matched by
 * lemma, so one form of each is enough ("kar" covers "karo", "kijiye", "karwa dijiye").
 * The words live in `concept-words-*.ts`, one file per domain.
 */

import {
  BOOK,
  CARE,
  CLAIM,
  DEFER,
  GOLD,
  INSURED,
  LOAN,
  LOSS_EVENT,
  NEW_LOAN,
  PLEDGE,
  POLICY_END,
  REJECTED,
  REPAY,
  STILL_WAITING,
} from './concept-words-care.js';
import {
  ARRIVAL,
  DAMAGED,
  DEFUNCT,
  DELIVERABLE,
  JUST_ARRIVED,
  NOT_YET,
  ORDERED,
  RETURN_WISH,
  SENT_OTHER,
  SIZE_OR_COLOUR,
  SWAP,
  WAS_SENT,
  WRONG_ITEM,
} from './concept-words-goods.js';
import {
  ADDON,
  ASKED_FOR,
  ATM_KEPT,
  BACK,
  BLOCK,
  CARD,
  CHARGE,
  CREDENTIAL,
  FAILED,
  FAKE,
  IMPERSONATOR,
  LEAKED,
  LOST,
  MESSAGE,
  MONEY,
  NOT_ARRIVED,
  NOT_ME,
  PHISHING_BAIT,
  PHONE,
  PLAN_PRICE,
  SCAM,
  SHARED,
  STILL_BILLED,
  SWAPPED_CONTENTS,
  TAKEN,
  TRANSFER,
  TWICE,
  UNASKED,
  WRONG,
} from './concept-words-money.js';
import {
  ACCESS,
  ACCESS_FAIL,
  ACCOUNT,
  APP,
  BROKEN,
  CALL_BAD,
  CLOSE,
  CLOSE_REASON,
  COMPANY_MISTAKE,
  GO_OUT_TO_CALL,
  MOVE_AWAY,
  NETWORK,
  NETWORK_BAD,
  NOBODY_HELPS,
  OTHER_PROVIDER,
  PORTING,
  REACTIVATE,
  SERVICE,
  TO_CALL,
} from './concept-words-services.js';

/** Where a parcel's contents are found. */
const OPENED_BOX = 'box|dabba|डिब्बा|parcel|package|packet|inside|andar|अंदर|khola|opened|खोला';

/** Concept rules per intent, added to the phrase lists (`keyword-maps.ts`). */
export const intentConcepts: Readonly<Record<string, readonly string[]>> = {
  insurance_claim: [`${CLAIM} & ${INSURED}`, `${LOSS_EVENT} & ${INSURED}`, `${CLAIM} & ${LOSS_EVENT}`],
  fraud: [
    SCAM,
    `${TAKEN} & ${NOT_ME}`,
    `${TRANSFER} & ${NOT_ME}`,
    `${CREDENTIAL} & ${SHARED}`,
    `${CREDENTIAL} & ${ASKED_FOR}`,
    `${CREDENTIAL} & ${LEAKED}`,
    IMPERSONATOR,
    `${SWAPPED_CONTENTS} & ${OPENED_BOX}`,
    `${MESSAGE} & ${PHISHING_BAIT}`,
    `${FAKE} & ${DELIVERABLE}|${ORDERED}|seller|sent|delivered|bheja|भेजा`,
  ],
  card_block: [`${CARD} & ${LOST}`, `${CARD} & ${BLOCK}`, `${CARD} & ${ATM_KEPT}`],
  sim_block: [`${PHONE} & ${LOST}`, `sim & ${BLOCK}`, `सिम & ${BLOCK}`],
  refund: [
    `${MONEY} & ${BACK}`,
    `${TAKEN} & ${NOT_ARRIVED}`,
    `${TRANSFER} & ${NOT_ARRIVED}`,
    `${TWICE} & ${TAKEN}`,
    `refund|रिफंड & ${NOT_ARRIVED}|${NOT_YET}`,
  ],
  return: [`${DAMAGED} & ${RETURN_WISH}|${SWAP}`, `${WRONG_ITEM} & ${RETURN_WISH}|${SWAP}`, RETURN_WISH],
  complaint: [COMPANY_MISTAKE, NOBODY_HELPS],
  loan: [LOAN, `${GOLD} & ${REPAY}`, `${GOLD}|${PLEDGE} & ${NEW_LOAN}`],
  cancellation: [
    `${CARD} & ${BLOCK} & ${CLOSE_REASON}`,
    `${CLOSE} & ${SERVICE}`,
    `${MOVE_AWAY} & ${OTHER_PROVIDER}`,
    PORTING,
  ],
  account_access: [`${ACCESS} & ${ACCESS_FAIL}`, `${REACTIVATE} & ${ACCOUNT}`],
  billing: [`${CHARGE} & ${WRONG}`],
  technical: [
    `${APP} & ${BROKEN}`,
    `${NETWORK} & ${NETWORK_BAD}`,
    CALL_BAD,
    `${GO_OUT_TO_CALL} & ${TO_CALL}`,
  ],
  delivery: [`${DELIVERABLE} & ${NOT_YET}`],
  policy: [`${POLICY_END} & ${INSURED}`],
  appointment: [`${BOOK} & ${CARE}`],
};

/** Concept rules per issue type. */
export const issueConcepts: Readonly<Record<string, readonly string[]>> = {
  unauthorised_transaction: [`${TAKEN} & ${NOT_ME}`, `${TRANSFER} & ${NOT_ME}`, `${SCAM} & ${TAKEN}`],
  lost_or_stolen_card: [`${CARD} & ${LOST}`],
  lost_or_stolen_phone: [`${PHONE} & ${LOST}`],
  claim_rejected: [`${CLAIM} & ${REJECTED}`],
  claim_pending: [`${CLAIM} & ${STILL_WAITING}`],
  double_charge: [`${TWICE} & ${TAKEN}`, `${TWICE} & ${CHARGE}`],
  failed_transaction: [`${TAKEN} & ${NOT_ARRIVED}`, `${TRANSFER} & ${FAILED}|${NOT_ARRIVED}`],
  incorrect_charge: [
    `${CHARGE} & ${WRONG}`,
    `${ADDON} & ${UNASKED}`,
    `${CHARGE} & ${PLAN_PRICE}`,
    `${CHARGE} & ${STILL_BILLED}`,
  ],
  late_delivery: [`${DELIVERABLE} & ${NOT_YET}`],
  damaged_product: [`${DAMAGED} & ${ARRIVAL}`, `${DAMAGED} & ${DELIVERABLE}`, `${DEFUNCT} & ${JUST_ARRIVED}`],
  wrong_item: [WRONG_ITEM, `${ORDERED} & ${SENT_OTHER}`, `${SIZE_OR_COLOUR} & ${WAS_SENT}`],
  login_problem: [`${ACCESS} & ${ACCESS_FAIL}`],
  app_error: [`${APP} & ${BROKEN}`],
  network_problem: [`${NETWORK} & ${NETWORK_BAD}`, CALL_BAD, `${GO_OUT_TO_CALL} & ${TO_CALL}`],
  loan_application: [
    `${NEW_LOAN} & ${LOAN}`,
    `${GOLD}|${PLEDGE} & ${NEW_LOAN}`,
    'loan chahiye|need a loan|need a * loan|want a loan|want a * loan|लोन चाहिए|karz chahiye|कर्ज चाहिए|borrow',
  ],
  loan_repayment: [`${REPAY} & ${LOAN}`, `${GOLD} & ${REPAY}`, `${DEFER} & ${LOAN}`],
  policy_renewal: [`${POLICY_END} & ${INSURED}`],
};
