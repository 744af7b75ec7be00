import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import FrameDetail from '../../../src-renderer/components/analyzer/FrameDetail.vue';
import { ancestorPaths, fieldAt, fieldSpan, flattenFields, pathAtByte } from '../../../src-renderer/components/analyzer/frame-fields';
import { hexByte } from '../../../src-renderer/util/format';
import type { FrameField } from '../../../src-shared/session';

const fields: FrameField[] = [
  {
    name: 'APCI',
    value: 'I(12,5)',
    offset: 0,
    length: 6,
    children: [
      { name: 'start', value: '0x68', offset: 0, length: 1 },
      { name: 'length', value: '14', offset: 1, length: 1 },
    ],
  },
  {
    name: 'ASDU',
    value: 'M_ME_NC_1',
    offset: 0,
    length: 0,
    children: [{ name: 'type id', value: '13', offset: 6, length: 1 }, { name: 'COT', value: 'spont', offset: 8, length: 2 }],
  },
];
const bytes = Uint8Array.from([0x68, 0x0e, 0x18, 0, 0x0a, 0, 0x0d, 1, 3, 0, 1, 0]);

describe('frame-fields', () => {
  it('flattens depth-first and hides collapsed children', () => {
    expect(flattenFields(fields).map((f) => `${f.path}:${f.depth}`)).toEqual(['0:0', '0.0:1', '0.1:1', '1:0', '1.0:1', '1.1:1']);
    expect(flattenFields(fields, new Set(['0'])).map((f) => f.path)).toEqual(['0', '1', '1.0', '1.1']);
  });

  it('finds the deepest field owning a byte, and none outside every field', () => {
    expect(pathAtByte(fields, 1)).toBe('0.1');
    expect(pathAtByte(fields, 4)).toBe('0');
    expect(pathAtByte(fields, 9)).toBe('1.1');
    expect(pathAtByte(fields, 11)).toBeNull();
  });

  it('widens a logical group to its children and names paths', () => {
    expect(fieldSpan(fields[1]!)).toEqual({ offset: 6, length: 4 });
    expect(fieldSpan({ name: 'x', value: '', offset: 3, length: 0 })).toBeNull();
    expect(fieldAt(fields, '1.1')?.name).toBe('COT');
    expect(fieldAt(fields, '3')).toBeUndefined();
    expect(ancestorPaths('1.2.3')).toEqual(['1', '1.2']);
    expect(hexByte(10)).toBe('0A');
  });
});

describe('FrameDetail', () => {
  it('highlights a field’s bytes when the field is selected', async () => {
    const wrapper = mount(FrameDetail, { props: { bytes, fields } });
    await wrapper.find('[data-path="1.1"]').trigger('click');
    const lit = wrapper.findAll('.byte.lit').map((b) => b.attributes('data-offset'));
    expect(lit).toEqual(['8', '9']);
  });

  it('selects the owning field when a byte is selected, by click and by arrow key', async () => {
    const wrapper = mount(FrameDetail, { props: { bytes, fields } });
    await wrapper.find('[data-offset="6"]').trigger('click');
    expect(wrapper.find('[data-path="1.0"]').attributes('aria-selected')).toBe('true');
    await wrapper.find('.hex').trigger('keydown', { key: 'ArrowRight' });
    await wrapper.find('.hex').trigger('keydown', { key: 'ArrowRight' });
    expect(wrapper.find('[data-path="1.1"]').attributes('aria-selected')).toBe('true');
    expect(wrapper.find('.byte.cursor').attributes('data-offset')).toBe('8');
  });

  it('collapses and expands with the keyboard', async () => {
    const wrapper = mount(FrameDetail, { props: { bytes, fields } });
    await wrapper.find('[data-path="0"]').trigger('click');
    await wrapper.find('[role=tree]').trigger('keydown', { key: 'ArrowLeft' });
    expect(wrapper.find('[data-path="0.0"]').exists()).toBe(false);
    await wrapper.find('[role=tree]').trigger('keydown', { key: 'ArrowRight' });
    expect(wrapper.find('[data-path="0.0"]').exists()).toBe(true);
    await wrapper.find('[role=tree]').trigger('keydown', { key: 'ArrowDown' });
    expect(wrapper.find('[data-path="0.0"]').attributes('aria-selected')).toBe('true');
  });
});
