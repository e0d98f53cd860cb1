import { describe, expect, it } from 'vitest';
import { isHandoffError } from '../errors.js';
import { isOpen, localClock } from './hours.js';

// 2026-11-23 is a Monday. 04:00 UTC is 09:30 in Kolkata (UTC+5:30).
const mondayUtc = (hh: number, mm = 0) => Date.UTC(2026, 10, 23, hh, mm);

describe('business hours', () => {
  it('reads the clock in the destination time zone, not the server’s', () => {
    expect(localClock(mondayUtc(4), 'Asia/Kolkata')).toEqual({ weekday: 1, minutes: 9 * 60 + 30 });
    expect(localClock(mondayUtc(4), 'America/New_York')).toEqual({ weekday: 7, minutes: 23 * 60 });
  });

  it('opens and closes on the window edges in the destination zone', () => {
    const hours = { open: '09:30', close: '18:00' };
    expect(isOpen(hours, 'Asia/Kolkata', mondayUtc(4, 0))).toBe(true);
    expect(isOpen(hours, 'Asia/Kolkata', mondayUtc(3, 59))).toBe(false);
    expect(isOpen(hours, 'Asia/Kolkata', mondayUtc(12, 29))).toBe(true);
    expect(isOpen(hours, 'Asia/Kolkata', mondayUtc(12, 30))).toBe(false);
    // Saturday is not in the default Monday-Friday week.
    expect(isOpen(hours, 'Asia/Kolkata', Date.UTC(2026, 10, 28, 6))).toBe(false);
  });

  it('handles per-day windows and night shifts across midnight', () => {
    const hours = { days: { 1: ['22:00-06:00'] } };
    expect(isOpen(hours, 'UTC', mondayUtc(23))).toBe(true);
    expect(isOpen(hours, 'UTC', Date.UTC(2026, 10, 24, 5, 59))).toBe(true); // Tuesday early morning
    expect(isOpen(hours, 'UTC', Date.UTC(2026, 10, 24, 6, 0))).toBe(false);
    expect(isOpen(hours, 'UTC', mondayUtc(12))).toBe(false);
  });

  it('is always open without hours, and rejects bad config with a typed error', () => {
    expect(isOpen(undefined, undefined, 0)).toBe(true);
    expect(() => isOpen({ open: '9am' }, 'UTC', 0)).toThrow(
      expect.objectContaining({ code: 'invalid_options' }),
    );
    try {
      localClock(0, 'Mars/Olympus');
      expect.unreachable();
    } catch (error) {
      expect(isHandoffError(error, 'invalid_options')).toBe(true);
    }
  });
});
