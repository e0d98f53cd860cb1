import type { XmlPurpose } from './events.js';
import type { HangupInfo, HangupSource } from './types.js';

// Codes and names follow Vobiz's hangup-cause table (docs `voice/hangup-causes`); the textual
// `HangupCause` is the SIP/B2BUA-layer value from the same page. Where Vobiz itself ends the call
// (end of XML, bad XML) its B2BUA sends a normal BYE, hence NORMAL_CLEARING.

export const normalHangup = (source: HangupSource): HangupInfo => ({
  cause: 'NORMAL_CLEARING',
  code: 4000,
  name: 'Normal Hangup',
  source,
});

export const endOfXml: HangupInfo = {
  cause: 'NORMAL_CLEARING',
  code: 4010,
  name: 'End Of XML Instructions',
  source: 'Vobiz',
};

export const canceledByApi: HangupInfo = {
  cause: 'ORIGINATOR_CANCEL',
  code: 1000,
  name: 'Canceled',
  source: 'API Request',
};

export const canceledByCaller: HangupInfo = { ...canceledByApi, source: 'Caller' };

export const ringTimeout: HangupInfo = {
  cause: 'NO_ANSWER',
  code: 6010,
  name: 'Ring Timeout Reached',
  source: 'Vobiz',
};

export const busyLine: HangupInfo = { cause: 'USER_BUSY', code: 3010, name: 'Busy Line', source: 'Callee' };

export const rejected: HangupInfo = {
  cause: 'CALL_REJECTED',
  code: 3020,
  name: 'Rejected',
  source: 'Callee',
};

export const outOfService: HangupInfo = {
  cause: 'DESTINATION_OUT_OF_ORDER',
  code: 2010,
  name: 'Destination Out Of Service',
  source: 'Carrier',
};

export const unknownCallerId: HangupInfo = {
  cause: 'CALL_REJECTED',
  code: 3030,
  name: 'Unknown Caller ID',
  source: 'Vobiz',
};

export const lostRace: HangupInfo = { cause: 'LOSE_RACE', code: 9000, name: 'Lost Race', source: 'Vobiz' };

export const machineDetected: HangupInfo = {
  cause: 'NORMAL_CLEARING',
  code: 9100,
  name: 'Machine Detected',
  source: 'Vobiz',
};

export const scheduledHangup: HangupInfo = {
  cause: 'ALLOTTED_TIMEOUT',
  code: 6000,
  name: 'Scheduled Hangup',
  source: 'Vobiz',
};

export const concurrencyBreached: HangupInfo = {
  cause: 'SWITCH_CONGESTION',
  code: 5030,
  name: 'Concurrency Limit Breached',
  source: 'Vobiz',
};

export const shutdown: HangupInfo = {
  cause: 'NORMAL_CLEARING',
  code: 5010,
  name: 'Internal Error',
  source: 'Vobiz',
};

const invalidXmlNames: Partial<Record<XmlPurpose, [number, string]>> = {
  answer: [8011, 'Invalid Answer XML'],
  fallback: [8011, 'Invalid Answer XML'],
  dial_action: [8012, 'Invalid Action XML'],
  record_action: [8012, 'Invalid Action XML'],
  gather_action: [8012, 'Invalid Action XML'],
  transfer: [8013, 'Invalid Transfer XML'],
  redirect: [8014, 'Invalid Redirect XML'],
};

const unreachableNames: Partial<Record<XmlPurpose, [number, string]>> = {
  answer: [7011, 'Error Reaching Answer URL'],
  fallback: [7011, 'Error Reaching Answer URL'],
  dial_action: [7012, 'Error Reaching Action URL'],
  record_action: [7012, 'Error Reaching Action URL'],
  gather_action: [7012, 'Error Reaching Action URL'],
  transfer: [7013, 'Error Reaching Transfer URL'],
  redirect: [7014, 'Error Reaching Redirect URL'],
};

export function invalidXml(purpose: XmlPurpose): HangupInfo {
  const [code, name] = invalidXmlNames[purpose] ?? [8011, 'Invalid Answer XML'];
  return { cause: 'NORMAL_CLEARING', code, name, source: 'Error' };
}

export function unreachableUrl(purpose: XmlPurpose): HangupInfo {
  const [code, name] = unreachableNames[purpose] ?? [7011, 'Error Reaching Answer URL'];
  return { cause: 'NORMAL_TEMPORARY_FAILURE', code, name, source: 'Error' };
}
