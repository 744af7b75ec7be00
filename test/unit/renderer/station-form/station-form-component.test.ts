import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTick, reactive } from 'vue';
import StationForm from '../../../../src-renderer/components/station-form/StationForm.vue';
import type { StationConfigInput } from '../../../../src-shared/workspace/station';
import { FULL_DNP3, FULL_IEC104 } from './fixtures';

let wrapper: VueWrapper | undefined;
afterEach(() => wrapper?.unmount());

const open = (config: StationConfigInput | null) => {
  wrapper = mount(StationForm, { props: { config, busy: false, serverError: null }, attachTo: document.body });
  return wrapper;
};
const field = (w: VueWrapper, path: string) => w.find(`#station-${path.replace(/\./g, '-')}`);
const errorAt = (w: VueWrapper, path: string) => w.find(`#station-err-${path.replace(/\./g, '-')}`).text();
const submit = async (w: VueWrapper) => {
  await w.find('form').trigger('submit');
  await flushPromises();
};

describe('StationForm', () => {
  it.each([
    ['DNP3', FULL_DNP3],
    ['IEC 104', FULL_IEC104],
  ])('saves a full %s station unchanged through every section', async (_, config) => {
    const w = open(config);
    await submit(w);
    expect(w.emitted('save')).toEqual([[config, null]]);
  });

  it('edits a reactive configuration (as the view passes it) without touching it', async () => {
    const config = reactive(structuredClone(FULL_IEC104));
    const w = open(config);
    await field(w, 'name').setValue('Feeder 4b');
    await submit(w);
    expect(w.emitted<[StationConfigInput]>('save')![0]![0]).toEqual({ ...FULL_IEC104, name: 'Feeder 4b' });
    expect(config.name).toBe('Feeder 4');
  });

  it('shows only the sections of the station’s protocol', () => {
    const dnp3 = open(FULL_DNP3);
    const legends = () => dnp3.findAll('legend').map((legend) => legend.text());
    expect(legends()).toEqual(expect.arrayContaining(['Identity', 'Transport', 'DNP3 addresses', 'Polling and time sync', 'Command policies']));
    expect(legends().some((text) => /IEC 104|APCI|Redundancy/.test(text))).toBe(false);
    expect(dnp3.find('[name^=station-transport-tls]').exists()).toBe(true);
    dnp3.unmount();
    const iec = open(FULL_IEC104);
    expect(iec.findAll('legend').map((legend) => legend.text())).toEqual(expect.arrayContaining(['APCI timers and window', 'Redundancy connections']));
    expect(iec.find('[id^=station-dnp3]').exists()).toBe(false);
    expect(iec.find('[id^=station-transport-tls]').exists()).toBe(false);
    expect(iec.findAll('select[name=station-transport] option').map((o) => o.attributes('value'))).toEqual(['tcp', 'tls']);
  });

  it('ties a label to every input and select', () => {
    const w = open(FULL_IEC104);
    const controls = w.findAll('input:not([type=checkbox]), select');
    expect(controls.length).toBeGreaterThan(25);
    for (const control of controls) expect(w.find(`label[for="${control.attributes('id')}"]`).exists(), control.attributes('id')).toBe(true);
  });

  it('shows t2 ≥ t1 at t2, then saves an added redundancy connection once fixed', async () => {
    const w = open(FULL_IEC104);
    await field(w, 'iec104.t2Ms').setValue('12000');
    await submit(w);
    expect(w.emitted('save')).toBeUndefined();
    expect(errorAt(w, 'iec104.t2Ms')).toBe('t2 must be less than t1');
    expect(field(w, 'iec104.t2Ms').attributes('aria-invalid')).toBe('true');
    expect(field(w, 'iec104.t2Ms').attributes('aria-describedby')).toBe('station-err-iec104-t2Ms');
    expect(document.activeElement?.id).toBe('station-iec104-t2Ms');
    await field(w, 'iec104.t2Ms').setValue('11000');
    expect(errorAt(w, 'iec104.t2Ms')).toBe('');

    await w.find('[data-action=add-connection]').trigger('click');
    await nextTick();
    expect(document.activeElement?.id).toBe('station-iec104-redundancy-2-host');
    await field(w, 'iec104.redundancy.2.port').setValue('99999');
    await submit(w);
    expect(errorAt(w, 'iec104.redundancy.2.port')).toBe('Must be 65535 or less');
    await field(w, 'iec104.redundancy.2.port').setValue('2406');
    await submit(w);
    const saved = w.emitted<[StationConfigInput]>('save')![0]![0];
    expect(saved.iec104).toMatchObject({ t2Ms: 11_000, redundancy: [...FULL_IEC104.iec104!.redundancy!, { host: '10.0.4.1', port: 2406 }] });
  });

  it('removes a row, keeps the others and their typing, and moves focus to Add', async () => {
    const w = open(FULL_IEC104);
    await w.find('[data-list="iec104.redundancy"] button[aria-label="Remove connection 1"]').trigger('click');
    await nextTick();
    expect((field(w, 'iec104.redundancy.0.host').element as HTMLInputElement).value).toBe('10.0.4.3');
    expect((field(w, 'iec104.redundancy.0.port').element as HTMLInputElement).value).toBe('2405');
    expect(field(w, 'iec104.redundancy.1.host').exists()).toBe(false);
    expect(document.activeElement?.getAttribute('data-action')).toBe('add-connection');
  });

  it('sets how an IEC 104 station ends a command; the ACTTERM wait is asked only in auto mode', async () => {
    const w = open(FULL_IEC104);
    const select = field(w, 'iec104.actTerm').element as HTMLSelectElement;
    expect(select.value).toBe('auto');
    expect([...select.options].map((o) => o.text)).toEqual(['Auto: wait briefly, success without it', 'Expected: fail without it (NO_ACTTERM)', 'Not sent: success at ACTCON']);
    await field(w, 'iec104.actTermWindowMs').setValue('61000');
    await submit(w);
    expect(errorAt(w, 'iec104.actTermWindowMs')).toBe('Must be 60000 or less');
    await field(w, 'iec104.actTermWindowMs').setValue('800');
    await submit(w);
    expect(w.emitted<[StationConfigInput]>('save')![0]![0].iec104).toMatchObject({ actTerm: 'auto', actTermWindowMs: 800 });
    await field(w, 'iec104.actTerm').setValue('expected');
    expect(field(w, 'iec104.actTermWindowMs').exists()).toBe(false);
    await submit(w);
    expect(w.emitted<[StationConfigInput]>('save')![1]![0].iec104).toMatchObject({ actTerm: 'expected' });
  });

  it('edits the DNP3 link and request settings, link timeout and retries shown only for confirmed links', async () => {
    const w = open({ ...FULL_DNP3, dnp3: { ...FULL_DNP3.dnp3, linkConfirmed: false } });
    expect(field(w, 'dnp3.linkTimeoutMs').exists()).toBe(false);
    await field(w, 'dnp3.keepAliveMs').setValue('0');
    await field(w, 'dnp3.retries').setValue('2');
    await field(w, 'dnp3.maxRxFragmentSize').setValue('65536');
    await w.find('input[name=station-dnp3-disableUnsolicitedAtStartup]').setValue(true);
    await w.find('input[name=station-dnp3-linkConfirmed]').setValue(true);
    await field(w, 'dnp3.linkTimeoutMs').setValue('300');
    await field(w, 'dnp3.linkRetries').setValue('0');
    await submit(w);
    const saved = w.emitted<[StationConfigInput]>('save')![0]![0];
    expect(saved.dnp3).toMatchObject({ keepAliveMs: 0, retries: 2, maxRxFragmentSize: 65536, disableUnsolicitedAtStartup: true, linkConfirmed: true, linkTimeoutMs: 300, linkRetries: 0 });
  });

  it('refuses a response fragment size over 65536 at its field', async () => {
    const w = open(FULL_DNP3);
    await field(w, 'dnp3.maxRxFragmentSize').setValue('70000');
    await submit(w);
    expect(w.emitted('save')).toBeUndefined();
    expect(errorAt(w, 'dnp3.maxRxFragmentSize')).not.toBe('');
  });

  it('edits the stale time, refusing a negative one at its field', async () => {
    const w = open(FULL_IEC104);
    expect(w.findAll('legend').map((legend) => legend.text())).toContain('Data supervision');
    await field(w, 'staleAfterMs').setValue('-5');
    await submit(w);
    expect(w.emitted('save')).toBeUndefined();
    expect(errorAt(w, 'staleAfterMs')).not.toBe('');
    await field(w, 'staleAfterMs').setValue('660000');
    await submit(w);
    expect(w.emitted<[StationConfigInput]>('save')![0]![0].staleAfterMs).toBe(660_000);
  });

  it('edits command policies: actions in order, an empty point named at its row', async () => {
    const w = open(FULL_DNP3);
    await w.find('[data-action=add-policy]').trigger('click');
    await w.find('input[name="station-commands-0-actions-pulseOn"]').setValue(true);
    await w.find('input[name="station-commands-0-actions-trip"]').setValue(false);
    await submit(w);
    expect(errorAt(w, 'commands.2.address')).toBe('Required');
    expect(document.activeElement?.id).toBe('station-commands-2-address');
    await field(w, 'commands.2.address').setValue('bo:4');
    await w.find('select#station-commands-2-mode').setValue('direct');
    await submit(w);
    const saved = w.emitted<[StationConfigInput]>('save')![0]![0];
    expect(saved.commands![0]!.actions).toEqual(['pulseOn', 'close']);
    expect(saved.commands![2]).toEqual({ address: 'bo:4', mode: 'direct', actions: ['on', 'off'] });
  });

  it('lists an error whose field is hidden at the form, and a bad number as typed', async () => {
    const w = open({ ...FULL_DNP3, dnp3: { ...FULL_DNP3.dnp3, timeSync: 'none', timeSyncPeriodMs: -1 } });
    expect(field(w, 'dnp3.timeSyncPeriodMs').exists()).toBe(false);
    await field(w, 'dnp3.outstationAddress').setValue('12x');
    await submit(w);
    expect(w.find('ul[role=alert]').text()).toBe('dnp3.timeSyncPeriodMs: Must be 0 or more');
    expect(errorAt(w, 'dnp3.outstationAddress')).toBe('Enter a number');
    expect((field(w, 'dnp3.outstationAddress').element as HTMLInputElement).value).toBe('12x');
    await w.find('select[name=station-timesync]').setValue('lan');
    expect(w.find('ul[role=alert]').exists()).toBe(false);
    expect(errorAt(w, 'dnp3.timeSyncPeriodMs')).toBe('Must be 0 or more');
  });
});

