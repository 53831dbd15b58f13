/** The isctl program: commander wiring only; the commands live in commands/. */
import { Command } from 'commander';
import { COMMANDS } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('isctl')
    .description(
      'Image streams (image.openshift.io/v1) for any container platform: the server and its client',
    )
    .showHelpAfterError()
    .enablePositionalOptions(false);
  for (const register of COMMANDS) register(program);
  return program;
}
