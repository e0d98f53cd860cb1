import { describe, expect, it } from 'vitest';
import { extractFacts } from '../extract/extract-facts.js';
import type { Extracted, Role, Turn } from '../types.js';
import { attemptsFrom } from './attempts.js';
import { RollingSummary } from './rolling-summary.js';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Feeds turns the way a session does: facts extracted from caller turns, then the summary. */
function run(lines: Array<[Role, string]>, summary = new RollingSummary()) {
  let extracted: Extracted = { customer: {}, fields: {}, sentimentTrajectory: [] };
  lines.forEach(([role, text], index) => {
    const turn: Turn = { index, role, text, at: 1_000 * (index + 1), final: true };
    if (role === 'caller') extracted = { ...extracted, ...extractFacts(turn, extracted) };
    summary.add(turn, extracted);
  });
  return summary;
}

const REFUND_CALL: Array<[Role, string]> = [
  ['agent', 'Hello, thanks for calling. How can I help?'],
  ['caller', 'Hello?'],
  ['caller', 'Hi, my name is Priya Sharma, my account number is 0012 3456 4321.'],
  ['caller', 'I want a refund of ₹15,000 for a cancelled order, it has been two weeks!'],
  ['agent', "I've checked the order status and it shows cancelled. I have raised a refund request for you."],
  ['caller', 'This is ridiculous, you people are useless.'],
  ['agent', 'I understand. Is there anything else?'],
  ['caller', 'I want to talk to a real person right now.'],
];

