/**
 * Golden files of every format for each scenario (test/vectors/firewall/<scenario>/). A
 * change in the generated text fails here; after reviewing it, `UPDATE_GOLDEN=1` rewrites
 * the files (then read the diff).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIREWALL_FORMATS, firewallRules } from '../../../../src-main/commissioning/firewall';
import { FIREWALL_SCENARIOS } from './firewall-scenarios';

const GOLDEN = join(import.meta.dirname, '../../../vectors/firewall');

describe('firewall rules against golden files', () => {
  for (const scenario of FIREWALL_SCENARIOS) {
    for (const format of FIREWALL_FORMATS) {
      it(`${scenario.name} as ${format}`, () => {
        const result = firewallRules(scenario.station, scenario.masters, format);
        if (!result.ok) throw new Error(result.error.message);
        expect(result.value.files.length).toBeGreaterThan(0);
        for (const file of result.value.files) {
          const path = join(GOLDEN, scenario.name, file.name);
          if (process.env.UPDATE_GOLDEN === '1') {
            mkdirSync(join(GOLDEN, scenario.name), { recursive: true });
            writeFileSync(path, file.text);
          }
          expect(file.text, path).toBe(readFileSync(path, 'utf8'));
        }
      });
    }
  }

  it('writes rules.v4 and rules.v6 for iptables only for the families the station has', () => {
    const names = (i: number) => {
      const r = firewallRules(FIREWALL_SCENARIOS[i]!.station, FIREWALL_SCENARIOS[i]!.masters, 'iptables');
      return r.ok ? r.value.files.map((f) => f.name) : [];
    };
    expect(names(0)).toEqual(['rules.v4', 'rules.v6']);
    expect(names(1)).toEqual(['rules.v4']);
    expect(names(2)).toEqual(['rules.v6']);
  });
});
