// @ts-check
/**
 * ESLint rule `switchyard/layer-boundaries`: enforces the allowed imports of
 * ARCHITECTURE.md. A relative import is resolved to the file it names and checked
 * against the importing file's layer; a package import is checked against the layer's
 * allowed packages (node built-ins count as the package `node`).
 */
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';

/**
 * The layers, most specific first: the folder, the layers it may import, and the
 * packages it may import.
 * @type {{ name: string; dir: string; imports: string[]; packages: string[] }[]}
 */
export const LAYERS = [
  { name: 'shared', dir: 'src-shared', imports: ['shared'], packages: ['valibot'] },
  { name: 'protocols', dir: 'src-main/protocols', imports: ['shared', 'protocols'], packages: [] },
  { name: 'transport', dir: 'src-main/transport', imports: ['shared', 'protocols', 'transport'], packages: ['node'] },
  { name: 'engine', dir: 'src-main/engine', imports: ['shared', 'protocols', 'transport', 'engine'], packages: ['node', 'better-sqlite3', 'valibot'] },
  { name: 'ipc', dir: 'src-main/ipc', imports: ['shared', 'engine', 'ipc'], packages: ['valibot'] },
  { name: 'preload', dir: 'src-main/preload', imports: ['shared', 'preload'], packages: ['electron'] },
  { name: 'host-electron', dir: 'src-main/host/electron', imports: ['shared', 'engine', 'ipc', 'host', 'host-electron'], packages: ['node', 'electron'] },
  { name: 'host', dir: 'src-main/host', imports: ['shared', 'engine', 'ipc', 'host', 'build-config'], packages: ['node', 'ws', 'vite'] },
  { name: 'renderer', dir: 'src-renderer', imports: ['shared', 'renderer'], packages: ['vue', 'pinia', 'chart.js', 'chartjs-adapter-date-fns', 'chartjs-plugin-zoom', 'date-fns', 'valibot'] },
];

/** Files at the top of the repository that a layer may name as `build-config`. */
const BUILD_CONFIG = ['vite.renderer.ts', 'vite.renderer'];

const builtins = new Set(builtinModules);

/**
 * @param {string} root
 * @param {string} file absolute path
 * @returns {string | null}
 */
function layerOf(root, file) {
  const rel = relative(root, file).split('\\').join('/');
  if (BUILD_CONFIG.includes(rel)) return 'build-config';
  const layer = LAYERS.find((l) => rel === l.dir || rel.startsWith(`${l.dir}/`));
  return layer ? layer.name : null;
}

/** @param {string} specifier */
function packageOf(specifier) {
  if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0] ?? '')) return 'node';
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier);
}

/** @type {import('eslint').Rule.RuleModule} */
export const layerBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'enforce the layer boundaries of ARCHITECTURE.md' },
    schema: [],
    messages: {
      layer: "{{from}} may not import {{to}} ('{{specifier}}'); {{from}} may import: {{allowed}}.",
      package: "{{from}} may not import the package '{{pkg}}'; allowed: {{allowed}}.",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const from = layerOf(root, file);
    const layer = LAYERS.find((l) => l.name === from);
    if (!layer) return {};
    /** @param {import('estree').Node} node @param {unknown} source */
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      if (source.startsWith('.')) {
        const to = layerOf(root, resolve(dirname(file), source)) ?? 'outside the layers';
        if (to !== layer.name && !layer.imports.includes(to)) {
          context.report({ node, messageId: 'layer', data: { from: layer.name, to, specifier: source, allowed: layer.imports.join(', ') } });
        }
        return;
      }
      const pkg = packageOf(source);
      if (!layer.packages.includes(pkg)) {
        context.report({ node, messageId: 'package', data: { from: layer.name, pkg, allowed: layer.packages.join(', ') || 'none' } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
