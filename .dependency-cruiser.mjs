/**
 * The import direction docs/architecture.md describes, checked by `npm run lint`:
 * index -> app -> http | realtime -> domain -> store, each layer importing only
 * downwards at run time (a layer may import `type`s from above: what it is handed
 * as a constructor argument). protocol/ is the wire contract every party imports
 * and imports no party itself; the browser code imports no server code.
 */
const layer = (name, path, above) => ({
  name: `${name}-imports-downwards`,
  comment: `${path} imports nothing from the layers above it at run time (import type is fine)`,
  severity: 'error',
  from: { path },
  to: { path: above, dependencyTypesNot: ['type-only'] },
});

export default {
  forbidden: [
    {
      name: 'protocol-imports-no-party',
      comment: 'protocol/ is the contract: it imports nothing from server/, widget/ or admin/',
      severity: 'error',
      from: { path: '^protocol/' },
      to: { path: '^(server|widget|admin)/' },
    },
    {
      name: 'browser-imports-no-server',
      comment:
        'widget/ and admin/ run in the browser: the contract comes from protocol/, not server/',
      severity: 'error',
      from: { path: '^(widget|admin)/src/' },
      to: { path: '^server/' },
    },
    layer(
      'store',
      '^server/store/',
      '^server/(domain|realtime|http|webhooks|quotes)/|^server/(app|index|server-api)\\.ts$',
    ),
    layer(
      'limits',
      '^server/limits/',
      '^server/(domain|realtime|http|store)/|^server/(app|index|server-api)\\.ts$',
    ),
    layer(
      'domain',
      '^server/domain/',
      '^server/(realtime|http|webhooks|quotes)/|^server/(app|index|server-api)\\.ts$',
    ),
    layer('realtime', '^server/realtime/', '^server/http/|^server/(app|index|server-api)\\.ts$'),
    layer('http', '^server/http/', '^server/realtime/|^server/(app|index|server-api)\\.ts$'),
    {
      name: 'no-circular',
      comment: 'a cycle makes the load order (and the layering) a matter of luck',
      severity: 'error',
      from: { path: '^(server|protocol|widget/src|admin/src)/' },
      // A lazily loaded chunk importing its loader back is not a load-order cycle.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only', 'dynamic-import'] } },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
  },
};
