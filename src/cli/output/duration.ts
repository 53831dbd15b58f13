/**
 * The two ways the tools we imitate print an age (src/api/human-duration.ts): `oc describe` and
 * oc's table columns use Docker's go-units wording ("5 minutes ago"); kubectl's AGE column uses
 * apimachinery's short form ("3m12s").
 */
export {
  age,
  elapsedSince,
  humanDuration,
  relativeAgo as ago,
  shortHumanDuration,
} from '../../api/human-duration.js';
