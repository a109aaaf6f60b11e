import './outreach.permissions.ts';

/** Delivery: hand-off (guards) and dispatch tasks, routes, configuration, and what inbound builds on. */
export { deliveryRoutes } from './delivery.routes.ts';
export { dispatchTask, handoffTask } from './delivery.tasks.ts';
export { configureDelivery, dispatchDue, suppressAddress } from './dispatch.service.ts';
/** Consent-withdrawal listener: stops live enrollments that would still use the withdrawn channel. */
export { outreachOnConsentWithdrawn } from './engagement.consent.ts';
/** Engagement routes: inbound mail, one-click unsubscribe, open and click tracking, replies, metrics. */
export { engagementRoutes } from './engagement.routes.ts';
/**
 * For delivery: `trackingFor` loads what `applyTracking` needs (the workspace's secret and switches) to add
 * the open pixel and click redirects at render time; `recordEvent` puts any other fact (delivered,
 * blocked...) on the record and the candidate's timeline.
 */
export { recordEvent, trackingFor } from './engagement.service.ts';
export { applyTracking, type TrackingRender } from './engagement.ts';
/**
 * For delivery and inbound mail (next): advance an enrollment past a step (re-plans the rest), and stop a
 * candidate's live enrollments (reply, bounce, unsubscribe, consent withdrawal).
 */
export {
  advanceEnrollment,
  outreachOnCandidateWritten,
  stopCandidateEnrollments,
} from './enrollments.service.ts';
export { handOffDue } from './handoff.service.ts';
/** Inbound mail (raw MIME) as the HTTP endpoint and the embedded SMTP listener hand it over. */
export { receiveInbound } from './inbound.service.ts';
export { startInboundSmtp } from './inbound.smtp.ts';
/** HTTP routes: templates, sequences, enrollments, holiday calendar, sender profiles. */
export { outreachRoutes } from './outreach.routes.ts';
/** Background tasks of the module. */
export { replanTask } from './outreach.tasks.ts';
/** Render a stored template for a candidate as a sender (redaction respected). */
export { renderFor, resolveSender } from './personalise.ts';
/** The scheduling rules (pure), for benches and delivery. */
export { fitToWindow, localTime, nextSendAt, pickVariant } from './schedule.ts';
/** Signed link tokens (unsubscribe, tracking): HMAC-SHA256 with the workspace's secret. */
export { type LinkToken, signLinkToken, signToken, verifyLinkToken, verifyToken } from './tokens.ts';
