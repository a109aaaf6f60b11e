/**
 * First-level regions (states, provinces, federal subjects) of the countries that span several time zones,
 * with the zone most of each region's people live in. Where part of a region keeps other time, `caveat` says
 * which part, and the inference note passes it on. Sources: the tz database's zone.tab comments, and for
 * split regions the population majority (e.g. Texas: Central; El Paso is on Mountain time).
 *
 * Codes are the ISO 3166-2 subdivision codes without the country prefix (`US-TX` → `TX`).
 */
export interface RegionDef {
  code: string;
  name: string;
  /** Other names people type (folded with `foldName` when indexed). */
  aliases?: readonly string[];
  zone: string;
  caveat?: string;
}

export interface CountryRegions {
  /** What to call a region of this country in a note ("give a state"). */
  term: string;
  regions: readonly RegionDef[];
}

const r = (code: string, name: string, zone: string, extra: Partial<RegionDef> = {}): RegionDef => ({
  code,
  name,
  zone,
  ...extra,
});

const NY = 'America/New_York';
const CHI = 'America/Chicago';
const DEN = 'America/Denver';
const LA = 'America/Los_Angeles';

const US: CountryRegions = {
  term: 'state',
  regions: [
    r('AL', 'Alabama', CHI),
    r('AK', 'Alaska', 'America/Anchorage', { caveat: 'the western Aleutian Islands use America/Adak' }),
    r('AZ', 'Arizona', 'America/Phoenix', {
      caveat: 'the Navajo Nation observes daylight saving time (America/Denver)',
    }),
    r('AR', 'Arkansas', CHI),
    r('CA', 'California', LA, { aliases: ['calif', 'cali'] }),
    r('CO', 'Colorado', DEN),
    r('CT', 'Connecticut', NY),
    r('DE', 'Delaware', NY),
    r('DC', 'District of Columbia', NY, { aliases: ['washington dc', 'washington d c', 'd c'] }),
    r('FL', 'Florida', NY, {
      caveat: 'the western Panhandle (Pensacola) uses Central time, America/Chicago',
    }),
    r('GA', 'Georgia', NY),
    r('HI', 'Hawaii', 'Pacific/Honolulu'),
    r('ID', 'Idaho', 'America/Boise', {
      caveat: 'the northern Panhandle uses Pacific time, America/Los_Angeles',
    }),
    r('IL', 'Illinois', CHI),
    r('IN', 'Indiana', 'America/Indiana/Indianapolis', {
      caveat: 'the northwest (Gary) and southwest (Evansville) corners use Central time, America/Chicago',
    }),
    r('IA', 'Iowa', CHI),
    r('KS', 'Kansas', CHI, { caveat: 'four western counties use Mountain time, America/Denver' }),
    r('KY', 'Kentucky', NY, { caveat: 'the western half uses Central time, America/Chicago' }),
    r('LA', 'Louisiana', CHI),
    r('ME', 'Maine', NY),
    r('MD', 'Maryland', NY),
    r('MA', 'Massachusetts', NY),
    r('MI', 'Michigan', 'America/Detroit', {
      caveat: 'four Upper Peninsula counties use Central time, America/Menominee',
    }),
    r('MN', 'Minnesota', CHI),
    r('MS', 'Mississippi', CHI),
    r('MO', 'Missouri', CHI),
    r('MT', 'Montana', DEN),
    r('NE', 'Nebraska', CHI, { caveat: 'the western Panhandle uses Mountain time, America/Denver' }),
    r('NV', 'Nevada', LA, { caveat: 'West Wendover uses Mountain time, America/Denver' }),
    r('NH', 'New Hampshire', NY),
    r('NJ', 'New Jersey', NY),
    r('NM', 'New Mexico', DEN),
    r('NY', 'New York', NY, { aliases: ['new york state'] }),
    r('NC', 'North Carolina', NY),
    r('ND', 'North Dakota', CHI, { caveat: 'the southwest uses Mountain time, America/Denver' }),
    r('OH', 'Ohio', NY),
    r('OK', 'Oklahoma', CHI),
    r('OR', 'Oregon', LA, { caveat: 'most of Malheur County uses Mountain time, America/Boise' }),
    r('PA', 'Pennsylvania', NY),
    r('RI', 'Rhode Island', NY),
    r('SC', 'South Carolina', NY),
    r('SD', 'South Dakota', CHI, {
      caveat: 'the western half (Rapid City) uses Mountain time, America/Denver',
    }),
    r('TN', 'Tennessee', CHI, {
      caveat: 'East Tennessee (Knoxville, Chattanooga) uses Eastern time, America/New_York',
    }),
    r('TX', 'Texas', CHI, { caveat: 'El Paso and Hudspeth counties use Mountain time, America/Denver' }),
    r('UT', 'Utah', DEN),
    r('VT', 'Vermont', NY),
    r('VA', 'Virginia', NY),
    r('WA', 'Washington', LA, { aliases: ['washington state'] }),
    r('WV', 'West Virginia', NY),
    r('WI', 'Wisconsin', CHI),
    r('WY', 'Wyoming', DEN),
    r('PR', 'Puerto Rico', 'America/Puerto_Rico'),
    r('GU', 'Guam', 'Pacific/Guam'),
    r('VI', 'U.S. Virgin Islands', 'America/St_Thomas', { aliases: ['virgin islands', 'us virgin islands'] }),
    r('AS', 'American Samoa', 'Pacific/Pago_Pago'),
    r('MP', 'Northern Mariana Islands', 'Pacific/Saipan'),
  ],
};

