import './outreach.permissions.ts';

/** Consent-withdrawal listener: stops live enrollments that would still use the withdrawn channel. */
export { outreachOnConsentWithdrawn } from './engagement.consent.ts';
/**
 * For delivery and inbound mail (next): advance an enrollment past a step (re-plans the rest), and stop a
 * candidate's live enrollments (reply, bounce, unsubscribe, consent withdrawal).
 */
export {
  advanceEnrollment,
  outreachOnCandidateWritten,
  stopCandidateEnrollments,
} from './enrollments.service.ts';
/** HTTP routes: templates, sequences, enrollments, holiday calendar, sender profiles. */
export { outreachRoutes } from './outreach.routes.ts';
/** Background tasks of the module. */
export { replanTask } from './outreach.tasks.ts';
/** Render a stored template for a candidate as a sender (redaction respected). */
export { renderFor, resolveSender } from './personalise.ts';
/** The scheduling rules (pure), for benches and delivery. */
export { fitToWindow, localTime, nextSendAt, pickVariant } from './schedule.ts';
