#!/usr/bin/env node
/** isctl's entry point: run the command, and turn any failure into kubectl-style stderr and exit 1. */
import { buildProgram } from './program.js';
import { describeError } from './report.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  process.stderr.write(describeError(err) + '\n');
  process.exitCode = 1;
}
