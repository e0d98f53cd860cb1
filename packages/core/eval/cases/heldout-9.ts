import { agent as a, caller as c, type EvalCase } from '../types.ts';

/**
 * The ninth held-out set: 70 calls written and labelled by hand, blind, by a session that never
 * opened the extractor (its source, keyword lists, weights or tests) and never scored these calls.
 * Only the case type (`types.ts`), the way each field is compared (`score.ts`, read, not run) and
 * the label vocabulary of set 8 were read. Meant to be scored once, as an estimate on calls nobody
 * tuned on.
 */
export const heldout9Cases: EvalCase[] = [
  // ---- banking -------------------------------------------------------------------------------
  {
    id: 'h9-bank-atm-no-cash-en',
    domain: 'banking',
    style: 'en',
    turns: [
      a('Welcome to Sahyadri Bank, my name is Kavya. How can I help you today?'),
      c(
        'yes hello madam i went to the atm near my office in andheri this afternoon and i put in ten thousand and the machine made all the sound like it is counting',
      ),
      c('but no money came out nothing and then the sms came that ten thousand is debited'),
      a('I am sorry to hear that. May I know your name and account number please?'),
      c('ganesh pillai account is three one double seven zero four five five nine two'),
      a(
        'Thank you Mr. Pillai. I can see the ATM has reported a cash shortfall. I have raised a dispute, the amount will be credited back within five working days.',
      ),
      c('five days okay i was thinking it is gone for good thank you kavya you have been very helpful'),
    ],
    expect: {
      intent: 'refund',
      issueType: 'failed_transaction',
      language: 'en',
      name: 'Ganesh Pillai',
      accountNumber: '3177045592',
      amounts: [10_000],
      sentiment: 'positive',
      facts: ['10000', 'atm'],
    },
  },
  {
    id: 'h9-bank-singapore-charge-en',
    domain: 'banking',
    style: 'en',
    turns: [
      a('Sahyadri Bank cards desk, good evening.'),
      c(
        "Good evening. I'm looking at my debit card statement and there is a charge from some merchant in Singapore. I have never been to Singapore in my life.",
      ),
      c('Eight thousand four hundred and fifty rupees. The card is in my wallet, right here with me.'),
      a('Let me help you with that. Who am I speaking with?'),
      c('This is Rao. Venkatesh Rao.'),
      a(
        'Thank you Mr. Rao. I am blocking the card now and raising a chargeback. A new card will be sent to your registered address.',
      ),
      c(
        "Fine, block it. But I want that money back, I am not paying for somebody else's shopping. How did they even get my card details? Your security is useless.",
      ),
    ],
    expect: {
      intent: 'fraud',
      issueType: 'unauthorised_transaction',
      language: 'en',
      name: 'Venkatesh Rao',
      accountNumber: null,
      amounts: [8_450],
      sentiment: 'negative',
      facts: ['8450', 'singapore'],
    },
  },
  {
    id: 'h9-bank-zero-balance-sms-charge-en',
    domain: 'banking',
    style: 'en',
    turns: [
      a('Sahyadri Bank, how may I help you?'),
      c(
        'see my company opened this salary account for me and they said it is zero balance no charges nothing',
      ),
      c(
        'but this month they have cut five hundred and ninety for something called quarterly maintenance and another eighteen rupees for sms',
      ),
      a(
        'Let me check, sir. Your employer stopped salary credits for three months, so the account was converted to a regular savings account.',
      ),
      c('i changed my job thats why no salary came here but nobody informed me about this conversion'),
      a(
        'I understand. I can reverse the charges this one time and mark the account for closure if you want.',
      ),
      c('ok reverse it and i will decide about closing after talking to my new hr'),
    ],
    expect: {
      intent: 'billing',
      issueType: 'incorrect_charge',
      language: 'en',
      name: null,
      accountNumber: null,
      amounts: [590, 18],
      sentiment: 'neutral',
      facts: ['590', 'salary account|maintenance'],
    },
  },
  {
    id: 'h9-bank-netbanking-locked-spelled-en',
    domain: 'banking',
    style: 'en',
    turns: [
      a('Sahyadri Bank, this is Imran speaking.'),
      c(
        "Hello Imran. I am seventy one years old, my son usually does all this for me but he's gone to Pune. I tried to open the internet banking and it says my user is locked.",
      ),
      c('I typed the password three times, I am sure I typed it correctly.'),
      a('No problem, ma’am, I will help you. May I have your full name?'),
      c('Kamala Sharma. S H A R M A.'),
      a(
        'Thank you, Mrs. Sharma. I have sent a link to your registered mobile to reset the password. Shall I stay on the line while you do it?',
      ),
      c(
        'Yes please... okay, it opened, I can see my balance now. Oh thank you so much, you are very patient.',
      ),
    ],
    expect: {
      intent: 'account_access',
      issueType: 'login_problem',
      language: 'en',
      name: 'Kamala Sharma',
      accountNumber: null,
      amounts: [],
      sentiment: 'positive',
      facts: ['password|locked'],
    },
  },
  {
    id: 'h9-bank-upi-wrong-number-hinglish',
    domain: 'banking',
    style: 'hi-Latn',
    turns: [
      a('Sahyadri Bank, namaskar, boliye.'),
      c(
        'namaskar ji, woh mujhse badi galti ho gayi, mere bhai ko pandrah hazaar bhejne the UPI se, number mein ek digit galat daal diya',
      ),
      c('paisa kisi aur ke account mein chala gaya, woh banda phone bhi nahi utha raha'),
      a(
        'Sir, hum receiver ke bank ko request bhej dete hain, lekin paisa tabhi wapas aayega jab account holder maan jaye.',
      ),
      c('matlab aap log kuch nahi kar sakte? mera pandrah hazaar aise hi gaya? yaar ye toh bahut galat hai'),
      a('Request daal di hai sir, saat din mein update aa jayega.'),
      c('dekhte hain, mujhe toh ummeed nahi hai'),
    ],
    expect: {
      intent: 'refund',
      issueType: null,
      language: 'hi-Latn',
      name: null,
      accountNumber: null,
      amounts: [15_000],
      sentiment: 'negative',
      facts: ['15000', 'upi'],
    },
  },
  {
    id: 'h9-bank-card-lost-train-hinglish',
    domain: 'banking',
    style: 'hi-Latn',
    turns: [
      a('Sahyadri Bank card services, bataiye.'),
      c(
        'haan hello, main Rakesh bol raha hoon, kal raat train mein Bhopal se aa raha tha, subah utha toh wallet hi gayab tha',
      ),
      c('usme mera debit card tha aur credit card bhi, abhi tak koi transaction ka msg nahi aaya hai'),
      a(
        'Sir, dono card abhi block kar deti hoon. Aapka poora naam aur registered mobile confirm kar dijiye.',
      ),
      c('Rakesh Tiwari, mobile wahi hai jisse call kar raha hoon'),
      a('Dono card block ho gaye hain sir, naye card saat din mein ghar aa jayenge.'),
      c('chalo theek hai, kam se kam paise toh safe hain'),
    ],
    expect: {
      intent: 'card_block',
      issueType: 'lost_or_stolen_card',
      language: 'hi-Latn',
      name: 'Rakesh Tiwari',
      accountNumber: null,
      amounts: [],
      sentiment: 'neutral',
      facts: ['wallet|train', 'debit card|credit card'],
    },
  },
  {
    id: 'h9-bank-cheque-bounce-charge-hinglish',
    domain: 'banking',
    style: 'hi-Latn',
    turns: [
      a('Sahyadri Bank, Sneha speaking, kaise madad karun?'),
      c(
        'dekhiye maine apne makaan maalik ko pachees hazaar ka cheque diya tha, unka phone aaya ki cheque bounce ho gaya',
      ),
      c(
        'jabki mere khaate mein us din chalees hazaar se upar pade the, aur upar se aapne paanch sau nabbe rupaye penalty bhi kaat li',
      ),
      a('Ma’am, cheque par signature match nahi hua, isliye return hua.'),
      c(
        'signature wahi hai jo hamesha karti hoon. makaan maalik ke saamne meri izzat gayi woh alag. penalty wapas karo aur likhit mein do ki galti bank ki thi',
      ),
      a('Main complaint register kar rahi hoon ma’am, branch manager aapko call karenge.'),
      c('call toh sab karte hain, kaam koi nahi karta'),
    ],
    expect: {
      intent: 'billing',
      issueType: 'incorrect_charge',
      language: 'hi-Latn',
      name: null,
      accountNumber: null,
      amounts: [25_000, 40_000, 590],
      sentiment: 'negative',
      facts: ['cheque', '590'],
    },
  },
  {
    id: 'h9-bank-cc-paid-twice-hinglish',
    domain: 'banking',
    style: 'hi-Latn',
    turns: [
      a('Sahyadri Bank credit cards, namaste.'),
      c(
        'namaste, mera naam Farhan Qureshi hai. card ka bill das hazaar chaar sau tha, autopay laga hua tha par mujhe yaad nahi raha',
      ),
      c('maine app se bhi bhar diya. ab dono baar kat gaya, savings mein paise kam pad gaye hain'),
      a(
        'Sir, extra payment card par credit balance ban kar padi hai. Aap chahein toh main use savings account mein wapas bhejne ki request daal doon?',
      ),
      c('haan haan wahi karo, teen din mein aa jayega? badhiya, shukriya aapka'),
    ],
    expect: {
      intent: 'refund',
      issueType: 'double_charge',
      language: 'hi-Latn',
      name: 'Farhan Qureshi',
      accountNumber: null,
      amounts: [10_400],
      sentiment: 'positive',
      facts: ['10400', 'autopay'],
    },
  },
  {
    id: 'h9-bank-pension-otp-fraud-hindi',
    domain: 'banking',
    style: 'hi',
    turns: [
      a('सह्याद्रि बैंक, नमस्ते, बताइए।'),
      c('बेटा मेरा नाम सुशीला देवी है, मेरा पेंशन का खाता है आपके यहाँ'),
      c(
        'आज सुबह किसी का फ़ोन आया, बोला बैंक से बोल रहा हूँ, पेंशन रुक जाएगी, एक नंबर बताओ। मैंने बता दिया। अब खाते से अड़तालीस हज़ार निकल गए',
      ),
      a('माताजी, मैं अभी आपका खाता रोक देता हूँ और शिकायत दर्ज करता हूँ। आप साइबर हेल्पलाइन पर भी बताइए।'),
      c('सारी पेंशन थी बेटा, दवाई के पैसे भी उसी में थे। अब मैं क्या करूँ, कुछ समझ नहीं आ रहा'),
    ],
    expect: {
      intent: 'fraud',
      issueType: 'unauthorised_transaction',
      language: 'hi',
      name: 'सुशीला देवी',
      accountNumber: null,
      amounts: [48_000],
      sentiment: 'very_negative',
      facts: ['48000', 'पेंशन|pension'],
    },
  },
  {
    id: 'h9-bank-app-error-hindi',
    domain: 'banking',
    style: 'hi',
    turns: [
      a('सह्याद्रि बैंक ग्राहक सेवा, नमस्कार।'),
      c('नमस्कार। आपका मोबाइल ऐप कल से खुल ही नहीं रहा, खोलते ही लिखा आता है कुछ गड़बड़ हो गई, बाद में कोशिश करें'),
      c('फ़ोन दो बार बंद करके चालू किया, ऐप भी हटा के दोबारा डाला, फिर भी वही'),
      a('सर, ऐप का नया संस्करण आया है, पुराने फ़ोन पर यह दिक्कत आ रही है। हमारी टीम इस पर काम कर रही है।'),
      c('तो तब तक क्या करूँ? ठीक है, नेट बैंकिंग से चला लेता हूँ, ठीक हो जाए तो संदेश भेज देना'),
    ],
    expect: {
      intent: 'technical',
      issueType: 'app_error',
      language: 'hi',
      name: null,
      accountNumber: null,
      amounts: [],
      sentiment: 'neutral',
      facts: ['ऐप|app'],
    },
  },
  {
    id: 'h9-bank-imps-supplier-switch',
    domain: 'banking',
    style: 'switch',
    turns: [
      a('Sahyadri Bank business banking, good morning.'),
      c(
        'haan good morning, main Patel Traders se Hitesh bol raha hoon, kal supplier ko IMPS kiya tha pachattar hazaar ka',
      ),
      c('paisa account se kat gaya, supplier bol raha hai usko mila hi nahi, maal rok ke baitha hai'),
      a('Sir, can I have the account number please?'),
      c(
        'Yes, it is six two zero zero four one nine eight three three. Please check quickly, I have a truck waiting since morning.',
      ),
      a(
        'The transfer timed out at the beneficiary bank. It will reverse to your account by tonight, after that you can send it again.',
      ),
      c('Tonight. Okay. Then I will send it again tomorrow morning. Please make sure it reverses.'),
    ],
    expect: {
      intent: 'refund',
      issueType: 'failed_transaction',
      language: 'en',
      name: 'Hitesh',
      accountNumber: '6200419833',
      amounts: [75_000],
      sentiment: 'neutral',
      facts: ['75000', 'imps|supplier'],
    },
  },
  {
    id: 'h9-bank-kyc-frozen-switch',
    domain: 'banking',
    style: 'switch',
    turns: [
      a('Sahyadri Bank, good afternoon, how can I help?'),
      c(
        'Hi, my salary came yesterday but I cannot withdraw anything, the ATM says account blocked and the app also shows debit freeze.',
      ),
      a('Your KYC is pending for re-verification, ma’am. Once it is updated the freeze will be removed.'),
      c('देखिए मैंने पिछले महीने ही ब्रांच में आधार और पैन दोनों जमा किए थे, रसीद भी है मेरे पास'),
      a('जी मैडम, मैं देख रही हूँ, आपके दस्तावेज़ अभी तक सिस्टम में चढ़ाए नहीं गए। मैं आज ही करवा देती हूँ।'),
      c('आज ही करवाइए, घर का किराया देना है। हर बार ब्रांच वाले ऐसे ही लापरवाही करते हैं'),
    ],
    expect: {
      intent: 'account_access',
      issueType: null,
      language: 'hi',
      name: null,
      accountNumber: null,
      amounts: [],
      sentiment: 'negative',
      facts: ['kyc|केवाईसी', 'salary|सैलरी|freeze'],
    },
  },

  // ---- lending -------------------------------------------------------------------------------
  {
    id: 'h9-loan-sister-wedding-en',
    domain: 'lending',
    style: 'en',
    turns: [
      a('Good morning, Suvidha Finance, Deepak here.'),
      c(
        "Morning Deepak. My younger sister's wedding is fixed for February and the hall and caterer want advance. I need around three lakh rupees.",
      ),
      c('I work in a software company, my take home is forty five thousand a month. Will I get it?'),
      a('May I have your name, sir?'),
      c('Arjun. Arjun Menon.'),
      a(
        'Mr. Menon, with that salary you are eligible for up to four lakh. I will send you the document list on WhatsApp.',
      ),
      c('Oh that is great, more than I needed. Send it, I will upload everything tonight itself.'),
    ],
    expect: {
      intent: 'loan',
      issueType: 'loan_application',
      language: 'en',
      name: 'Arjun Menon',
      accountNumber: null,
      amounts: [300_000, 45_000],
      sentiment: 'positive',
      facts: ['300000|3 lakh', 'wedding'],
    },
  },
  {
    id: 'h9-loan-car-foreclosure-en',
    domain: 'lending',
    style: 'en',
    turns: [
      a('Suvidha Finance, how may I help you?'),
      c(
        'yeah i have a car loan with you i got a bonus this year so i want to close the loan fully how much is left',
      ),
      a(
        'Your outstanding principal is two lakh eighty thousand, sir. There is a foreclosure charge of four percent.',
      ),
      c(
        'four percent on two lakh eighty thousand thats more than eleven thousand just for paying you early nobody told me this when i took the loan',
      ),
      c('the agent said no hidden charges thats what he said'),
      a('It is in the loan agreement, sir, clause nine. I can send you a copy.'),
      c('send whatever you want this is cheating i will think about it'),
    ],
    expect: {
      intent: 'loan',
      issueType: 'loan_repayment',
      language: 'en',
      name: null,
      accountNumber: null,
      amounts: [280_000, 11_000],
      sentiment: 'negative',
      facts: ['foreclos', 'car loan'],
    },
  },
  {
    id: 'h9-loan-emi-paid-agent-calling-en',
    domain: 'lending',
    style: 'en',
    turns: [
      a('Suvidha Finance customer care, Ritu speaking.'),
      c(
        'Ritu, my name is Mohammed Salim. I paid my EMI of eight thousand seven hundred and fifty on the fifth through your own app.',
      ),
      c(
        'Today some recovery person called my wife and said I am a defaulter. My wife! She did not even know I had a loan.',
      ),
      a('I am really sorry, sir. Please share the loan account number.'),
      c('L A N, zero zero four four seven one two six.'),
      a(
        'I see your payment, sir, it was received on the fifth but not posted due to a batch delay. I have updated it and flagged the collection call.',
      ),
      c('Okay. At least it is corrected. Please make sure nobody calls my house again.'),
    ],
    expect: {
      intent: 'loan',
      issueType: 'loan_repayment',
      language: 'en',
      name: 'Mohammed Salim',
      accountNumber: '00447126',
      amounts: [8_750],
      sentiment: 'neutral',
      facts: ['8750', 'recovery|defaulter'],
    },
  },
  {
    id: 'h9-loan-tempo-business-hinglish',
    domain: 'lending',
    style: 'hi-Latn',
    turns: [
      a('Suvidha Finance, namaste.'),
      c(
        'namaste madam, main Yadav bol raha hoon, Suresh Yadav. mera doodh ka kaam hai, ek chhota tempo lena hai supply ke liye',
      ),
      c('showroom wale bol rahe dhaai lakh lagega, mere paas pachas hazaar hai, baaki loan chahiye'),
      a('Ji sir, vehicle loan ho jayega. Pichle do saal ka bank statement aur GST ho toh aur achha.'),
      c('GST toh nahi hai, statement hai. chaliye, aap bata do kab aana hai office, main aa jaunga'),
      a('Kal gyarah baje aa jaiye sir.'),
      c('theek hai ji, dhanyavaad, bahut achha laga baat karke'),
    ],
    expect: {
      intent: 'loan',
      issueType: 'loan_application',
      language: 'hi-Latn',
      name: 'Suresh Yadav',
      accountNumber: null,
      amounts: [250_000, 50_000],
      sentiment: 'positive',
      facts: ['tempo', '250000|2.5 lakh|dhaai lakh'],
    },
  },
  {
    id: 'h9-loan-emi-date-change-hinglish',
    domain: 'lending',
    style: 'hi-Latn',
    turns: [
      a('Suvidha Finance, Pooja here, boliye.'),
      c(
        'hi Pooja, mera personal loan hai, EMI gyarah hazaar do sau ki hai aur har mahine teen tareekh ko katti hai',
      ),
      c('meri naukri badli hai, ab salary saat tareekh ko aati hai, toh har baar bounce ka darr rehta hai'),
      a('Ma’am, aap EMI ki date badal sakti hain, ek baar ka chaar sau rupaye charge lagega.'),
      c('chaar sau? achha chalo theek hai, bounce charge se toh sasta hai. date das kar dijiye'),
      a('Ho gaya ma’am, agle mahine se das tareekh ko katega.'),
      c('ok thanks'),
    ],
    expect: {
      intent: 'loan',
      issueType: 'loan_repayment',
      language: 'hi-Latn',
      name: null,
      accountNumber: null,
      amounts: [11_200, 400],
      sentiment: 'neutral',
      facts: ['11200', 'date|tareekh'],
    },
  },
  {
    id: 'h9-loan-noc-not-received-hinglish',
    domain: 'lending',
    style: 'hi-Latn',
    turns: [
      a('Suvidha Finance, kaise madad karein?'),
      c(
        'bhai saab teen mahine pehle maine bike loan poora band kar diya, aakhri battees hazaar ek saath bhare the',
      ),
      c(
        'aaj tak NOC nahi aaya. RC se hypothecation hatwana hai, bike bechni hai, customer wait kar raha hai',
      ),
      a('Sir, NOC courier ho gaya tha, address pe koi mila nahi toh wapas aa gaya.'),
      c(
        'koi mila nahi? ghar pe mummy hoti hain din bhar. mujhe toh koi call bhi nahi aaya. teen mahine se ghoom raha hoon',
      ),
      a('Sorry sir, main aapko email pe abhi NOC bhej deta hoon aur original branch mein rakh deta hoon.'),
      c('email pe bhejo abhi ke abhi, warna main consumer court jaunga'),
    ],
    expect: {
      intent: 'loan',
      issueType: null,
      language: 'hi-Latn',
      name: null,
      accountNumber: null,
      amounts: [32_000],
      sentiment: 'negative',
      facts: ['noc', 'bike'],
    },
  },
  {
    id: 'h9-loan-tractor-crop-failed-hindi',
    domain: 'lending',
    style: 'hi',
    turns: [
      a('सुविधा फ़ाइनेंस, नमस्ते।'),
      c('नमस्ते जी, मैं रामपाल सिंह बोल रहा हूँ, बाराबंकी से। ट्रैक्टर का लोन है आपके यहाँ'),
      c('इस बार ओले पड़ गए, गेहूँ की पूरी फ़सल बर्बाद हो गई। अठारह हज़ार की किस्त इस महीने नहीं भर पाऊँगा'),
      a('सिंह जी, फ़सल ख़राब होने पर हम तीन महीने की मोहलत दे सकते हैं। पटवारी की रिपोर्ट लगानी होगी।'),
      c('रिपोर्ट तो मिल जाएगी। मोहलत मिल जाए तो बड़ी मेहरबानी होगी, बहुत चिंता में था'),
    ],
    expect: {
      intent: 'loan',
      issueType: 'loan_repayment',
      language: 'hi',
      name: 'रामपाल सिंह',
      accountNumber: null,
      amounts: [18_000],
      sentiment: 'positive',
      facts: ['18000', 'ट्रैक्टर|tractor'],
    },
  },
  {
    id: 'h9-loan-home-balance-transfer-switch',
    domain: 'lending',
    style: 'switch',
    turns: [
      a('Suvidha Home Loans, good evening.'),
      c(
        'good evening, mera home loan abhi dusre bank mein hai, wahan rate saade nau percent hai, aapka ad dekha ki aap kam dete ho',
      ),
      c('baaki battees lakh bacha hai, bees saal ka tenure hai'),
      a('Sir, for a balance transfer we can offer eight point four percent. May I know your name?'),
      c(
        'Sanjay Kapoor. If it is eight point four that saves me a lot every month. What documents do you need from my side?',
      ),
      a('Sanction letter from the current bank, twelve months statement and your salary slips.'),
      c('That is easy. Please go ahead, I will mail them tomorrow. Thanks a lot.'),
    ],
    expect: {
      intent: 'loan',
      issueType: 'loan_application',
      language: 'en',
      name: 'Sanjay Kapoor',
      accountNumber: null,
      amounts: [3_200_000],
      sentiment: 'positive',
      facts: ['balance transfer', '3200000|32 lakh|battees lakh'],
    },
  },
  {
    id: 'h9-loan-app-emi-twice-switch',
    domain: 'lending',
    style: 'switch',
    turns: [
      a('Suvidha Finance, how can I help you?'),
      c(
        'Hi, I have a consumer durable loan for my fridge. The EMI is six thousand four hundred, and this month it got debited twice.',
      ),
      a('Let me check, ma’am. Yes, the mandate was presented twice by mistake.'),
      c('toh ab? mera account mein itna hi tha, doosri baar mein overdraft charge bhi lag gaya bank ka'),
      a('Ma’am, extra EMI do din mein wapas aa jayegi, aur bank charge ka bhi hum letter de denge.'),
      c('theek hai, letter zaroor bhejna, warna bank waale nahi maanenge'),
    ],
    expect: {
      intent: 'refund',
      issueType: 'double_charge',
      language: 'hi-Latn',
      name: null,
      accountNumber: null,
      amounts: [6_400],
      sentiment: 'neutral',
      facts: ['6400', 'twice|do baar|emi'],
    },
  },
];
