import { ESLint } from 'eslint';
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
/** The project's config without type information, so that files that exist only as text can be linted. */
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off', '@typescript-eslint/switch-exhaustiveness-check': 'off' },
  },
});

/** Lints `code` as if it were the file at `path` and returns the layer rule's messages. */
async function layerMessages(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'switchyard/layer-boundaries').map((m) => m.message);
}

describe('layer boundaries (ARCHITECTURE.md) are enforced by lint', () => {
  it('rejects src-shared importing node:net', async () => {
    const messages = await layerMessages('src-shared/bad.ts', "import { Socket } from 'node:net';\nexport const s = Socket;\n");
    expect(messages).toEqual([expect.stringContaining("shared may not import the package 'node'")]);
  });

  it('rejects src-renderer importing src-main', async () => {
    const messages = await layerMessages('src-renderer/bad.ts', "import { createEngine } from '../src-main/engine';\nexport const e = createEngine;\n");
    expect(messages).toEqual([expect.stringContaining('renderer may not import engine')]);
  });

  it('rejects a protocol core importing the socket transports', async () => {
    const messages = await layerMessages('src-main/protocols/dnp3/bad.ts', "import { x } from '../../transport/x';\nexport const y = x;\n");
    expect(messages).toEqual([expect.stringContaining('protocols may not import transport')]);
  });

  it('lets a protocol core compute with node:crypto but not draw random octets or reach other built-ins', async () => {
    expect(await layerMessages('src-main/protocols/dnp3/ok.ts', "import { createHmac } from 'node:crypto';\nexport const h = createHmac;\n")).toEqual([]);
    expect(await layerMessages('src-main/protocols/dnp3/bad.ts', "import { Socket } from 'node:net';\nexport const s = Socket;\n")).toEqual([
      expect.stringContaining("protocols may not import the package 'node'"),
    ]);
    const [result] = await eslint.lintText("import { randomBytes } from 'node:crypto';\nexport const r = randomBytes;\n", {
      filePath: resolve(root, 'src-main/protocols/dnp3/bad.ts'),
    });
    expect((result?.messages ?? []).map((m) => m.ruleId)).toEqual(['no-restricted-imports']);
  });

  it('rejects electron outside the electron host and preload', async () => {
    const messages = await layerMessages('src-main/engine/bad.ts', "import { app } from 'electron';\nexport const a = app;\n");
    expect(messages).toEqual([expect.stringContaining("engine may not import the package 'electron'")]);
  });

  it('rejects clocks and timers in protocol cores (sans-IO)', async () => {
    const [result] = await eslint.lintText('export const t = Date.now();\nsetTimeout(() => {}, 1);\n', {
      filePath: resolve(root, 'src-main/protocols/iec104/bad.ts'),
    });
    const rules = (result?.messages ?? []).map((m) => m.ruleId);
    expect(rules).toEqual(['no-restricted-properties', 'no-restricted-globals']);
  });

  it('rejects the engine importing the commissioning floor above it', async () => {
    const messages = await layerMessages('src-main/engine/bad.ts', "import { runCheck } from '../commissioning/check';\nexport const c = runCheck;\n");
    expect(messages).toEqual([expect.stringContaining('engine may not import commissioning')]);
  });

  it("rejects imports of a protocol's internals from outside its folder", async () => {
    const code = "import { LinkFramer } from '../../protocols/dnp3/link/framer';\nexport const f = LinkFramer;\n";
    expect(await layerMessages('src-main/commissioning/probes/bad.ts', code)).toEqual([
      expect.stringContaining('outside src-main/protocols/dnp3 only its index.ts may be imported'),
    ]);
    const sibling = "import { LinkFramer } from '../dnp3/link/framer';\nexport const f = LinkFramer;\n";
    expect(await layerMessages('src-main/protocols/capture/bad.ts', sibling)).toEqual([
      expect.stringContaining('outside src-main/protocols/dnp3 only its index.ts may be imported'),
    ]);
    expect(await layerMessages('src-main/commissioning/probes/ok.ts', "import { LinkFramer } from '../../protocols/dnp3';\nexport const f = LinkFramer;\n")).toEqual([]);
  });

  it("rejects a renderer component importing a view", async () => {
    const messages = await layerMessages('src-renderer/components/Bad.ts', "import V from '../views/PointsView.vue';\nexport const v = V;\n");
    expect(messages).toEqual([expect.stringContaining('components may not import views')]);
  });

  it('rejects a generic widget importing a domain component or a store, and allows util', async () => {
    const bad = await layerMessages('src-renderer/components/widgets/Bad.ts', "import D from '../device-panel/DevicePanel.vue';\nimport { usePointsStore } from '../../stores/points';\nexport const d = [D, usePointsStore];\n");
    expect(bad).toEqual([expect.stringContaining('widgets may import only widgets'), expect.stringContaining('widgets may import only widgets')]);
    expect(await layerMessages('src-renderer/components/widgets/Ok.ts', "import { hexByte } from '../../util/format';\nexport const h = hexByte;\n")).toEqual([]);
  });

  it('rejects floating promises and non-exhaustive switches in the code that runs (type-checked rules)', async () => {
    const code = "export async function a(): Promise<void> {}\nexport function b(): void {\n  a();\n}\nexport function c(x: 'p' | 'q'): number {\n  switch (x) {\n    case 'p':\n      return 1;\n  }\n  return 0;\n}\n";
    // Type information needs a file the TypeScript project holds: write it, lint it, remove it.
    const probe = resolve(root, 'src-main/engine/typed-lint-probe.ts');
    writeFileSync(probe, code);
    try {
      const [result] = await new ESLint({ cwd: root }).lintFiles([probe]);
      expect((result?.messages ?? []).map((m) => m.ruleId)).toEqual(['@typescript-eslint/no-floating-promises', '@typescript-eslint/switch-exhaustiveness-check']);
    } finally {
      rmSync(probe, { force: true });
    }
  }, 180_000);

  it('accepts the allowed directions', async () => {
    expect(await layerMessages('src-main/protocols/dnp3/ok.ts', "import type { Session } from '../../../src-shared/session';\nimport { f } from './transport/f';\nexport type S = Session;\nexport const g = f;\n")).toEqual([]);
    expect(await layerMessages('src-main/engine/ok.ts', "import { x } from '../transport/x';\nimport { join } from 'node:path';\nexport const y = [x, join];\n")).toEqual([]);
    expect(await layerMessages('src-main/commissioning/ok.ts', "import { x } from '../engine/x';\nimport { y } from '../transport/y';\nexport const z = [x, y];\n")).toEqual([]);
    expect(await layerMessages('src-main/ipc/ok.ts', "import { x } from '../commissioning/x';\nexport const z = x;\n")).toEqual([]);
    expect(await layerMessages('src-renderer/ok.ts', "import { ref } from 'vue';\nimport type { Result } from '../src-shared/ipc/result';\nexport type R = Result<number>;\nexport const r = ref(1);\n")).toEqual([]);
  });
});
