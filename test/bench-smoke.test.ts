/**
 * `bun run bench -- --quick` still works from a fresh clone: every workload
 * runs against all three targets without errors. No timing is asserted:
 * figures on a shared machine drift; bench/README.md holds the measured ones.
 */
import { expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dir, '..')

test('the quick benchmark runs every workload on every target, without errors', async () => {
  const child = Bun.spawn(['bun', 'bench/run.ts', '--quick'], {
    cwd: root,
    env: { ...process.env, BUN_CONFIG_MAX_HTTP_REQUESTS: '8192' },
    stdout: 'pipe', stderr: 'pipe',
  })
  const [out, code] = await Promise.all([new Response(child.stdout).text(), child.exited])
  expect(code).toBe(0)
  expect(out).toContain('proxy / pass-through')
  const results = JSON.parse(readFileSync(join(root, 'bench', 'results', 'quick.json'), 'utf8'))
  const workloads = new Set(results.rows.map((r: any) => r.workload))
  expect(workloads.size).toBe(6)
  for (const workload of workloads) {
    const targets = results.rows.filter((r: any) => r.workload === workload).map((r: any) => r.target)
    expect(targets).toEqual(['direct', 'pass-through', 'proxy'])
  }
  for (const row of results.rows) expect({ row: `${row.workload} ${row.target}`, errors: row.errors }).toEqual({ row: `${row.workload} ${row.target}`, errors: 0 })
  expect(results.summary.coldStartMs).toBeGreaterThan(0)
}, 180_000)
