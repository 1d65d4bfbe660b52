// Import boundaries, checked by `npm run lint` (docs/architecture.md#boundaries).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'feature-internals',
      severity: 'error',
      comment:
        "Another feature's inner file: import the feature's index.ts (its public surface) instead, and export what you need from there.",
      from: { path: '^src/server/features/([^/]+)/', pathNot: '[.]table[.]ts$' },
      to: {
        path: '^src/server/features/[^/]+/',
        pathNot: ['^src/server/features/$1/', '^src/server/features/[^/]+/index[.]ts$'],
      },
    },
    {
      name: 'feature-internals-from-a-table',
      severity: 'error',
      comment:
        "A table may reference another feature's table (a foreign key) and nothing else of it but its index.ts.",
      from: { path: '^src/server/features/([^/]+)/[^/]+[.]table[.]ts$' },
      to: {
        path: '^src/server/features/[^/]+/',
        pathNot: ['^src/server/features/$1/', '^src/server/features/[^/]+/(index|[^/]+[.]table)[.]ts$'],
      },
    },
    {
      name: 'feature-internals-from-outside',
      severity: 'error',
      comment:
        "A feature's inner file, imported from outside the features: import the feature's index.ts (its public surface) instead.",
      from: { pathNot: '^src/server/features/[^/]+/' },
      to: { path: '^src/server/features/[^/]+/', pathNot: '^src/server/features/[^/]+/index[.]ts$' },
    },
    {
      name: 'web-feature-internals',
      severity: 'error',
      comment:
        "Another web feature's inner file: import the feature's index.ts (its public surface) instead, and export what you need from there.",
      from: { path: '^src/web/features/([^/]+)/' },
      to: {
        path: '^src/web/features/[^/]+/',
        pathNot: ['^src/web/features/$1/', '^src/web/features/[^/]+/index[.]tsx?$'],
      },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'An import cycle: features depend one way only; a reaction to another feature goes through a domain event (docs/architecture.md#events).',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/web/api-types[.]ts$' },
    tsPreCompilationDeps: true,
  },
};
