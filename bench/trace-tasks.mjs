// Main-thread tasks from a Chromium trace (categories `toplevel`, `devtools.timeline`), between two
// console.timeStamp marks: which tasks ran 50 ms or more, on the wall clock and on the thread's own
// CPU clock, and how much of each was the SDK's script. A task can be long on the wall clock while
// its thread waits for a core (2 cores, the model's WASM threads and 16 video decoders): the CPU
// clock tells that wait apart from work. Read line by line: one event per line, as Chromium writes them.

const TASKS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);
const SCRIPT = new Set(['FunctionCall', 'EvaluateScript', 'v8.callFunction']);

/** `trace`: the trace's text; `from`/`to`: the timeStamp messages bounding the window; `sdk`: a script URL pattern. */
export function longTasks(trace, { from, to, sdk = /detect-overlay/, longMs = 50 }) {
  const marks = new Map();
  const tasks = [];
  const scripts = [];
  for (let line of trace.split('\n')) {
    line = line.trim();
    if (!line.startsWith('{"')) continue;
    if (line.endsWith(',')) line = line.slice(0, -1);
    if (line.startsWith('{"traceEvents"')) continue;
    let e;
    try {
      e = JSON.parse(line);
    } catch {
      continue;
    }
    if (e.name === 'TimeStamp' && (e.args?.data?.message === from || e.args?.data?.message === to)) marks.set(e.args.data.message, e);
    else if (e.ph === 'X' && TASKS.has(e.name) && e.dur >= longMs * 1000) tasks.push(e);
    else if (e.ph === 'X' && SCRIPT.has(e.name) && sdk.test(e.args?.data?.url ?? '')) scripts.push(e);
  }
  const start = marks.get(from);
  const end = marks.get(to);
  if (!start || !end) throw new Error(`trace marks missing: ${from} ${Boolean(start)}, ${to} ${Boolean(end)}`);
  const key = `${start.pid}:${start.tid}`;
  const inWindow = (e) => `${e.pid}:${e.tid}` === key && e.ts >= start.ts && e.ts + e.dur <= end.ts;
  const own = scripts.filter(inWindow);
  const out = [];
  // Outermost long tasks only (a RunTask may sit inside ThreadControllerImpl::RunTask).
  const mine = tasks.filter(inWindow).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  let lastEnd = -1;
  for (const task of mine) {
    if (task.ts < lastEnd) continue;
    lastEnd = task.ts + task.dur;
    const inside = own.filter((s) => s.ts >= task.ts && s.ts + s.dur <= lastEnd);
    if (!inside.length) continue;
    out.push({
      wallMs: task.dur / 1000, cpuMs: (task.tdur ?? task.dur) / 1000,
      sdkWallMs: inside.reduce((n, s) => n + s.dur, 0) / 1000, sdkCpuMs: inside.reduce((n, s) => n + (s.tdur ?? s.dur), 0) / 1000,
    });
  }
  return {
    seconds: (end.ts - start.ts) / 1e6,
    /** Tasks >= longMs on the wall clock in which the SDK's script ran. */
    sdkTasks: out,
    /** Of those, tasks whose thread's own CPU time was >= longMs. */
    sdkCpuLong: out.filter((x) => x.cpuMs >= longMs).length,
    maxSdkCpuMs: out.reduce((m, x) => Math.max(m, x.sdkCpuMs), 0),
    /** Every call into the SDK's script in the window (long task or not), and the most CPU one took: 0 calls means the trace saw none of it. */
    sdkCalls: own.length,
    maxSdkCallCpuMs: own.reduce((m, s) => Math.max(m, (s.tdur ?? s.dur) / 1000), 0),
  };
}