describe('StationForm: DNP3 Secure Authentication', () => {
  const HEX = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
  const withStoredKey: StationConfigInput = { ...FULL_DNP3, dnp3: { ...FULL_DNP3.dnp3, secureAuth: { user: 2, storedKey: { id: `s-${'ab'.repeat(16)}`, fingerprint: '630d cd29 66c4 3366' }, aggressive: false, macOctets: 16 } } };
  const keyInput = (w: VueWrapper) => w.find('input[name=station-dnp3-secureAuth-key]');

  it('turns SAv5 on with the user, the key file named (never the key), the MAC, the key change interval and extra critical functions, and off again', async () => {
    const w = open(FULL_DNP3);
    const on = w.find('input[name=station-dnp3-secureAuth]');
    expect((on.element as HTMLInputElement).checked).toBe(false);
    await on.setValue(true);
    await field(w, 'dnp3.secureAuth.user').setValue('3');
    await w.find('input[name=station-dnp3-secureAuth-keySource][value=file]').setValue(true);
    await field(w, 'dnp3.secureAuth.keyFile').setValue('/etc/switchyard/rtu7-user3.key');
    await field(w, 'dnp3.secureAuth.macOctets').setValue('8');
    await w.find('input[name=station-dnp3-secureAuth-aggressive]').setValue(true);
    await field(w, 'dnp3.secureAuth.keyChangeIntervalS').setValue('120');
    await field(w, 'dnp3.secureAuth.extraCriticalFunctions').setValue('20, 21');
    await submit(w);
    const saved = w.emitted<[StationConfigInput, string | null]>('save')![0]!;
    expect(saved[0].dnp3?.secureAuth).toEqual({ user: 3, keyFile: '/etc/switchyard/rtu7-user3.key', aggressive: true, macOctets: 8, keyChangeIntervalS: 120, keyChangeCount: 1000, extraCriticalFunctions: [20, 21] });
    expect(saved[1]).toBeNull();
    await on.setValue(false);
    await submit(w);
    expect(w.emitted<[StationConfigInput]>('save')![1]![0].dnp3).not.toHaveProperty('secureAuth');
  });

  it('names an empty key file at its field', async () => {
    const w = open(FULL_DNP3);
    await w.find('input[name=station-dnp3-secureAuth]').setValue(true);
    await w.find('input[name=station-dnp3-secureAuth-keySource][value=file]').setValue(true);
    await submit(w);
    expect(w.emitted('save')).toBeUndefined();
    expect(errorAt(w, 'dnp3.secureAuth.keyFile')).not.toBe('');
  });

  it('takes the key entered once (a password field): sent beside the station, never in it', async () => {
    const w = open(FULL_DNP3);
    await w.find('input[name=station-dnp3-secureAuth]').setValue(true);
    expect(keyInput(w).attributes('type')).toBe('password');
    await submit(w);
    expect(w.emitted('save')).toBeUndefined();
    expect(errorAt(w, 'dnp3.secureAuth.key')).toBe('enter the update key or name a key file (one of them)');
    await keyInput(w).setValue('00 01 zz');
    expect(errorAt(w, 'dnp3.secureAuth.key')).toBe('Only hex digits (0-9, a-f), spaces and colons');
    await keyInput(w).setValue('0001');
    expect(errorAt(w, 'dnp3.secureAuth.key')).toBe('64 hex digits (AES-256) or 32 (AES-128); this has 4');
    await keyInput(w).setValue(HEX);
    await submit(w);
    const [station, key] = w.emitted<[StationConfigInput, string | null]>('save')![0]!;
    expect(station.dnp3?.secureAuth).toEqual({ user: 1, aggressive: false, macOctets: 16, keyChangeIntervalS: 900, keyChangeCount: 1000, extraCriticalFunctions: [] });
    expect(JSON.stringify(station)).not.toContain(HEX);
    expect(key).toBe(HEX);
  });

  it('shows a stored key by its fingerprint only; keeping it sends no key, a new one replaces it', async () => {
    const w = open(withStoredKey);
    expect(w.find('[data-testid=sa-key-state]').text()).toContain('Key set, fingerprint 630d cd29 66c4 3366');
    expect(keyInput(w).exists()).toBe(false);
    await submit(w);
    expect(w.emitted<[StationConfigInput, string | null]>('save')![0]).toEqual([withStoredKey, null]);
    await w.find('[data-action=replace-key]').trigger('click');
    await keyInput(w).setValue(HEX.toUpperCase());
    await submit(w);
    const [station, key] = w.emitted<[StationConfigInput, string | null]>('save')![1]!;
    expect(station.dnp3?.secureAuth).toEqual({ user: 2, aggressive: false, macOctets: 16 });
    expect(key).toBe(HEX.toUpperCase());
    await w.find('[data-action=keep-key]').trigger('click');
    expect(w.find('[data-testid=sa-key-state]').exists()).toBe(true);
  });

  it('says how the host keeps the key, and warns when there is no keychain', async () => {
    const keychain = mount(StationForm, { props: { config: withStoredKey, busy: false, serverError: null, secretStorage: { kind: 'os-keychain', warning: null } } });
    expect(keychain.find('[data-testid=sa-key-storage]').text()).toContain("Saved encrypted with the operating system's keychain");
    keychain.unmount();
    const warning = 'the OS keychain is not available (storage backend basic_text: no real encryption): secrets are kept unencrypted in files only your account can read (mode 0600)';
    const plain = mount(StationForm, { props: { config: withStoredKey, busy: false, serverError: null, secretStorage: { kind: 'file-0600', warning } } });
    expect(plain.find('[data-testid=sa-key-warning]').text()).toContain(warning);
    expect(plain.find('[data-testid=sa-key-storage]').exists()).toBe(false);
    plain.unmount();
  });
});

