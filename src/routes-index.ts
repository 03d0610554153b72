/**
 * Which methods a path answers to, read from the mounted routes themselves
 * (no hand-kept list): a known path called with another method gets a 405
 * with `Allow` instead of a 404.
 */

interface RouteLike {
  method: string
  path: string
}

/** Builds the lookup once from `routes` (Elysia's `app.routes`). */
export function createMethodIndex(routes: readonly RouteLike[]): (path: string) => string[] {
  const patterns = new Map<string, { re: RegExp; methods: Set<string> }>()
  for (const route of routes) {
    if (route.method === 'OPTIONS' || route.method === 'ALL') continue
    let entry = patterns.get(route.path)
    if (!entry) {
      const source = route.path.split('/').map((seg) => (seg === '*' ? '.*' : seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')
      patterns.set(route.path, (entry = { re: new RegExp(`^${source}$`), methods: new Set() }))
    }
    entry.methods.add(route.method)
  }
  return (path) => {
    const methods = new Set<string>()
    for (const { re, methods: m } of patterns.values()) if (re.test(path)) for (const method of m) methods.add(method)
    if (methods.has('GET')) methods.add('HEAD')
    return [...methods].sort()
  }
}
