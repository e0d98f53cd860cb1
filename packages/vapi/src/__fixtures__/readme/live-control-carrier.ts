import { createHandoff } from '@handoff/core';
import { vapiControlTransfer, vapiHandler } from '@handoff/vapi';

// A VAPI-native number: no Vobiz call to transfer, so VAPI's live call control moves the caller.
const handoff = createHandoff({
  transfer: vapiControlTransfer({ controlToken: process.env.VAPI_PUBLIC_KEY }),
  destinations: {
    support: { number: '+919800000002', label: 'Senior care' },
    triage: { sip: 'sip:nurse@pbx.example.com', label: 'Triage nurse' },
  },
});
export const handle = vapiHandler(handoff, {
  secret: process.env.VAPI_SECRET,
  controlToken: process.env.VAPI_PUBLIC_KEY,
  onReport: (report) => console.log(report.handoffId, report.endedReason, report.analysis?.summary),
});