const CA: CountryRegions = {
  term: 'province or territory',
  regions: [
    r('AB', 'Alberta', 'America/Edmonton'),
    r('BC', 'British Columbia', 'America/Vancouver', {
      caveat:
        'the northeast and the East Kootenays use Mountain time (America/Dawson_Creek, America/Edmonton)',
    }),
    r('MB', 'Manitoba', 'America/Winnipeg'),
    r('NB', 'New Brunswick', 'America/Moncton'),
    r('NL', 'Newfoundland and Labrador', 'America/St_Johns', {
      aliases: ['newfoundland', 'labrador', 'nfld'],
      caveat: 'most of Labrador uses Atlantic time, America/Goose_Bay',
    }),
    r('NS', 'Nova Scotia', 'America/Halifax'),
    r('NT', 'Northwest Territories', 'America/Edmonton', { aliases: ['nwt'] }),
    r('NU', 'Nunavut', 'America/Iqaluit', {
      caveat: 'the Kivalliq region uses Central time (America/Rankin_Inlet) and the Kitikmeot Mountain time',
    }),
    r('ON', 'Ontario', 'America/Toronto', {
      caveat: 'northwestern Ontario uses Central time, America/Winnipeg',
    }),
    r('PE', 'Prince Edward Island', 'America/Halifax', { aliases: ['pei'] }),
    r('QC', 'Quebec', 'America/Toronto', {
      aliases: ['quebec province', 'province de quebec'],
      caveat: 'the Magdalen Islands and the Lower North Shore use Atlantic time',
    }),
    r('SK', 'Saskatchewan', 'America/Regina'),
    r('YT', 'Yukon', 'America/Whitehorse', { aliases: ['yukon territory'] }),
  ],
};

const AU: CountryRegions = {
  term: 'state or territory',
  regions: [
    r('ACT', 'Australian Capital Territory', 'Australia/Sydney', { aliases: ['canberra'] }),
    r('NSW', 'New South Wales', 'Australia/Sydney', {
      caveat:
        'Broken Hill uses Australia/Broken_Hill (South Australian time) and Lord Howe Island its own zone',
    }),
    r('NT', 'Northern Territory', 'Australia/Darwin'),
    r('QLD', 'Queensland', 'Australia/Brisbane'),
    r('SA', 'South Australia', 'Australia/Adelaide'),
    r('TAS', 'Tasmania', 'Australia/Hobart'),
    r('VIC', 'Victoria', 'Australia/Melbourne'),
    r('WA', 'Western Australia', 'Australia/Perth'),
    r('JBT', 'Jervis Bay Territory', 'Australia/Sydney'),
  ],
};

