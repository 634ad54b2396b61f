// The local ESLint plugin `architecture`: its rule `layers` holds every src file to its row of the layer table in
// docs/architecture.md (scripts/layer-table.cjs) and keeps src/domain free of I/O modules. One rule rather than
// `no-restricted-imports` blocks, because in a flat config the last block setting a rule silently replaces the
// earlier ones; tests/architecture/lint-rules.test.ts proves each part still fires.
'use strict';

const { builtinModules } = require('node:module');
const { folderOf, importedFolder, mayImport, readLayerTable } = require('./layer-table.cjs');

/** Packages that do I/O: every Node builtin, and the clients of the services and engines the adapters talk to. */
const IO_PACKAGES = [/^node:/, /^@google-cloud\//, /^@grpc\//, /^@duckdb\//, /^express(\/|$)/];
const BUILTINS = new Set(builtinModules);
const isIoModule = (specifier) =>
  BUILTINS.has(specifier.split('/')[0]) || BUILTINS.has(specifier) || IO_PACKAGES.some((re) => re.test(specifier));

const listOf = (folders) => (folders.length === 0 ? 'nothing' : folders.map((folder) => `src/${folder}`).join(', '));

/** @type {import('eslint').Rule.RuleModule} */
const layers = {
  meta: {
    type: 'problem',
    docs: { description: "Imports follow docs/architecture.md's layer table; src/domain does no I/O." },
    schema: [],
    messages: {
      noRow: "src/{{from}} has no row in docs/architecture.md's layer table.",
      io: "src/domain is pure: no I/O ('{{specifier}}').",
      local: 'Only {{allowed}} reach src/local (the composition root): src/{{from}} may not.',
      layer: 'src/{{from}} may not import src/{{to}}: its row in docs/architecture.md allows only {{allowed}}.',
    },
  },
  create(context) {
    const file = context.physicalFilename ?? context.filename;
    const from = folderOf(file);
    if (from === undefined) return {};
    const table = readLayerTable();
    if (!(from in table)) {
      return { Program: (node) => context.report({ node, messageId: 'noRow', data: { from } }) };
    }

    const check = (node, specifier) => {
      if (typeof specifier !== 'string') return;
      if (from === 'domain' && isIoModule(specifier)) {
        context.report({ node, messageId: 'io', data: { specifier } });
        return;
      }
      const to = importedFolder(file, specifier);
      if (to === undefined || mayImport(from, to)) return;
      if (to === 'local') {
        const reaching = Object.keys(table).filter((folder) => folder !== 'local' && mayImport(folder, 'local'));
        context.report({ node, messageId: 'local', data: { from, allowed: listOf(reaching) } });
        return;
      }
      context.report({ node, messageId: 'layer', data: { from, to, allowed: listOf(table[from]) } });
    };
    const checkSource = (node) => {
      if (node.source) check(node.source, node.source.value);
    };

    return {
      ImportDeclaration: checkSource,
      ExportAllDeclaration: checkSource,
      ExportNamedDeclaration: checkSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' &&
        check(node.moduleReference.expression, node.moduleReference.expression.value),
      TSImportType: (node) => {
        const literal = node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument;
        if (literal?.type === 'Literal') check(literal, literal.value);
      },
      CallExpression: (node) => {
        const [argument] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && argument?.type === 'Literal')
          check(argument, argument.value);
      },
    };
  },
};

module.exports = { meta: { name: 'architecture' }, rules: { layers } };
