import { REJECTED, STILL_WAITING } from './concept-words-care.js';
import { DAMAGED, DEFUNCT, SENT_OTHER, WRONG_ITEM } from './concept-words-goods.js';
import { LOST, OVERCHARGED, PLAN_PRICE, STILL_BILLED, UNASKED, WRONG } from './concept-words-money.js';
import type { KeywordTiers } from './keyword-classifier.js';

/**
 * Issue types a turn states only given what an earlier turn established: after "is baar ka bill
 * chaudah sau aaya hai" set the call to billing, "maine koi extra pack nahi liya, ye galat hai"
 * says the charge is wrong without naming it again; after "my claim" the next turn's "they said no"
 * is a rejection. Keyed by the call's current intent; read only while no issue type is known
 * (`issueInContext` in `keyword-maps.ts`, compiled with the built-in vocabulary).
 */
export const issueTiersInContext: Readonly<Record<string, KeywordTiers>> = {
  billing: [['incorrect_charge', [WRONG, UNASKED, PLAN_PRICE, STILL_BILLED, OVERCHARGED]]],
  insurance_claim: [
    ['claim_rejected', [REJECTED]],
    ['claim_pending', [STILL_WAITING]],
  ],
  card_block: [['lost_or_stolen_card', [LOST]]],
  sim_block: [['lost_or_stolen_phone', [LOST]]],
  return: [
    ['damaged_product', [DAMAGED, DEFUNCT]],
    ['wrong_item', [WRONG_ITEM, SENT_OTHER]],
  ],
};
