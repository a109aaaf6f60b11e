import type { Channel, ContactDecision } from './consent.contract.ts';

export type Jurisdiction = 'gdpr' | 'ccpa' | 'other';

/** EU and EEA member states, the United Kingdom and Switzerland: data-protection law modelled on the GDPR. */
const GDPR_COUNTRIES = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO GB CH'.split(
    ' ',
  ),
);

export function jurisdictionOf(country: string | null, region: string | null): Jurisdiction {
  if (country && GDPR_COUNTRIES.has(country)) return 'gdpr';
  if (country === 'US' && region === 'CA') return 'ccpa';
  return 'other';
}

export interface LedgerEntry {
  id: string;
  purpose: string;
  channel: string;
  lawfulBasis: string;
  givenAt: Date;
  expiresAt: Date | null;
  withdrawnAt: Date | null;
}

export interface ContactFacts {
  status: string;
  country: string | null;
  region: string | null;
  hasEmail: boolean;
  hasPhone: boolean;
  ledger: readonly LedgerEntry[];
}

export interface ContactPolicy {
  contactPolicy: 'allow' | 'require_basis';
  basisRequiredIn: readonly string[];
}

const LABEL: Record<Jurisdiction, string> = { gdpr: 'GDPR', ccpa: 'CCPA', other: 'local law' };

/**
 * May we contact this person on this channel at `at`, and why (not)? In order: do-not-contact status; an
 * address for the channel; the most recent event of the contact ledger for this channel (or `any`) — a
 * withdrawal blocks; a valid (given, unexpired, unwithdrawn) entry allows; otherwise the workspace policy
 * decides, and jurisdictions listed in `basisRequiredIn` always need a lawful basis on record.
 */
export function decideContact(
  facts: ContactFacts,
  channel: Channel,
  at: Date,
  policy: ContactPolicy,
): ContactDecision {
  const jurisdiction = jurisdictionOf(facts.country, facts.region);
  const answer = (
    allowed: boolean,
    reason: ContactDecision['reason'],
    message: string,
    consentId: string | null = null,
  ): ContactDecision => ({ channel, allowed, reason, message, jurisdiction, consentId });

  if (facts.status === 'do_not_contact')
    return answer(false, 'do_not_contact', 'The candidate is marked do not contact');
  if (channel === 'email' ? !facts.hasEmail : !facts.hasPhone)
    return answer(
      false,
      'no_address',
      channel === 'email' ? 'No email address on record' : 'No phone number on record',
    );

  const t = at.getTime();
  const relevant = facts.ledger.filter(
    (e) =>
      e.purpose === 'contact' && (e.channel === channel || e.channel === 'any') && e.givenAt.getTime() <= t,
  );
  // The latest event wins: a withdrawal after every grant blocks.
  let lastWithdrawal: LedgerEntry | null = null;
  for (const e of relevant)
    if (
      e.withdrawnAt &&
      e.withdrawnAt.getTime() <= t &&
      (!lastWithdrawal || e.withdrawnAt > lastWithdrawal.withdrawnAt!)
    )
      lastWithdrawal = e;
  const valid = relevant
    .filter(
      (e) =>
        e.lawfulBasis !== 'none' &&
        !(e.withdrawnAt && e.withdrawnAt.getTime() <= t) &&
        !(e.expiresAt && e.expiresAt.getTime() <= t),
    )
    .sort((a, b) => b.givenAt.getTime() - a.givenAt.getTime());
  const latestGrant = valid[0];
  if (lastWithdrawal && (!latestGrant || latestGrant.givenAt <= lastWithdrawal.withdrawnAt!))
    return answer(
      false,
      'withdrawn',
      `Contact by ${channel} was withdrawn on ${lastWithdrawal.withdrawnAt!.toISOString().slice(0, 10)}`,
      lastWithdrawal.id,
    );
  if (latestGrant)
    return answer(
      true,
      'consent_on_record',
      `${latestGrant.lawfulBasis.replace('_', ' ')} on record since ${latestGrant.givenAt.toISOString().slice(0, 10)}`,
      latestGrant.id,
    );
  const needsBasis =
    policy.contactPolicy === 'require_basis' || policy.basisRequiredIn.includes(jurisdiction);
  if (!needsBasis)
    return answer(true, 'policy_allows', 'No objection on record; the workspace policy allows contact');
  const expired = relevant.filter(
    (e) => e.expiresAt && e.expiresAt.getTime() <= t && e.lawfulBasis !== 'none',
  );
  if (expired.length)
    return answer(false, 'expired', `The lawful basis for contact by ${channel} expired`, expired.at(-1)!.id);
  return answer(
    false,
    'no_lawful_basis',
    `No lawful basis on record for contact by ${channel} (${LABEL[jurisdiction]} requires one)`,
  );
}
