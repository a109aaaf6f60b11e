import type { components, paths } from './schema';

type S = components['schemas'];
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;

export type Session = S['Session'];
export type User = S['User'];
export type Role = S['Role'];
export type ApiToken = S['ApiToken'];
export type AuditEvent = S['AuditEvent'];
export type PermissionCatalog = JsonOf<paths['/api/v1/permissions']['get']['responses'][200]>;
export type PermissionInfo = PermissionCatalog['items'][number];
export type VerifyResult = JsonOf<paths['/api/v1/audit-events/verify']['post']['responses'][200]>;
export type AuditQuery = NonNullable<paths['/api/v1/audit-events']['get']['parameters']['query']>;

type BodyOf<Op> = Op extends { requestBody?: { content: { 'application/json': infer T } } } ? T : never;

export type Candidate = S['Candidate'];
export type StatusCode = Candidate['status'];
export type CreateCandidateBody = BodyOf<paths['/api/v1/candidates']['post']>;
export type UpdateCandidateBody = BodyOf<paths['/api/v1/candidates/{id}']['patch']>;
export type CandidateSearchQuery = NonNullable<paths['/api/v1/candidates']['get']['parameters']['query']>;
export type CandidateSearchPage = S['CandidateSearchPage'];
export type Activity = S['Activity'];
export type CustomField = S['CustomField'];
export type CustomFieldType = CustomField['type'];
export type FieldGroup = S['CustomFieldList']['fieldGroups'][number];
export type CreateCustomFieldBody = BodyOf<paths['/api/v1/custom-fields']['post']>;
export type UpdateCustomFieldBody = BodyOf<paths['/api/v1/custom-fields/{id}']['patch']>;
export type StatusTerm = S['StatusTerm'];
export type UpdateStatusTerminologyBody = BodyOf<paths['/api/v1/status-terminology']['put']>;
export type CandidateSettings = S['CandidateSettings'];
export type Consent = S['Consent'];
export type ContactDecision = S['ContactDecision'];
export type RecordConsentBody = BodyOf<paths['/api/v1/candidates/{id}/consents']['post']>;
export type WithdrawConsentBody = BodyOf<paths['/api/v1/candidates/{id}/consents/withdraw']['post']>;
export type Pool = S['Pool'];
export type PoolMembership = S['PoolMembership'];
export type SavedSearch = S['SavedSearch'];
export type SearchCriteriaBody = BodyOf<paths['/api/v1/saved-searches']['post']>['criteria'];
export type BulkActionBody = BodyOf<paths['/api/v1/candidates/bulk']['post']>;
export type BulkResult = S['BulkResult'];
