import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../lib/format';

describe('formatBytes', () => {
  it('shows whole bytes below a kilobyte, as a measured speed comes in fractions', () => {
    expect(formatBytes(619.1736422399997)).toBe('619 B');
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023.6)).toBe('1.0 KB');
  });

  it('keeps one decimal below 10 of a larger unit', () => {
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(300 * 1024)).toBe('300 KB');
  });
});
