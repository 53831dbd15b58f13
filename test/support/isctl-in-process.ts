/** Runs isctl commands in this process (no build), capturing what they print and their exit code. */
import { Command } from 'commander';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runIsctlInProcess(
  register: readonly ((program: Command) => void)[],
  args: string[],
): Promise<InProcessResult> {
  const program = new Command('isctl').exitOverride();
  for (const r of register) r(program);
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  const before = process.exitCode;
  process.exitCode = 0;
  let code = 0;
  try {
    await program.parseAsync(['node', 'isctl', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (e) {
    stderr += e instanceof Error ? e.message : String(e);
    code = 1;
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = before;
  }
  return { code, stdout, stderr };
}
