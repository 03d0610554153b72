/**
 * What the app knows about its routes, read from the mounted routes
 * themselves (no hand-kept list): the methods a path answers to (a known path
 * called with another method gets a 405 with `Allow`), and the label a path
 * is logged and counted under (its route's template, so that random paths
 * cannot grow the metrics' label sets).
 */

interface RouteLike {
  method: string
  path: string
}

interface Compiled {
  path: string
  re: RegExp
  methods: Set<string>
  /** Static paths win over parameters, parameters over wildcards, as in the router. */
  rank: number
}

function compile(routes: readonly RouteLike[]): Compiled[] {
  const byPath = new Map<string, Compiled>()
  for (const route of routes) {
    if (route.method === 'OPTIONS' || route.method === 'ALL') continue
    let entry = byPath.get(route.path)
    if (!entry) {
      const source = route.path.split('/').map((seg) => (seg === '*' ? '.*' : seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')
      const rank = route.path.includes('*') ? 2 : route.path.includes(':') ? 1 : 0
      byPath.set(route.path, (entry = { path: route.path, re: new RegExp(`^${source}$`), methods: new Set(), rank }))
    }
    entry.methods.add(route.method)
  }
  return [...byPath.values()].sort((a, b) => a.rank - b.rank)
}

/** Builds the method lookup once from `routes` (Elysia's `app.routes`). */
export function createMethodIndex(routes: readonly RouteLike[]): (path: string) => string[] {
  const compiled = compile(routes)
  return (path) => {
    const methods = new Set<string>()
    for (const { re, methods: m } of compiled) if (re.test(path)) for (const method of m) methods.add(method)
    if (methods.has('GET')) methods.add('HEAD')
    return [...methods].sort()
  }
}

/**
 * Builds the labeller: a path's route template (`/v1/models/{model}`), with
 * the Gemini method a wildcard model path ends in (`…/{model}:generateContent`),
 * or `other` when no route matches. Clients that drop `/v1` are counted with `/v1`.
 */
export function createRouteLabeler(routes: readonly RouteLike[]): (path: string, method: string) => string {
  const compiled = compile(routes)
  return (path, method) => {
    // The route the router would pick: one with this method, else any (the line of a 405).
    const route = compiled.find(({ re, methods }) => methods.has(method) && re.test(path)) ?? compiled.find(({ re }) => re.test(path))
    if (!route) return 'other'
    let label = route.path.replace(/:(\w+)/g, '{$1}')
    if (label.endsWith('/*')) {
      const gemini = /:(generateContent|streamGenerateContent|countTokens)$/.exec(path)?.[1]
      label = `${label.slice(0, -2)}/{model}${gemini && method === 'POST' ? `:${gemini}` : ''}`
    }
    return label.startsWith('/v1') || !/^\/(chat\/completions|completions|responses|models)/.test(label) ? label : `/v1${label}`
  }
}