const SP = 'America/Sao_Paulo';
const BR: CountryRegions = {
  term: 'state',
  regions: [
    r('AC', 'Acre', 'America/Rio_Branco'),
    r('AL', 'Alagoas', 'America/Maceio'),
    r('AP', 'Amapá', 'America/Belem'),
    r('AM', 'Amazonas', 'America/Manaus', { caveat: 'the far west uses America/Eirunepe (Acre time)' }),
    r('BA', 'Bahia', 'America/Bahia'),
    r('CE', 'Ceará', 'America/Fortaleza'),
    r('DF', 'Distrito Federal', SP, { aliases: ['federal district', 'brasilia'] }),
    r('ES', 'Espírito Santo', SP),
    r('GO', 'Goiás', SP),
    r('MA', 'Maranhão', 'America/Fortaleza'),
    r('MT', 'Mato Grosso', 'America/Cuiaba'),
    r('MS', 'Mato Grosso do Sul', 'America/Campo_Grande'),
    r('MG', 'Minas Gerais', SP),
    r('PA', 'Pará', 'America/Belem'),
    r('PB', 'Paraíba', 'America/Fortaleza'),
    r('PR', 'Paraná', SP),
    r('PE', 'Pernambuco', 'America/Recife', { caveat: 'Fernando de Noronha uses America/Noronha' }),
    r('PI', 'Piauí', 'America/Fortaleza'),
    r('RJ', 'Rio de Janeiro', SP),
    r('RN', 'Rio Grande do Norte', 'America/Fortaleza'),
    r('RS', 'Rio Grande do Sul', SP),
    r('RO', 'Rondônia', 'America/Porto_Velho'),
    r('RR', 'Roraima', 'America/Boa_Vista'),
    r('SC', 'Santa Catarina', SP),
    r('SP', 'São Paulo', SP),
    r('SE', 'Sergipe', 'America/Maceio'),
    r('TO', 'Tocantins', 'America/Araguaina'),
  ],
};

const MXC = 'America/Mexico_City';
const MX: CountryRegions = {
  term: 'state',
  regions: [
    r('AGU', 'Aguascalientes', MXC, { aliases: ['ags'] }),
    r('BCN', 'Baja California', 'America/Tijuana', { aliases: ['bc'] }),
    r('BCS', 'Baja California Sur', 'America/Mazatlan'),
    r('CAM', 'Campeche', 'America/Merida'),
    r('CHP', 'Chiapas', MXC),
    r('CHH', 'Chihuahua', 'America/Chihuahua', {
      caveat: 'Ciudad Juárez and the US border use US-style Mountain time, America/Ciudad_Juarez',
    }),
    r('CMX', 'Ciudad de México', MXC, { aliases: ['mexico city', 'cdmx', 'df', 'distrito federal'] }),
    r('COA', 'Coahuila', 'America/Monterrey', {
      aliases: ['coahuila de zaragoza'],
      caveat: 'towns on the US border use America/Matamoros (US daylight saving time)',
    }),
    r('COL', 'Colima', MXC),
    r('DUR', 'Durango', 'America/Monterrey'),
    r('GUA', 'Guanajuato', MXC),
    r('GRO', 'Guerrero', MXC),
    r('HID', 'Hidalgo', MXC),
    r('JAL', 'Jalisco', MXC),
    r('MEX', 'Estado de México', MXC, { aliases: ['state of mexico', 'mexico state', 'edomex'] }),
    r('MIC', 'Michoacán', MXC, { aliases: ['michoacan de ocampo'] }),
    r('MOR', 'Morelos', MXC),
    r('NAY', 'Nayarit', 'America/Mazatlan', {
      caveat: 'Bahía de Banderas uses Central time, America/Bahia_Banderas',
    }),
    r('NLE', 'Nuevo León', 'America/Monterrey', {
      aliases: ['nl'],
      caveat: 'towns on the US border use America/Matamoros (US daylight saving time)',
    }),
    r('OAX', 'Oaxaca', MXC),
    r('PUE', 'Puebla', MXC),
    r('QUE', 'Querétaro', MXC, { aliases: ['queretaro de arteaga', 'qro'] }),
    r('ROO', 'Quintana Roo', 'America/Cancun', { aliases: ['q roo', 'qroo'] }),
    r('SLP', 'San Luis Potosí', MXC),
    r('SIN', 'Sinaloa', 'America/Mazatlan'),
    r('SON', 'Sonora', 'America/Hermosillo'),
    r('TAB', 'Tabasco', MXC),
    r('TAM', 'Tamaulipas', 'America/Monterrey', {
      caveat:
        'the US border cities (Reynosa, Matamoros, Nuevo Laredo) use America/Matamoros (US daylight saving time)',
    }),
    r('TLA', 'Tlaxcala', MXC),
    r('VER', 'Veracruz', MXC, { aliases: ['veracruz de ignacio de la llave'] }),
    r('YUC', 'Yucatán', 'America/Merida'),
    r('ZAC', 'Zacatecas', MXC),
  ],
};

