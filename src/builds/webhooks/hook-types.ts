/** The webhook plugins of `buildconfigs/NAME/webhooks/SECRET/TYPE` and the triggers they fire. */
import { BuildCauseMessage } from '../constants.js';

export const HOOK_TYPES = {
  generic: {
    triggerType: 'Generic',
    field: 'generic',
    message: BuildCauseMessage.GenericWebHook,
    cause: 'genericWebHook',
  },
  github: {
    triggerType: 'GitHub',
    field: 'github',
    message: BuildCauseMessage.GitHubWebHook,
    cause: 'githubWebHook',
  },
  gitlab: {
    triggerType: 'GitLab',
    field: 'gitlab',
    message: BuildCauseMessage.GitLabWebHook,
    cause: 'gitlabWebHook',
  },
  bitbucket: {
    triggerType: 'Bitbucket',
    field: 'bitbucket',
    message: BuildCauseMessage.BitbucketWebHook,
    cause: 'bitbucketWebHook',
  },
} as const;

export type HookType = keyof typeof HOOK_TYPES;

export function isHookType(value: string): value is HookType {
  return Object.hasOwn(HOOK_TYPES, value);
}
