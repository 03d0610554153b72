/**
 * The benchmark still works from a fresh clone: every workload runs against
 * all three targets without errors (`--smoke`, a fifth of `--quick`). No timing is asserted:
 * figures on a shared machine drift; bench/README.md holds the measured ones.
 */
import { expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dir, '..')

/** Runs a bench script as `bun run bench…` would; its exit code and stdout. */
async function runScript(...args: string[]): Promise<{ code: number; out: string }> {
  const child = Bun.spawn(['bun', ...args], {
    cwd: root,
    env: { ...process.env, BUN_CONFIG_MAX_HTTP_REQUESTS: '8192' },
    stdout: 'pipe', stderr: 'pipe',
  })
  const [out, code] = await Promise.all([new Response(child.stdout).text(), child.exited])
  return { code, out }
}

test('the quick benchmark runs every workload on every target, without errors', async () => {
  const { code, out } = await runScript('bench/run.ts', '--smoke')
  expect(code).toBe(0)
  expect(out).toContain('proxy / pass-through')
  const results = JSON.parse(readFileSync(join(root, 'bench', 'results', 'smoke.json'), 'utf8'))
  const workloads = new Set(results.rows.map((r: any) => r.workload))
  expect(workloads.size).toBe(6)
  for (const workload of workloads) {
    const targets = results.rows.filter((r: any) => r.workload === workload).map((r: any) => r.target)
    expect(targets).toEqual(['direct', 'pass-through', 'proxy'])
  }
  for (const row of results.rows) expect({ row: `${row.workload} ${row.target}`, errors: row.errors }).toEqual({ row: `${row.workload} ${row.target}`, errors: 0 })
  expect(results.summary.coldStartMs).toBeGreaterThan(0)
}, 180_000)

test('the decomposition runs every layer, and its stand-in hops write what the proxy writes', async () => {
  const { code, out } = await runScript('bench/decompose.ts', '--smoke')
  expect(code).toBe(0)
  expect(out).toContain('whole proxy')
  const { results } = JSON.parse(readFileSync(join(root, 'bench', 'results', 'decompose-smoke.json'), 'utf8'))
  for (const workload of new Set(results.map((r: any) => r.workload))) {
    const rows = Object.fromEntries(results.filter((r: any) => r.workload === workload).map((r: any) => [r.target, r]))
    expect(Object.keys(rows)).toEqual(['native pipe', 'js pump', 'js pump, proxy-sized output', 'translation + SSE pump', 'whole proxy'])
    // The layers compare like with like: the same stream in, the same bytes out where the proxy's bytes are meant.
    expect(rows['js pump'].bytesPerStream).toBe(rows['native pipe'].bytesPerStream)
    expect(rows['translation + SSE pump'].bytesPerStream).toBe(rows['whole proxy'].bytesPerStream)
    expect(Math.abs(rows['js pump, proxy-sized output'].bytesPerStream / rows['whole proxy'].bytesPerStream - 1)).toBeLessThan(0.02)
    for (const r of Object.values(rows) as any[]) expect(r.cpuUsPerStream).toBeGreaterThanOrEqual(0)
  }
}, 120_000)