// Russia: federal subjects by ISO 3166-2:RU code and English name (generic words such as "Oblast", "Krai",
// "Republic" are ignored when matching). Crimea and Sevastopol are not listed: ISO 3166-2 places them in UA.
const MSK = 'Europe/Moscow';
const YEK = 'Asia/Yekaterinburg';
const RU: CountryRegions = {
  term: 'federal subject (oblast, krai or republic)',
  regions: [
    r('KGD', 'Kaliningrad', 'Europe/Kaliningrad'),
    r('MOW', 'Moscow', MSK, { aliases: ['moskva', 'moscow city'] }),
    r('MOS', 'Moscow Oblast', MSK, { aliases: ['moskovskaya'] }),
    r('SPE', 'Saint Petersburg', MSK, { aliases: ['st petersburg', 'sankt peterburg', 'petersburg', 'spb'] }),
    r('LEN', 'Leningrad Oblast', MSK, { aliases: ['leningrad'] }),
    r('AD', 'Adygea', MSK),
    r('ARK', 'Arkhangelsk', MSK),
    r('BEL', 'Belgorod', MSK),
    r('BRY', 'Bryansk', MSK),
    r('CE', 'Chechnya', MSK, { aliases: ['chechen'] }),
    r('CU', 'Chuvashia', MSK, { aliases: ['chuvash'] }),
    r('DA', 'Dagestan', MSK),
    r('IN', 'Ingushetia', MSK),
    r('IVA', 'Ivanovo', MSK),
    r('KB', 'Kabardino-Balkaria', MSK),
    r('KL', 'Kalmykia', MSK),
    r('KLU', 'Kaluga', MSK),
    r('KC', 'Karachay-Cherkessia', MSK),
    r('KR', 'Karelia', MSK),
    r('KO', 'Komi', MSK),
    r('KOS', 'Kostroma', MSK),
    r('KDA', 'Krasnodar', MSK, { aliases: ['kuban', 'sochi'] }),
    r('KRS', 'Kursk', MSK),
    r('LIP', 'Lipetsk', MSK),
    r('ME', 'Mari El', MSK),
    r('MO', 'Mordovia', MSK),
    r('MUR', 'Murmansk', MSK),
    r('NEN', 'Nenets', MSK),
    r('NIZ', 'Nizhny Novgorod', MSK),
    r('SE', 'North Ossetia', MSK, { aliases: ['north ossetia alania'] }),
    r('NGR', 'Novgorod', MSK),
    r('ORL', 'Oryol', MSK, { aliases: ['orel'] }),
    r('PNZ', 'Penza', MSK),
    r('PSK', 'Pskov', MSK),
    r('ROS', 'Rostov', MSK),
    r('RYA', 'Ryazan', MSK),
    r('SMO', 'Smolensk', MSK),
    r('STA', 'Stavropol', MSK),
    r('TAM', 'Tambov', MSK),
    r('TA', 'Tatarstan', MSK, { aliases: ['kazan'] }),
    r('TUL', 'Tula', MSK),
    r('TVE', 'Tver', MSK),
    r('VLA', 'Vladimir', MSK),
    r('VLG', 'Vologda', MSK),
    r('VOR', 'Voronezh', MSK),
    r('YAR', 'Yaroslavl', MSK),
    r('KIR', 'Kirov', 'Europe/Kirov'),
    r('VGG', 'Volgograd', 'Europe/Volgograd'),
    r('AST', 'Astrakhan', 'Europe/Astrakhan'),
    r('SAR', 'Saratov', 'Europe/Saratov'),
    r('ULY', 'Ulyanovsk', 'Europe/Ulyanovsk'),
    r('SAM', 'Samara', 'Europe/Samara'),
    r('UD', 'Udmurtia', 'Europe/Samara', { aliases: ['udmurt', 'izhevsk'] }),
    r('BA', 'Bashkortostan', YEK, { aliases: ['bashkiria', 'ufa'] }),
    r('CHE', 'Chelyabinsk', YEK),
    r('KHM', 'Khanty-Mansi', YEK, { aliases: ['khanty mansiysk', 'yugra'] }),
    r('KGN', 'Kurgan', YEK),
    r('ORE', 'Orenburg', YEK),
    r('PER', 'Perm', YEK),
    r('SVE', 'Sverdlovsk', YEK, { aliases: ['yekaterinburg', 'ekaterinburg'] }),
    r('TYU', 'Tyumen', YEK),
    r('YAN', 'Yamalo-Nenets', YEK, { aliases: ['yamal'] }),
    r('OMS', 'Omsk', 'Asia/Omsk'),
    r('NVS', 'Novosibirsk', 'Asia/Novosibirsk'),
    r('ALT', 'Altai Krai', 'Asia/Barnaul', { aliases: ['barnaul'] }),
    r('AL', 'Altai Republic', 'Asia/Barnaul', { aliases: ['gorno altai'] }),
    r('TOM', 'Tomsk', 'Asia/Tomsk'),
    r('KEM', 'Kemerovo', 'Asia/Novokuznetsk', { aliases: ['kuzbass'] }),
    r('KYA', 'Krasnoyarsk', 'Asia/Krasnoyarsk'),
    r('KK', 'Khakassia', 'Asia/Krasnoyarsk'),
    r('TY', 'Tuva', 'Asia/Krasnoyarsk', { aliases: ['tyva'] }),
    r('IRK', 'Irkutsk', 'Asia/Irkutsk'),
    r('BU', 'Buryatia', 'Asia/Irkutsk'),
    r('ZAB', 'Zabaykalsky', 'Asia/Chita', { aliases: ['zabaykalsky krai', 'transbaikal', 'chita'] }),
    r('SA', 'Sakha', 'Asia/Yakutsk', {
      aliases: ['yakutia', 'sakha yakutia'],
      caveat: 'the east of the republic is two and three hours ahead (Asia/Ust-Nera, Asia/Srednekolymsk)',
    }),
    r('AMU', 'Amur', 'Asia/Yakutsk'),
    r('PRI', 'Primorsky', 'Asia/Vladivostok', { aliases: ['primorye', 'vladivostok'] }),
    r('KHA', 'Khabarovsk', 'Asia/Vladivostok'),
    r('YEV', 'Jewish Autonomous Oblast', 'Asia/Vladivostok', { aliases: ['jewish'] }),
    r('MAG', 'Magadan', 'Asia/Magadan'),
    r('SAK', 'Sakhalin', 'Asia/Sakhalin', {
      caveat: 'the northern Kuril Islands use Asia/Srednekolymsk (same offset)',
    }),
    r('KAM', 'Kamchatka', 'Asia/Kamchatka'),
    r('CHU', 'Chukotka', 'Asia/Anadyr'),
  ],
};