describe('RollingSummary', () => {
  it("reads its owner's running sentiment when given one, instead of scoring the turns itself", () => {
    // The same angry call: on its own the summary calls the caller frustrated; told by its owner
    // (a session whose tracker says calm), it states the owner's score and mood.
    const own = run(REFUND_CALL).get();
    expect(own.full).toMatch(/Caller sentiment: (?!neutral)\w+/);
    const owner = { sentimentScore: 0 };
    const told = run(REFUND_CALL, new RollingSummary({ sentiment: owner })).get();
    expect(told.full).toContain('Caller sentiment: neutral (0.00).');
    expect(told.oneLine).not.toContain('frustrated');
  });

  it('summarises the refund call in one line, a spoken brief and a full account', () => {
    const summary = run(REFUND_CALL).get();
    expect(summary.oneLine).toBe(
      'Refund of ₹15,000 for a cancelled order; caller is frustrated; wants a human',
    );
    expect(summary.spoken).toBe(
      'Priya Sharma wants a refund of 15,000 rupees for a cancelled order. ' +
        'The AI already raised a refund request for them. They sound frustrated. They asked for a person.',
    );
    expect(summary.full).toContain('Caller: Priya Sharma, account ending 4321, speaks English.');
    expect(summary.full).toContain(
      'Opening issue: "I want a refund of ₹15,000 for a cancelled order, it has been two weeks!"',
    );
    expect(summary.full).toContain('Key facts: intent refund; issue cancelled order; amounts ₹15,000.');
    expect(summary.full).toContain(
      "AI already tried: I've checked the order status and it shows cancelled; " +
        'I have raised a refund request for you.',
    );
    expect(summary.full).toContain('Latest request: "I want to talk to a real person right now."');
    expect(summary.full).not.toContain('0012 3456 4321');
    expect(summary).toMatchObject({ source: 'extractive', updatedAt: 8_000 });
  });

  it('is deterministic', () => {
    expect(run(REFUND_CALL).get()).toEqual(run(REFUND_CALL).get());
  });

  it('takes the first substantive caller turn as the opening, upgrading one that names no topic', () => {
    const vague = run([
      ['caller', 'hello hello can you hear me'],
      ['caller', 'yes I have a question about something'],
      ['caller', 'my card was stolen yesterday, please block it'],
      ['caller', 'also I want to know about a home loan'],
    ]).get();
    expect(vague.full).toContain('Opening issue: "my card was stolen yesterday, please block it"');
  });

  it('keeps the opening once a topic is set', () => {
    const summary = run([
      ['caller', 'I want a refund for my order'],
      ['caller', 'also my card was stolen yesterday'],
    ]).get();
    expect(summary.full).toContain('Opening issue: "I want a refund for my order"');
  });

  it('quotes the first turn that states the problem as the opening and the latest as the request', () => {
    // The demo's refund call: both labels used to quote the last turn.
    const refund = run([
      ['agent', 'Hello, this is ShopKart support. How can I help?'],
      ['caller', 'My order 88812 was cancelled but the money was still taken from my account.'],
      ['agent', 'I am sorry about that. How much were you charged?'],
      ['caller', 'Rs 15,000. Mujhe refund chahiye, jaldi please.'],
    ]).get();
    expect(refund.full).toContain(
      'Opening issue: "My order 88812 was cancelled but the money was still taken from my account."',
    );
    expect(refund.full).toContain('Latest request: "Rs 15,000. Mujhe refund chahiye, jaldi please."');
    expect(refund.full).toContain('speaks Hinglish');

    // The demo's triage call: "Latest request" quoted turn 2 and "Opening issue" turn 4.
    const triage = run([
      ['agent', 'Namaste, City Care clinic. How may I help you?'],
      ['caller', 'Hello, I wanted to move my check-up appointment to next week.'],
      ['agent', 'Of course. Can I have your name please?'],
      ['caller', 'This is Anita Desai. Actually since this morning I have chest pain and feel breathless.'],
    ]).get();
    expect(triage.full).toContain(
      'Opening issue: "Hello, I wanted to move my check-up appointment to next week."',
    );
    expect(triage.full).toContain('Latest request: "This is Anita Desai. Actually since this morning');
  });

  it('quotes the words that revealed the issue when neither the opening nor the request has them', () => {
    const summary = run([
      // The opening says nothing of the issue (a bill "aaya hai" with an amount now reads as a
      // wrong charge by itself, which would make the opening the turn).
      ['caller', 'mera postpaid connection hai, ek baat poochni thi'],
      ['caller', 'data pack ke alag se paise lag gaye hain jo maine liya hi nahi'],
      ['caller', 'jaldi check karo, mujhe ye bill nahi bharna'],
    ]).get();
    expect(summary.full).toContain('Issue detail: "data pack ke alag se paise lag gaye hain');
  });

  it('quotes a short answer that carries a fact (#16)', () => {
    const summary = run([
      ['agent', 'how can i help you'],
      ['caller', 'hello i want to change my address in the account'],
      ['agent', 'sure, which city are you moving to?'],
      ['caller', 'we shifted to pune'],
      ['caller', 'yes'],
    ]).get();
    expect(summary.full).toContain('"we shifted to pune"');
    expect(summary.full).not.toContain('"yes"');
  });

  it('reports help already on its way as something the AI did (#16)', () => {
    const { full } = run([
      ['caller', 'my father has heavy chest pain and is sweating'],
      ['agent', 'An ambulance is on the way. Make him sit, do not let him walk.'],
      ['agent', 'Ambulance bhej rahe hain, unhe letne mat dijiye.'],
      ['agent', 'Is there an ambulance service near you?'],
    ]).get();
    expect(full).toContain(
      'AI already tried: An ambulance is on the way; Ambulance bhej rahe hain, unhe letne mat dijiye',
    );
    expect(full).not.toContain('ambulance service near you');
  });

  it('quotes a short turn that adds two new words (#16)', () => {
    const summary = run([
      ['caller', 'hello i am having pain in chest since one hour'],
      ['caller', 'it is going to arm also'],
      ['caller', 'thank you so much'],
    ]).get();
    expect(summary.full).toContain('"it is going to arm also"');
    expect(summary.full).not.toContain('"thank you so much"');
  });

  it('takes a question as the latest request', () => {
    const summary = run([
      ['caller', 'mere pitaji ki life insurance policy ka claim karna hai'],
      ['caller', 'kya kya documents lagenge'],
    ]).get();
    expect(summary.full).toContain('Latest request: "kya kya documents lagenge"');
  });

  it('hears a two-word cue only as the two words in a row, and a question word only opening a question', () => {
    const summary = run([
      ['caller', 'mere pitaji ki life insurance policy ka claim karna hai'],
      ['caller', 'ok so can you check it'],
      ['caller', 'you can go'],
      ['caller', 'what'],
      ['caller', 'dekho can the time you'],
    ]).get();
    expect(summary.full).toContain('Latest request: "ok so can you check it"');
    const later = run([
      ['caller', 'mere pitaji ki life insurance policy ka claim karna hai'],
      ['caller', 'wo aayega kab tak'],
    ]).get();
    expect(later.full).toContain('Latest request: "wo aayega kab tak"');
  });

  it('states the mood from the score alone, whatever label the extracted facts carry', () => {
    const summary = new RollingSummary();
    const turn: Turn = { index: 0, role: 'caller', text: 'I want a home loan', at: 1, final: true };
    summary.add(turn, {
      customer: {},
      fields: {},
      sentimentTrajectory: [],
      sentiment: 'positive',
      sentimentScore: 0,
    });
    expect(summary.get().full).toContain('Caller sentiment: neutral (0.00).');
  });

  it('falls back to the caller words when no intent is known', () => {
    const summary = run([['caller', 'the sofa I ordered looks nothing like the photo']]).get();
    expect(summary.oneLine).toBe('the sofa I ordered looks nothing like the photo');
    expect(summary.spoken).toBe('The caller said: the sofa I ordered looks nothing like the photo.');
  });

  it('says something sensible before anyone speaks', () => {
    const summary = new RollingSummary().get();
    expect(summary.oneLine).toBe('No caller speech yet');
    expect(summary.full).toBe('Caller: name unknown.');
  });

  it('keeps only the most recent attempts', () => {
    const summary = new RollingSummary({ maxFacts: 2 });
    run(
      [
        ['agent', 'I have checked your balance.'],
        ['agent', 'I have reset your PIN.'],
        ['agent', 'I have sent you an SMS.'],
        ['agent', 'I have reset your PIN.'],
      ],
      summary,
    );
    expect(summary.attempts()).toEqual(['I have reset your PIN.', 'I have sent you an SMS.']);
  });

  it('stays within its limits on a long call', () => {
    const lines: Array<[Role, string]> = [];
    for (let i = 0; i < 2_000; i++) {
      lines.push([
        'caller',
        `this is useless, I still want a refund of ₹${15_000 + i} for the cancelled order ${i}`,
      ]);
      lines.push(['agent', `I have checked order ${i} and I have raised ticket ${i}.`]);
    }
    const summary = run(lines);
    const { oneLine, spoken, full } = summary.get();
    expect(oneLine.length).toBeLessThanOrEqual(120);
    expect(words(spoken)).toBeLessThanOrEqual(40);
    expect(full.length).toBeLessThan(1_500);
    expect(summary.attempts()).toHaveLength(5);
  });

  it('cuts a long one-liner at a word boundary', () => {
    const long = 'my washing machine '.repeat(20);
    const { oneLine } = run([['caller', long]]).get();
    expect(oneLine.length).toBeLessThanOrEqual(120);
    expect(oneLine.endsWith('…')).toBe(true);
    expect(oneLine).not.toMatch(/ …$/);
  });

  it('quotes what the caller said between the opening and the latest request', () => {
    const { full } = run([
      ['caller', 'my order has not arrived, it was supposed to come on monday'],
      ['agent', 'Could you tell me what you ordered?'],
      ['caller', 'a pressure cooker, a gift for my mother, she lives in Nagpur'],
      ['caller', 'please tell me when it will come'],
    ]).get();
    expect(full).toContain(
      'Caller also said: "a pressure cooker, a gift for my mother, she lives in Nagpur"',
    );
    expect(full).toContain('Latest request: "please tell me when it will come"');
  });

  it('does not quote numbers read out, a name, or a turn another line already quotes', () => {
    const { full } = run([
      ['caller', 'mera credit card ka bill galat aaya hai, do baar charge laga hai'],
      ['caller', 'account number hai teen chaar paanch do ek nau aath saat'],
      ['caller', 'my name is Kavita Rao'],
      ['caller', 'ek charge reverse kar dijiye please'],
    ]).get();
    expect(full).not.toContain('Caller also said');
    expect(full.match(/ek charge reverse/g)).toHaveLength(1);
  });

  it('quotes at most two details, the ones that add the most, in the order said', () => {
    const { full } = run([
      ['caller', 'my broadband has been down since friday'],
      ['caller', 'the router shows a red light on the port'],
      [
        'caller',
        'I work from home as a designer, clients in Singapore need files by tonight, and my son has online exams',
      ],
      ['caller', 'yes'],
      ['caller', 'the technician visited yesterday, replaced the cable, nothing changed afterwards'],
      ['caller', 'please send someone today'],
    ]).get();
    const said = /Caller also said: (.*?)(?= [A-Z][a-z]+( [a-z]+)?: )/.exec(full)?.[1] ?? '';
    expect(said.match(/"/g)).toHaveLength(4);
    expect(said.indexOf('designer')).toBeGreaterThan(-1);
    expect(said.indexOf('technician')).toBeGreaterThan(said.indexOf('designer'));
    expect(said).not.toContain('red light');
    expect(full).toContain('Latest request: "please send someone today"');
  });

  it("does not take the caller's own next step as their latest request", () => {
    const { full } = run([
      ['caller', 'mujhe apna address badalna hai, hum naye ghar mein shift ho gaye'],
      ['caller', 'naya address flat 12, Lake View Society, Pune hai. kya address proof bhi bhejna hoga?'],
      ['agent', 'Yes, please upload your electricity bill in the app.'],
      ['caller', 'Okay, I will upload the electricity bill tonight.'],
    ]).get();
    expect(full).toContain('Latest request: "naya address flat 12, Lake View Society, Pune hai.');
    // Asking while promising is still asking.
    const asking = run([
      ['caller', 'my emi date needs to move to the tenth'],
      ['caller', 'achha theek hai, link bhej dijiye, main bhar dunga'],
    ]).get();
    expect(asking.full).toContain('Latest request: "achha theek hai, link bhej dijiye, main bhar dunga"');
  });

  it('hears Hinglish requests and attempts', () => {
    const summary = run([
      ['caller', 'mera naam Rahul hai, mujhe loan chahiye 5 lakh ka'],
      ['agent', 'Maine aapki application submit kar di hai.'],
      ['caller', 'manager ko bulao'],
    ]);
    const { oneLine, full } = summary.get();
    expect(oneLine).toBe('Loan enquiry of ₹5,00,000 for a new loan; wants a human');
    expect(full).toContain('Rahul');
    expect(summary.attempts()).toEqual(['Maine aapki application submit kar di hai.']);
  });
});

describe('attemptsFrom', () => {
  it('collects what the AI did from agent sentences and tool turns, in order, without repeats', () => {
    expect(
      attemptsFrom([
        { role: 'agent', text: 'Let me check. I have reset your password. Can you try now?' },
        { role: 'caller', text: 'I tried already, I have checked everything' },
        { role: 'tool', text: 'lookup_order: status=cancelled' },
        { role: 'agent', text: 'I have a question for you. I have to verify your identity.' },
        { role: 'agent', text: "I've sent a reset link to your email." },
        { role: 'agent', text: 'I have reset your password.' },
        { role: 'agent', text: 'Have I sent the link?', final: false },
      ]),
    ).toEqual([
      'I have reset your password.',
      'tool: lookup_order: status=cancelled',
      "I've sent a reset link to your email.",
    ]);
  });

  it('leaves out "I have a/an/to/no/not …" sentences even when an action word follows', () => {
    const text =
      "We have not processed the refund yet. I've no record it was cancelled. I have a form you submitted. I have raised a request.";
    expect(attemptsFrom([{ role: 'agent', text }])).toEqual(['I have raised a request.']);
  });

  it('ignores questions and returns at most `max`', () => {
    expect(attemptsFrom([{ role: 'agent', text: 'Have you tried restarting the app?' }])).toEqual([]);
    const many = Array.from({ length: 20 }, (_, i) => ({
      role: 'agent' as const,
      text: `I have checked item ${i}.`,
    }));
    expect(attemptsFrom(many, 3)).toEqual([
      'I have checked item 17.',
      'I have checked item 18.',
      'I have checked item 19.',
    ]);
  });
});
