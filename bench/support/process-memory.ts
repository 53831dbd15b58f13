/** Memory of a process from /proc (Linux): its current and peak resident set. */
import { readFile, readdir } from 'node:fs/promises';

export interface ProcessMemory {
  /** resident set now, MiB */
  rssMiB: number;
  /** peak resident set since the process started (VmHWM), MiB */
  peakRssMiB: number;
}

function field(status: string, name: string): number {
  const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : 0;
}

export async function processMemory(pid: number): Promise<ProcessMemory | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return { rssMiB: field(status, 'VmRSS'), peakRssMiB: field(status, 'VmHWM') };
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used, from /proc/PID/stat. */
export async function processCpuSeconds(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may hold spaces) start after the last ')'
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    return Math.round((ticks / 100) * 100) / 100;
  } catch {
    return undefined;
  }
}

/** PIDs of this process's direct children whose command name is `comm` (e.g. 'etcd'). */
export async function childPidsNamed(comm: string): Promise<number[]> {
  const pids: number[] = [];
  for (const task of await readdir(`/proc/${process.pid}/task`)) {
    const text = await readFile(`/proc/${process.pid}/task/${task}/children`, 'utf8').catch(() => '');
    for (const pid of text.trim().split(/\s+/).filter(Boolean).map(Number)) {
      const name = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
      if (name === comm) pids.push(pid);
    }
  }
  return pids;
}
