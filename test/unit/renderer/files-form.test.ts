import { describe, expect, it } from 'vitest';
import { parentDirectory, percentOf, stateText } from '../../../src-renderer/components/device-panel/files-form';

describe('the Files panel texts', () => {
  it('shows the percent received, whole and at most 100, 100 for an empty file, 0 while the size is unknown', () => {
    expect(percentOf({ received: 1234, size: 5000 })).toBe(24);
    expect(percentOf({ received: 5000, size: 5000 })).toBe(100);
    expect(percentOf({ received: 0, size: 0 })).toBe(100);
    expect(percentOf({ received: 10, size: null })).toBe(0);
  });

  it('says each state in words, with the resumes', () => {
    expect(stateText({ state: 'queued', resumes: 0 })).toBe('Queued: another download of this station runs first');
    expect(stateText({ state: 'running', resumes: 0 })).toBe('Transferring');
    expect(stateText({ state: 'running', resumes: 2 })).toBe('Transferring (resumed 2×)');
    expect(stateText({ state: 'waiting', resumes: 0 })).toBe('Link lost: waiting to resume');
  });

  it('goes up one DNP3 directory, never above the root', () => {
    expect(parentDirectory('/records/comtrade')).toBe('/records');
    expect(parentDirectory('/records/')).toBe('/');
    expect(parentDirectory('/')).toBe('/');
  });
});