const JKT = 'Asia/Jakarta';
const MKS = 'Asia/Makassar';
const JAY = 'Asia/Jayapura';
const ID: CountryRegions = {
  term: 'province',
  regions: [
    r('AC', 'Aceh', JKT),
    r('SU', 'North Sumatra', JKT, { aliases: ['sumatera utara'] }),
    r('SB', 'West Sumatra', JKT, { aliases: ['sumatera barat'] }),
    r('RI', 'Riau', JKT),
    r('KR', 'Riau Islands', JKT, { aliases: ['kepulauan riau', 'batam'] }),
    r('JA', 'Jambi', JKT),
    r('SS', 'South Sumatra', JKT, { aliases: ['sumatera selatan'] }),
    r('BB', 'Bangka Belitung Islands', JKT, { aliases: ['bangka belitung', 'kepulauan bangka belitung'] }),
    r('BE', 'Bengkulu', JKT),
    r('LA', 'Lampung', JKT),
    r('JK', 'Jakarta', JKT, { aliases: ['dki jakarta', 'daerah khusus ibukota jakarta'] }),
    r('BT', 'Banten', JKT),
    r('JB', 'West Java', JKT, { aliases: ['jawa barat', 'bandung'] }),
    r('JT', 'Central Java', JKT, { aliases: ['jawa tengah'] }),
    r('YO', 'Yogyakarta', JKT, { aliases: ['di yogyakarta', 'daerah istimewa yogyakarta', 'jogja'] }),
    r('JI', 'East Java', JKT, { aliases: ['jawa timur', 'surabaya'] }),
    r('KB', 'West Kalimantan', 'Asia/Pontianak', { aliases: ['kalimantan barat'] }),
    r('KT', 'Central Kalimantan', 'Asia/Pontianak', { aliases: ['kalimantan tengah'] }),
    r('KS', 'South Kalimantan', MKS, { aliases: ['kalimantan selatan'] }),
    r('KI', 'East Kalimantan', MKS, { aliases: ['kalimantan timur'] }),
    r('KU', 'North Kalimantan', MKS, { aliases: ['kalimantan utara'] }),
    r('BA', 'Bali', MKS),
    r('NB', 'West Nusa Tenggara', MKS, { aliases: ['nusa tenggara barat', 'ntb'] }),
    r('NT', 'East Nusa Tenggara', MKS, { aliases: ['nusa tenggara timur', 'ntt'] }),
    r('SA', 'North Sulawesi', MKS, { aliases: ['sulawesi utara'] }),
    r('GO', 'Gorontalo', MKS),
    r('ST', 'Central Sulawesi', MKS, { aliases: ['sulawesi tengah'] }),
    r('SR', 'West Sulawesi', MKS, { aliases: ['sulawesi barat'] }),
    r('SN', 'South Sulawesi', MKS, { aliases: ['sulawesi selatan', 'makassar'] }),
    r('SG', 'Southeast Sulawesi', MKS, { aliases: ['sulawesi tenggara'] }),
    r('MA', 'Maluku', JAY, { aliases: ['moluccas'] }),
    r('MU', 'North Maluku', JAY, { aliases: ['maluku utara'] }),
    r('PA', 'Papua', JAY),
    r('PB', 'West Papua', JAY, { aliases: ['papua barat'] }),
    // The provinces split off Papua in 2022-2023 (no ISO 3166-2 codes yet): matched by name only.
    r('', 'Southwest Papua', JAY, { aliases: ['papua barat daya'] }),
    r('', 'South Papua', JAY, { aliases: ['papua selatan'] }),
    r('', 'Central Papua', JAY, { aliases: ['papua tengah'] }),
    r('', 'Highland Papua', JAY, { aliases: ['papua pegunungan'] }),
  ],
};

