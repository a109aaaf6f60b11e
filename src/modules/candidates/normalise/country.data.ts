/**
 * ISO 3166-1: every officially assigned alpha-2 code with its alpha-3 code, plus XK/XKX (Kosovo), a
 * user-assigned code that the EU, SWIFT, LinkedIn and libphonenumber use and candidates from Kosovo pick.
 */
const PAIRS = `AD AND AE ARE AF AFG AG ATG AI AIA AL ALB AM ARM AO AGO AQ ATA AR ARG AS ASM AT AUT AU AUS AW ABW AX ALA
AZ AZE BA BIH BB BRB BD BGD BE BEL BF BFA BG BGR BH BHR BI BDI BJ BEN BL BLM BM BMU BN BRN BO BOL BQ BES BR BRA
BS BHS BT BTN BV BVT BW BWA BY BLR BZ BLZ CA CAN CC CCK CD COD CF CAF CG COG CH CHE CI CIV CK COK CL CHL CM CMR
CN CHN CO COL CR CRI CU CUB CV CPV CW CUW CX CXR CY CYP CZ CZE DE DEU DJ DJI DK DNK DM DMA DO DOM DZ DZA EC ECU
EE EST EG EGY EH ESH ER ERI ES ESP ET ETH FI FIN FJ FJI FK FLK FM FSM FO FRO FR FRA GA GAB GB GBR GD GRD GE GEO
GF GUF GG GGY GH GHA GI GIB GL GRL GM GMB GN GIN GP GLP GQ GNQ GR GRC GS SGS GT GTM GU GUM GW GNB GY GUY HK HKG
HM HMD HN HND HR HRV HT HTI HU HUN ID IDN IE IRL IL ISR IM IMN IN IND IO IOT IQ IRQ IR IRN IS ISL IT ITA JE JEY
JM JAM JO JOR JP JPN KE KEN KG KGZ KH KHM KI KIR KM COM KN KNA KP PRK KR KOR KW KWT KY CYM KZ KAZ LA LAO LB LBN
LC LCA LI LIE LK LKA LR LBR LS LSO LT LTU LU LUX LV LVA LY LBY MA MAR MC MCO MD MDA ME MNE MF MAF MG MDG MH MHL
MK MKD ML MLI MM MMR MN MNG MO MAC MP MNP MQ MTQ MR MRT MS MSR MT MLT MU MUS MV MDV MW MWI MX MEX MY MYS MZ MOZ
NA NAM NC NCL NE NER NF NFK NG NGA NI NIC NL NLD NO NOR NP NPL NR NRU NU NIU NZ NZL OM OMN PA PAN PE PER PF PYF
PG PNG PH PHL PK PAK PL POL PM SPM PN PCN PR PRI PS PSE PT PRT PW PLW PY PRY QA QAT RE REU RO ROU RS SRB RU RUS
RW RWA SA SAU SB SLB SC SYC SD SDN SE SWE SG SGP SH SHN SI SVN SJ SJM SK SVK SL SLE SM SMR SN SEN SO SOM SR SUR
SS SSD ST STP SV SLV SX SXM SY SYR SZ SWZ TC TCA TD TCD TF ATF TG TGO TH THA TJ TJK TK TKL TL TLS TM TKM TN TUN
TO TON TR TUR TT TTO TV TUV TW TWN TZ TZA UA UKR UG UGA UM UMI US USA UY URY UZ UZB VA VAT VC VCT VE VEN VG VGB
VI VIR VN VNM VU VUT WF WLF WS WSM YE YEM YT MYT ZA ZAF ZM ZMB ZW ZWE XK XKX`;

const words = PAIRS.split(/\s+/);
/** alpha-2 → alpha-3, in alpha-2 order. */
export const ALPHA3: ReadonlyMap<string, string> = new Map(
  Array.from({ length: words.length / 2 }, (_, i) => [words[2 * i]!, words[2 * i + 1]!] as const),
);

/**
 * Display names where the usual English short name reads better than the registry's (the rest come from
 * countries-and-timezones, which uses common English names: "South Korea", "Ivory Coast", "Czechia").
 */
export const NAME_OVERRIDES: Readonly<Record<string, string>> = {
  US: 'United States',
  VG: 'British Virgin Islands',
  VI: 'U.S. Virgin Islands',
  VA: 'Vatican City',
  BV: 'Bouvet Island',
  XK: 'Kosovo',
  MO: 'Macau',
  SH: 'Saint Helena',
  UM: 'U.S. Minor Outlying Islands',
};

