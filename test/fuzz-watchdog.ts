/**
 * The fuzz gate's watchdog, a process of its own so that the fuzzer's own
 * work cannot delay it: asks `<base>/health` every 50 ms and, on SIGTERM,
 * prints the slowest answer and how many were asked.
 */
const base = process.argv[2]!
let slowest = 0
let asked = 0
let failures = 0
let stop = false
process.on('SIGTERM', () => {
  stop = true
})
while (!stop) {
  const t = performance.now()
  try {
    const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5_000) })
    await res.arrayBuffer()
    if (!res.ok) failures++
  } catch {
    failures++
  }
  slowest = Math.max(slowest, performance.now() - t)
  asked++
  await Bun.sleep(50)
}
console.log(JSON.stringify({ slowest, asked, failures }))
export {}
