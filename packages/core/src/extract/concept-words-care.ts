/**
 * Concept words for loans, insurance and healthcare.
 * Syntax and matching: `concepts.ts`.
 */

const any = (...words: string[]) => words.join('|');

// biome-ignore format: packed word table
export const LOAN = any(
  'loan', 'emi', 'लोन', 'ऋण', 'कर्ज', 'karz', 'karza', 'udhaar', 'udhar', 'उधार', 'borrow', 'byaaj', 'byaj',
  'ब्याज', 'kisht', 'किस्त', 'instalment', 'installment', 'mortgage', 'girvi', 'गिरवी', 'overdraft',
);
/** Asking for a new loan; "chahiye" and "need" only next to the loan word ("loan chahiye"). */
// biome-ignore format: packed word table
export const NEW_LOAN = any(
  'apply', 'application', 'eligible', 'eligibility', 'borrow', 'against my', 'against it', 'आवेदन', 'top up',
  'topup', 'lena hai', 'लेना है', 'mil sakta', 'मिल सकता', 'milega kya', 'मिलेगा क्या', 'how much can i get',
  'kitna milega', 'कितना मिलेगा', 'kitna * milega', 'kitna * mil', 'kitne * milenge', 'how much * get',
  'how much can', 'कितना * मिलेगा', 'कितना * मिल', 'girvi', 'गिरवी', 'pledge', 'mortgage', 'rakh kar',
  'rakhkar', 'रखकर', 'get a loan', 'take a loan', 'can i get', 'to buy', 'for buying', 'kharidne',
  'khareedne', 'avail', 'खरीदने',
);
/** Paying a loan back, or failing to. */
// biome-ignore format: packed word table
export const REPAY = any(
  'repay', 'repayment', 'foreclose', 'foreclosure', 'prepay', 'prepayment', 'part payment', 'settle',
  'settlement', 'bhar', 'jama', 'जमा', 'भर', 'overdue', 'missed', 'bounce', 'bounced', 'auction', 'nilami',
  'नीलामी', 'recovery', 'nahi bhara', 'नहीं भरा', 'pay off',
);
// biome-ignore format: packed word table
export const GOLD = any(
  'sona', 'gold', 'gehne', 'zevar', 'सोना', 'गहने', 'जेवर', 'गोल्ड',
);
// biome-ignore format: packed word table
export const CLAIM = any(
  'claim', 'क्लेम', 'दावा', 'daava', 'dava', 'cashless', 'reimburse', 'कैशलेस', 'surveyor', 'सर्वेयर',
  'paid only', 'only paid', 'payout',
);
// biome-ignore format: packed word table
export const INSURED = any(
  'insurance', 'policy', 'bima', 'बीमा', 'insured', 'insurer', 'tpa', 'पॉलिसी', 'इंश्योरेंस',
);
// biome-ignore format: packed word table
export const LOSS_EVENT = any(
  'accident', 'hospitalised', 'hospitalized', 'admitted', 'discharge', 'bharti', 'भर्ती', 'flood', 'fire',
  'theft', 'chori', 'चोरी', 'damage', 'damaged', 'एक्सीडेंट', 'दुर्घटना', 'surgery', 'operation', 'ऑपरेशन',
);
// biome-ignore format: packed word table
export const REJECTED = any(
  'reject', 'rejected', 'denied', 'declined', 'repudiated', 'kharij', 'खारिज', 'refused', 'not approved',
  'नामंजूर', 'thukra', 'ठुकरा', 'mana', 'मना', 'turned down', 'not paid', 'wont pay', 'will not pay',
  'refused to pay', 'nahi denge', 'नहीं देंगे', 'not admissible', 'not payable', 'rejection',
);
// biome-ignore format: packed word table
export const STILL_WAITING = any(
  'pending', 'waiting', 'delay', 'delayed', 'abhi tak', 'अभी तक', 'no update', 'koi update nahi',
  'not settled', 'not received', 'nahi mila', 'नहीं मिला', 'nahi aaya', 'नहीं आया', 'kab tak', 'कब तक',
  'how long', 'when will', 'still not', 'nothing has moved', 'no progress', 'no movement', 'no response',
  'no reply', 'not heard', 'havent heard', 'have not heard', 'nobody has called', 'no one has called',
  'koi jawab nahi', 'koi response nahi', 'kuch nahi hua', 'कुछ नहीं हुआ', 'कोई जवाब नहीं', 'weeks ago',
  'days ago', 'months ago', 'hafte ho gaye', 'mahina ho gaya', 'din ho gaye', 'हफ्ते हो गए', 'महीना हो गया',
  'दिन हो गए', 'approval', 'push it', 'follow up', 'still', 'got back', 'get back to me', 'heard back',
  'no callback', 'no call back', 'approve nahi hua', 'approval nahi', 'abhi tak approve', 'not yet approved',
  'अप्रूव नहीं हुआ', 'has not come', 'not come yet', 'even after',
);
// biome-ignore format: packed word table
export const POLICY_END = any(
  'lapse', 'lapsed', 'expire', 'expired', 'expiring', 'khatam', 'खत्म', 'due for renewal',
);
// biome-ignore format: packed word table
export const BOOK = any(
  'appointment', 'slot', 'book', 'booking', 'consultation', 'consult', 'checkup', 'check up', 'visit',
  'schedule', 'reschedule', 'dikhana', 'दिखाना', 'milna', 'मिलना', 'अपॉइंटमेंट', 'बुक', 'टाइम', 'see', 'meet',
  'available', 'availability', 'timing', 'timings', 'dikha', 'दिखा', 'show', 'come in', 'aana hai', 'आना है',
  'मिलना है',
);
// biome-ignore format: packed word table
export const CARE = any(
  'doctor', 'dr', 'clinic', 'hospital', 'dentist', 'specialist', 'डॉक्टर', 'vaccine', 'vaccines',
  'vaccination', 'teeka', 'टीका', 'test', 'scan', 'x ray', 'mri', 'ultrasound', 'checkup', 'slot', 'opd',
  'physio', 'physiotherapy', 'अस्पताल', 'क्लिनिक', 'skin', 'dermatologist', 'cardiologist', 'gynaecologist',
  'gynecologist', 'gynae', 'paediatrician', 'pediatrician', 'child specialist', 'orthopaedic', 'orthopedic',
  'ortho', 'ent', 'eye', 'dental', 'physician', 'surgeon', 'neurologist', 'psychiatrist', 'therapist',
  'counsellor', 'dietitian', 'nutritionist', 'urologist', 'oncologist', 'त्वचा', 'आंख', 'दांत', 'daant',
  'aankh',
);
/** What a secured loan is taken against. */
// biome-ignore format: packed word table
export const PLEDGE = any(
  'property', 'house papers', 'ghar ke kagaz', 'zameen', 'जमीन', 'plot', 'fixed deposit', 'fd', 'shares',
  'mutual fund', 'lic policy', 'jewellery', 'jewelry', 'ornaments',
);
/** Asking to pay an instalment later or not being able to. */
// biome-ignore format: packed word table
export const DEFER = any(
  'more time', 'thoda time', 'time mil', 'extension', 'moratorium', 'mohlat', 'मोहलत', 'postpone', 'skip',
  'cannot pay', 'cant pay', 'unable to pay', 'nahi bhar', 'नहीं भर', 'nahi de pa', 'नहीं दे पा', 'pay later',
  'baad mein', 'बाद में',
);