/**
 * Other names people type, folded with `foldName`. Official ISO long forms, older names, local names of
 * countries whose English name differs, and the UK's nations (mapped to GB: ISO has no code for them).
 */
export const VARIANTS: Readonly<Record<string, readonly string[]>> = {
  US: ['usa', 'us', 'u s', 'u s a', 'united states', 'united states of america', 'america', 'the states'],
  GB: [
    'uk',
    'u k',
    'great britain',
    'britain',
    'england',
    'scotland',
    'wales',
    'northern ireland',
    'cymru',
    'united kingdom of great britain and northern ireland',
  ],
  KR: ['korea', 'south korea', 'republic of korea', 'korea republic of', 'korea south', 'hanguk'],
  KP: ['north korea', 'dprk', 'democratic peoples republic of korea', 'korea democratic peoples republic of'],
  RU: ['russian federation', 'rossiya', 'rossija'],
  IR: ['iran islamic republic of', 'islamic republic of iran', 'persia'],
  SY: ['syrian arab republic'],
  VN: ['viet nam'],
  LA: ['lao pdr', 'lao peoples democratic republic', 'lao'],
  CZ: ['czech republic', 'cesko', 'ceska republika'],
  TR: ['turkey', 'turkiye'],
  NL: ['holland', 'nederland', 'netherlands'],
  BE: ['belgie', 'belgique'],
  CI: ['ivory coast', 'cote divoire'],
  MM: ['burma'],
  SZ: ['swaziland'],
  MK: ['macedonia', 'republic of north macedonia', 'former yugoslav republic of macedonia', 'fyrom'],
  CV: ['cape verde'],
  TL: ['east timor'],
  VA: ['vatican', 'vatican city', 'vatican city state', 'holy see'],
  CD: [
    'dr congo',
    'drc',
    'democratic republic of congo',
    'congo kinshasa',
    'congo democratic republic of the',
  ],
  CG: ['republic of congo', 'congo brazzaville', 'congo republic'],
  TW: ['taiwan province of china', 'republic of china', 'chinese taipei'],
  CN: ['peoples republic of china', 'prc', 'zhongguo', 'mainland china'],
  PS: ['state of palestine', 'palestinian territories', 'palestinian territory'],
  BO: ['bolivia plurinational state of'],
  VE: ['venezuela bolivarian republic of'],
  TZ: ['united republic of tanzania', 'tanzania united republic of'],
  MD: ['republic of moldova', 'moldova republic of'],
  FM: ['micronesia federated states of', 'federated states of micronesia'],
  BN: ['brunei darussalam'],
  AE: ['uae', 'u a e', 'emirates'],
  SA: ['ksa'],
  HK: ['hong kong sar', 'hong kong sar china', 'hongkong'],
  MO: ['macao sar', 'macau sar', 'macao sar china', 'macau'],
  FK: ['falklands', 'falkland islands malvinas'],
  DE: ['deutschland', 'federal republic of germany'],
  AT: ['osterreich'],
  CH: ['schweiz', 'suisse', 'svizzera', 'helvetia'],
  ES: ['espana'],
  IT: ['italia'],
  BR: ['brasil'],
  MX: ['mexico', 'estados unidos mexicanos'],
  JP: ['nippon', 'nihon'],
  FI: ['suomi'],
  SE: ['sverige'],
  NO: ['norge', 'noreg'],
  DK: ['danmark'],
  PL: ['polska'],
  HU: ['magyarorszag'],
  HR: ['hrvatska'],
  SK: ['slovensko', 'slovak republic'],
  SI: ['slovenija'],
  RS: ['srbija'],
  EE: ['eesti'],
  LV: ['latvija'],
  LT: ['lietuva'],
  GR: ['ellada', 'hellas', 'hellenic republic'],
  IN: ['bharat'],
  IE: ['eire', 'republic of ireland'],
  UA: ['ukraina'],
  PH: ['pilipinas'],
  KG: ['kyrgyz republic'],
  GM: ['the gambia'],
  BS: ['the bahamas'],
  XK: ['kosova', 'republic of kosovo'],
};

/** Names that stand for more than one country: refused with a reason naming the candidates. */
export const AMBIGUOUS: Readonly<Record<string, readonly string[]>> = {
  congo: ['CG', 'CD'],
  'virgin islands': ['VG', 'VI'],
};
