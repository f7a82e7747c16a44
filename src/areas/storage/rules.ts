// Storage rules: claims, volumes, classes, attachments, and the pods that mount claims, one file per object
// kind under rules/. Plain objects in, findings out; no I/O.

export {
  DEFAULT_CLASS_ANNOTATION,
  NO_PROVISIONER,
  SELECTED_NODE_ANNOTATION,
  PENDING_UNEXPLAINED_SECONDS,
  isDefaultClass,
  defaultClasses,
  resolveClass,
  claimKey,
  claimNamesOf,
  consumersByClaim,
  isActivePod,
  accessModesText,
  volumeCanBind,
} from './rules/facts.js';
export type { ClassSource, ClassResolution } from './rules/facts.js';
export { diagnoseClaim, accessModeConflict, podBlockedByClaim, podBlockedByClaims } from './rules/claims.js';
export type { ClaimContext } from './rules/claims.js';
export { diagnoseVolume } from './rules/volumes.js';
export { diagnoseStorageClasses } from './rules/classes.js';
export { diagnoseAttachment } from './rules/attachments.js';
