// @ts-check
/**
 * ESLint rule `switchyard/layer-boundaries`: enforces the allowed imports of
 * ARCHITECTURE.md. A relative import is resolved to the file it names and checked
 * against the importing file's layer; a package import is checked against the layer's
 * allowed packages (node built-ins count as the package `node`; a layer may also allow one
 * built-in by its exact specifier, as protocols allow `node:crypto`).
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
  // node:crypto only (hashes, MACs, key wrap: pure computations); random octets come in as arguments
  { name: 'protocols', dir: 'src-main/protocols', imports: ['shared', 'protocols'], packages: ['node:crypto'] },
  { name: 'transport', dir: 'src-main/transport', imports: ['shared', 'protocols', 'transport'], packages: ['node', 'serialport'] },
  { name: 'engine', dir: 'src-main/engine', imports: ['shared', 'protocols', 'transport', 'engine'], packages: ['node', 'better-sqlite3', 'valibot', 'mqtt', 'sparkplug-payload'] },
  { name: 'commissioning', dir: 'src-main/commissioning', imports: ['shared', 'protocols', 'transport', 'engine', 'commissioning'], packages: ['node', 'valibot'] },
  { name: 'ipc', dir: 'src-main/ipc', imports: ['shared', 'engine', 'commissioning', 'ipc'], packages: ['valibot'] },
  { name: 'preload', dir: 'src-main/preload', imports: ['shared', 'preload'], packages: ['electron'] },
  { name: 'host-electron', dir: 'src-main/host/electron', imports: ['shared', 'engine', 'commissioning', 'ipc', 'host', 'host-electron'], packages: ['node', 'electron'] },
  { name: 'host', dir: 'src-main/host', imports: ['shared', 'engine', 'commissioning', 'ipc', 'host', 'build-config'], packages: ['node', 'ws', 'vite'] },
  { name: 'renderer', dir: 'src-renderer', imports: ['shared', 'renderer'], packages: ['vue', 'pinia', 'chart.js', 'chartjs-adapter-date-fns', 'chartjs-plugin-zoom', 'date-fns', 'valibot'] },
];

/** Files at the top of the repository that a layer may name as `build-config`. */
const BUILD_CONFIG = ['vite.renderer.ts', 'vite.renderer'];

const builtins = new Set(builtinModules);

/**
 * A path relative to the repository, with forward slashes.
 * @param {string} root
 * @param {string} file absolute path
 */
function relPath(root, file) {
  return relative(root, file).split('\\').join('/');
}

/**
 * The file an extensionless import names: a folder import means its index.ts.
 * @param {string} rel repository-relative path as written in the import
 */
function resolveFile(rel) {
  if (/\.(ts|js|vue|json)$/.test(rel)) return rel;
  return protocolFolderOf(`${rel}/`) === rel ? `${rel}/index.ts` : rel;
}

/**
 * @param {string} root
 * @param {string} file absolute path
 * @returns {string | null}
 */
function layerOf(root, file) {
  const rel = relPath(root, file);
  if (BUILD_CONFIG.includes(rel)) return 'build-config';
  const layer = LAYERS.find((l) => rel === l.dir || rel.startsWith(`${l.dir}/`));
  return layer ? layer.name : null;
}

/**
 * The protocol folder (`src-main/protocols/<name>`) a repository-relative path lies in.
 * @param {string} rel
 */
function protocolFolderOf(rel) {
  const match = /^src-main\/protocols\/([^/]+)\//.exec(rel);
  return match ? `src-main/protocols/${match[1]}` : null;
}

/**
 * Why an import between two files of the repository breaks a rule inside the layers:
 * outside a protocol's own folder only its index.ts is imported, the renderer's
 * components never import its views, and its generic widgets (components/widgets/) import
 * no other component, store or API: they know nothing of Switchyard's domain. Null when it
 * breaks none.
 * @param {string} fromRel
 * @param {string} toRel
 * @returns {string | null}
 */
function innerRuleBroken(fromRel, toRel) {
  const protocol = protocolFolderOf(toRel);
  if (protocol && protocolFolderOf(fromRel) !== protocol && !/^index(\.(ts|js))?$/.test(toRel.slice(protocol.length + 1))) {
    return `outside ${protocol} only its index.ts may be imported`;
  }
  if (fromRel.startsWith('src-renderer/components/') && toRel.startsWith('src-renderer/views/')) {
    return 'components may not import views';
  }
  const widgets = 'src-renderer/components/widgets/';
  if (fromRel.startsWith(widgets) && !toRel.startsWith(widgets) && /^src-renderer\/(components|stores|api)\//.test(toRel)) {
    return 'widgets may import only widgets, util and src-shared, not components, stores or the API';
  }
  return null;
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
      inner: "'{{specifier}}': {{why}}.",
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
        const target = resolve(dirname(file), source);
        const to = layerOf(root, target) ?? 'outside the layers';
        if (to !== layer.name && !layer.imports.includes(to)) {
          context.report({ node, messageId: 'layer', data: { from: layer.name, to, specifier: source, allowed: layer.imports.join(', ') } });
          return;
        }
        const why = innerRuleBroken(relPath(root, file), resolveFile(relPath(root, target)));
        if (why) context.report({ node, messageId: 'inner', data: { specifier: source, why } });
        return;
      }
      const pkg = packageOf(source);
      if (!layer.packages.includes(pkg) && !layer.packages.includes(source)) {
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
