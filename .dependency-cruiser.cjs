// Architecture check (npm run arch): the rules of DESIGN.md "Shape", enforced.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle ties modules together so neither can change alone.',
      from: { path: '^src' },
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core is the domain: it imports only src/core and no I/O module (DESIGN.md).',
      from: { path: '^src/core' },
      to: { pathNot: '^src/core' },
    },
    {
      name: 'adapters-do-not-import-each-other',
      severity: 'error',
      comment: 'An adapter talks to core, never to another adapter; shared adapter helpers live at src/adapters/*.ts.',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/([^/]+)/', pathNot: '^src/adapters/$1/' },
    },
    {
      name: 'adapters-do-not-import-the-composition-root',
      severity: 'error',
      comment: 'src/app.ts wires adapters together; adapters depend on core ports instead.',
      from: { path: '^src/adapters' },
      to: { path: '^src/(app|main|cli|jobs|worker)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