// Countries with a dominant zone (see timezone.ts): only the regions that keep other time are listed.
const ES: CountryRegions = {
  term: 'region',
  regions: [
    r('CN', 'Canary Islands', 'Atlantic/Canary', {
      aliases: [
        'canarias',
        'islas canarias',
        'las palmas',
        'santa cruz de tenerife',
        'tenerife',
        'gran canaria',
      ],
    }),
  ],
};
const PT: CountryRegions = {
  term: 'region',
  regions: [
    r('20', 'Azores', 'Atlantic/Azores', { aliases: ['acores', 'regiao autonoma dos acores'] }),
    r('30', 'Madeira', 'Atlantic/Madeira', { aliases: ['regiao autonoma da madeira'] }),
  ],
};
const EC: CountryRegions = {
  term: 'province',
  regions: [r('W', 'Galápagos', 'Pacific/Galapagos', { aliases: ['galapagos islands', 'islas galapagos'] })],
};
const CL: CountryRegions = {
  term: 'region',
  regions: [
    r('MA', 'Magallanes', 'America/Punta_Arenas', {
      aliases: ['magallanes y de la antartica chilena', 'punta arenas'],
    }),
    r('AI', 'Aysén', 'America/Coyhaique', {
      aliases: ['aysen del general carlos ibanez del campo', 'coyhaique'],
    }),
    r('', 'Easter Island', 'Pacific/Easter', { aliases: ['isla de pascua', 'rapa nui'] }),
  ],
};
const NZ: CountryRegions = {
  term: 'region',
  regions: [r('CIT', 'Chatham Islands', 'Pacific/Chatham', { aliases: ['chatham'] })],
};
const PG: CountryRegions = {
  term: 'province',
  regions: [
    r('NSB', 'Bougainville', 'Pacific/Bougainville', { aliases: ['autonomous region of bougainville'] }),
  ],
};

/** Region → zone tables, by country. */
export const REGION_ZONES: Readonly<Record<string, CountryRegions>> = {
  US,
  CA,
  AU,
  BR,
  MX,
  RU,
  ID,
  ES,
  PT,
  EC,
  CL,
  NZ,
  PG,
};

/** Countries whose region names `normaliseRegion` turns into codes. */
export const CODED_REGION_COUNTRIES: ReadonlySet<string> = new Set(['US', 'CA', 'AU']);
