// Normalisation rules for candidate data entry (API, UI, imports): pure functions, no database, no HTTP.
// The candidates module's own index.ts decides what of this it publishes.
export {
  type Country,
  countryCodes,
  countryName,
  findRegion,
  normaliseCountry,
  normaliseRegion,
} from './country.ts';
export { normaliseEmail } from './email.ts';
export {
  type CountryCode,
  type NormalisedPhone,
  normalisePhone,
  type PhoneType,
  phoneToString,
} from './phone.ts';
export type { CountryRegions, RegionDef } from './regions.data.ts';
export { fail, foldName, type Normalised, ok } from './result.ts';
export {
  type CountryZones,
  countryZones,
  inferTimeZone,
  isValidTimeZone,
  normaliseTimeZone,
  type TimeZoneFacts,
  type TimeZoneInference,
  type TimeZoneSource,
} from './timezone.ts';
export { MAX_URL_LENGTH, normaliseProfileUrl, type ProfileKind, type ProfileUrl } from './url.ts';
