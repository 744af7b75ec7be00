import { describe, expect, it } from 'vitest';
import { actionLine, actionWords, feedbackText, protocolTerm, targetState, verbFor } from '../../../src-renderer/components/command-console/action-labels';

const OPEN_CLOSED = { '0': 'Open', '1': 'Closed' };
const IEC_DOUBLE = { '0': 'Intermediate', '1': 'Off', '2': 'On', '3': 'Indeterminate' };

describe('commands in the point\'s own words', () => {
  it('reads the demo breaker\'s actions as Close and Open, with the CROB code and pulse time beside them', () => {
    expect(actionLine('dnp3', 'close', OPEN_CLOSED, { onMs: 1000 })).toBe('Close (CROB CLOSE, pulse 1000 ms)');
    expect(actionLine('dnp3', 'trip', OPEN_CLOSED, { onMs: 500 })).toBe('Open (CROB TRIP, pulse 500 ms)');
    expect(actionLine('dnp3', 'on', OPEN_CLOSED)).toBe('Close (CROB LATCH_ON)');
    expect(actionLine('dnp3', 'off', OPEN_CLOSED)).toBe('Open (CROB LATCH_OFF)');
    expect(actionLine('dnp3', 'pulseOn', OPEN_CLOSED, { onMs: 1000 })).toBe('Pulse close (CROB PULSE_ON, pulse 1000 ms)');
    expect(actionLine('dnp3', 'nul', OPEN_CLOSED)).toBe('NUL, operates nothing (CROB NUL)');
  });

  it('keeps the actions of one point distinct from each other', () => {
    const actions = ['on', 'off', 'pulseOn', 'pulseOff', 'trip', 'close', 'nul'];
    const lines = actions.map((a) => actionLine('dnp3', a, OPEN_CLOSED, { onMs: 1000 }));
    expect(new Set(lines).size).toBe(actions.length);
  });

  it('targets states 2 and 1 of a double point, 1 and 0 of a single one', () => {
    expect(targetState('close', IEC_DOUBLE)).toBe('2');
    expect(targetState('trip', IEC_DOUBLE)).toBe('1');
    expect(targetState('close', OPEN_CLOSED)).toBe('1');
    expect(targetState('pulseOff', OPEN_CLOSED)).toBe('0');
    expect(targetState('setpoint', OPEN_CLOSED)).toBeNull();
    expect(actionWords('iec104', 'close', IEC_DOUBLE)).toEqual({ main: 'Switch on', detail: 'double command ON' });
    expect(actionWords('iec104', 'trip', IEC_DOUBLE)).toEqual({ main: 'Switch off', detail: 'double command OFF' });
  });

  it('falls back to the plain action without labels, and to "Set <label>" for an unknown label', () => {
    expect(actionWords('iec104', 'on', {})).toEqual({ main: 'On', detail: 'single command ON' });
    expect(actionWords('dnp3', 'setpoint', {})).toEqual({ main: 'Set value', detail: 'analog output g41' });
    expect(actionWords('iec104', 'step', {})).toEqual({ main: 'Raise / lower', detail: 'regulating step command' });
    expect(verbFor('Tripped')).toBe('Trip');
    expect(verbFor('Local')).toBe('Set Local');
    expect(actionWords('dnp3', 'on', { '1': 'Local' }).main).toBe('Set Local');
    expect(protocolTerm('dnp3', 'unknown')).toBe('unknown');
    // IEC 104 double commands carry no pulse time of their own.
    expect(actionLine('iec104', 'close', OPEN_CLOSED, { onMs: 1000 })).toBe('Close (double command ON)');
  });

  it('shows feedback as the point\'s state label, else the value with its unit', () => {
    expect(feedbackText(true, OPEN_CLOSED)).toBe('Closed');
    expect(feedbackText(false, OPEN_CLOSED)).toBe('Open');
    expect(feedbackText(2, IEC_DOUBLE)).toBe('On');
    expect(feedbackText(12.34567, {}, 'kV')).toBe('12.346 kV');
    expect(feedbackText(true, {})).toBe('true');
  });
});
