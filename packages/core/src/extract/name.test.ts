import { describe, expect, it } from 'vitest';
import { extractName } from './name.js';

describe('extractName: self-introductions without "my name is"', () => {
  it.each([
    // Hinglish "main X bol/baat kar raha/rahi hoon", anywhere in the turn, any case.
    ['namaste, main Pradeep Joshi bol raha hoon, mera card block ho gaya', 'Pradeep Joshi'],
    ['haan ji main kiran baat kar rahi hoon', 'Kiran'],
    ['hello sir main deepika malhotra bol rahi hu, refund kab aayega', 'Deepika Malhotra'],
    ['ji main Verma ji bol raha hoon', 'Verma'],
    // Devanagari.
    ['नमस्ते, मैं रमेश गुप्ता बोल रहा हूँ। मेरा पार्सल नहीं आया', 'रमेश गुप्ता'],
    ['जी मैं कविता बात कर रही हूं', 'कविता'],
    ['नमस्कार, मैं सीमा।', 'सीमा'],
    // "main X." as the whole opening clause.
    ['namaskar, main Harish Chandra. loan ka status janna hai', 'Harish Chandra'],
    ['haan ji, main anjali verma, kal payment kiya tha', 'Anjali Verma'],
    // "X here", "X this side", "X speaking" at the start.
    ['Good evening. Farhan here, my order is late', 'Farhan'],
    ['nikhil arora here mera refund abhi tak nahi aaya', 'Nikhil Arora'],
    ['hello, rajesh this side, internet band hai', 'Rajesh'],
    ['Anita Desai speaking. I need a duplicate bill', 'Anita Desai'],
    ['myself priyanka, calling for my policy', 'Priyanka'],
    // One lower-case word after "this is" / "I'm" when a new clause follows it.
    ['yeah hi this is karan my card got swallowed', 'Karan'],
    ["hi i'm deepak and my sim is not working", 'Deepak'],
    ['this is meena.', 'Meena'],
    // "naam hai X" opening a clause, "mine is X" answering "name".
    ['haan, block kar do. naam hai Rekha Nair', 'Rekha Nair'],
    ['नाम है सुरेश यादव', 'सुरेश यादव'],
    ["his name is arjun, mine's pooja iyer", 'Pooja Iyer'],
  ])('finds the name in %s', (text, name) => {
    expect(extractName(text)?.name).toBe(name);
  });

  it('treats "naam hai" as stated and "X here" as inferred', () => {
    expect(extractName('naam hai Rekha Nair')?.explicit).toBe(true);
    expect(extractName('Farhan here')?.explicit).toBe(false);
  });
});

describe('extractName: words that look like an introduction but name nobody', () => {
  it.each([
    // "main" followed by a state, a place or a relation.
    'main theek hoon, aap batao',
    'main pareshan hoon.',
    'main ghar pe hoon',
    'main bank se bol raha hoon',
    'main kab se bol raha hoon ki paisa wapas karo',
    'main sach bol raha hoon',
    'main aapko bol raha hoon',
    'main unka beta bol raha hoon',
    'main Sharma ji ka beta bol raha hoon',
    'main bhi.',
    'Main problem is the bill',
    'main road pe accident hua',
    'मैं बैंक से बोल रहा हूँ',
    'मैं सच बोल रहा हूँ',
    'मैं ठीक हूँ।',
    'मैं परेशान हूँ',
    // English look-alikes.
    "I'm calling about my refund",
    "I'm fine",
    'i am tired, please hurry',
    'i am pregnant and need an appointment',
    'i am sixty eight years old',
    'this is outrageous.',
    'this is ridiculous, fix it',
    'here is my account number',
    'everything here is broken',
    'nobody here picks up the phone',
    'customer speaking',
    'This is HDFC.',
    'SBI this side',
    'myself not feeling well',
    // Someone else's name.
    'her name is aarohi',
    'uska naam hai Ravi',
    'beti ka naam hai Priya',
    'mine is broken too',
  ])('finds no name in %s', (text) => {
    expect(extractName(text)).toBeUndefined();
  });
});
