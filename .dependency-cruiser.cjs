/** Boundary rules of ARCHITECTURE.md, enforced: a violation fails `npm run lint`. */
module.exports = {
  forbidden: [
    {
      name: 'platform-imports-no-module',
      comment: 'src/platform is the engine: it must not know any business module or entrypoint.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/(modules|apps)/' },
    },
    {
      name: 'modules-import-no-app',
      comment: 'Modules hold the rules; entrypoints compose them, never the other way round.',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/apps/' },
    },
    {
      name: 'module-only-through-index',
      comment: "A module may use another module only through that module's index.ts.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/[^/]+/.+',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'web-imports-no-server-code',
      comment: 'The web UI is a client of the public API only.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src|test|bench|scripts)/' },
    },
    {
      name: 'no-circular-platform',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
