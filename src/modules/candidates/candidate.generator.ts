import type { Faker } from '@faker-js/faker';
import { type CountryCode, getExampleNumber, isValidPhoneNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import type { CreateCandidate } from './candidates.contract.ts';

/**
 * Realistic generated candidates for the demo seed, tests and benchmarks: deterministic for a seeded faker.
 * Role families give coherent titles and skills; places come with their country (so time zones infer).
 */
const FAMILIES = [
  {
    titles: [
      'Software Engineer',
      'Senior Software Engineer',
      'Staff Engineer',
      'Backend Engineer',
      'Principal Engineer',
    ],
    skills: [
      'Java',
      'Go',
      'Python',
      'C++',
      'Kubernetes',
      'PostgreSQL',
      'AWS',
      'Kafka',
      'Rust',
      'gRPC',
      'Docker',
    ],
  },
  {
    titles: ['Frontend Engineer', 'Full Stack Developer', 'Senior Frontend Developer', 'UI Engineer'],
    skills: [
      'TypeScript',
      'JavaScript',
      'React',
      'Node.js',
      'Vue.js',
      'CSS',
      'GraphQL',
      'Next.js',
      'Accessibility',
    ],
  },
  {
    titles: ['.NET Developer', 'Senior C# Developer', 'Software Developer', 'Solutions Architect'],
    skills: ['C#', '.NET', 'ASP.NET', 'Azure', 'SQL Server', 'Microservices', 'Entity Framework'],
  },
  {
    titles: ['Data Scientist', 'Machine Learning Engineer', 'Data Engineer', 'Analytics Engineer'],
    skills: ['Python', 'SQL', 'Machine Learning', 'PyTorch', 'TensorFlow', 'Spark', 'dbt', 'Statistics', 'R'],
  },
  {
    titles: ['Product Manager', 'Senior Product Manager', 'Group Product Manager', 'Product Owner'],
    skills: [
      'Product Strategy',
      'Roadmapping',
      'User Research',
      'SQL',
      'A/B Testing',
      'Agile',
      'Stakeholder Management',
    ],
  },
  {
    titles: ['Product Designer', 'UX Designer', 'Senior UX Researcher', 'Design Lead'],
    skills: [
      'Figma',
      'User Research',
      'Prototyping',
      'Design Systems',
      'Accessibility',
      'Interaction Design',
    ],
  },
  {
    titles: [
      'Account Executive',
      'Sales Manager',
      'Business Development Representative',
      'Customer Success Manager',
    ],
    skills: ['Salesforce', 'Negotiation', 'B2B Sales', 'Account Management', 'Pipeline Management', 'SaaS'],
  },
  {
    titles: ['Embedded Engineer', 'Firmware Engineer', 'Systems Engineer', 'Hardware Engineer'],
    skills: ['C', 'C++', 'RTOS', 'Embedded Linux', 'ARM', 'Python', 'PCB Design', 'Verilog'],
  },
] as const;

const COMPANIES = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Hooli',
  'Umbrella Labs',
  'Stark Industries',
  'Wayne Enterprises',
  'Soylent',
  'Vandelay Industries',
  'Pied Piper',
  'Massive Dynamic',
  'Aperture Science',
  'Cyberdyne Systems',
  'Tyrell Corp',
  'Wonka Industries',
  'Gringotts',
  'Monsters Inc',
  'Oscorp',
  'Nakatomi Trading',
  'Blue Sun',
  'Dunder Mifflin',
  'Prestige Worldwide',
  'Sterling Cooper',
  'Virtucon',
  'Bluth Company',
  'Duff Brewing',
  'Krusty Krab',
  'Nordwind',
  'Zentrum Software',
  'Lumen Analytics',
  'Northwind Traders',
  'Contoso',
  'Fabrikam',
  'Tailspin Toys',
  'Litware',
];
const SCHOOLS = [
  'Massachusetts Institute of Technology',
  'Stanford University',
  'University of Cambridge',
  'ETH Zurich',
  'Technical University of Munich',
  'University of Toronto',
  'Indian Institute of Technology Bombay',
  'University of Melbourne',
  'Sorbonne University',
  'University of Amsterdam',
  'Carnegie Mellon University',
  'Georgia Institute of Technology',
  'University of Texas at Austin',
  'KTH Royal Institute of Technology',
  'University of São Paulo',
  'National University of Singapore',
  'Politecnico di Milano',
  'TU Delft',
];
const AREAS = [
  'Computer Science',
  'Mathematics',
  'Physics',
  'Economics',
  'Design',
  'Electrical Engineering',
  'Business',
];
const PLACES: { city: string; region?: string; country: string }[] = [
  { city: 'Berlin', country: 'DE' },
  { city: 'Munich', country: 'DE' },
  { city: 'London', country: 'GB' },
  { city: 'Paris', country: 'FR' },
  { city: 'Amsterdam', country: 'NL' },
  { city: 'Madrid', country: 'ES' },
  { city: 'Stockholm', country: 'SE' },
  { city: 'Warsaw', country: 'PL' },
  { city: 'Dublin', country: 'IE' },
  { city: 'New York', region: 'NY', country: 'US' },
  { city: 'San Francisco', region: 'CA', country: 'US' },
  { city: 'Austin', region: 'TX', country: 'US' },
  { city: 'Seattle', region: 'WA', country: 'US' },
  { city: 'Chicago', region: 'IL', country: 'US' },
  { city: 'Denver', region: 'CO', country: 'US' },
  { city: 'Toronto', region: 'ON', country: 'CA' },
  { city: 'Vancouver', region: 'BC', country: 'CA' },
  { city: 'Sydney', region: 'NSW', country: 'AU' },
  { city: 'Bengaluru', country: 'IN' },
  { city: 'Singapore', country: 'SG' },
  { city: 'São Paulo', region: 'SP', country: 'BR' },
  { city: 'Tokyo', country: 'JP' },
  { city: 'Tel Aviv', country: 'IL' },
  { city: 'Zurich', country: 'CH' },
];
const TAGS = [
  'silver medalist',
  'referral',
  'talent community',
  'past applicant',
  'hot',
  'relocation',
  'remote only',
];
const SOURCES = ['linkedin', 'referral', 'career_site', 'indeed', 'github', 'event', 'agency', 'gem'];
const STATUSES = [
  'new',
  'new',
  'new',
  'contacted',
  'contacted',
  'engaged',
  'interested',
  'applied',
  'screening',
  'interviewing',
  'offer',
  'hired',
  'not_interested',
  'rejected',
  'do_not_contact',
] as const;

/** A valid mobile number of the country: its example number with the last digits varied. */
function phoneFor(faker: Faker, country: string): string | null {
  const ex = getExampleNumber(country as CountryCode, examples);
  if (!ex) return null;
  const n = `${ex.number.slice(0, -3)}${faker.string.numeric(3)}`;
  return isValidPhoneNumber(n) ? n : ex.number;
}

function month(d: Date): string {
  return d.toISOString().slice(0, 7);
}

/** One generated candidate; `i` makes emails unique within a run. */
export function generateCandidate(
  faker: Faker,
  i: number,
  now = new Date('2026-11-01T00:00:00Z'),
): CreateCandidate {
  const family = faker.helpers.arrayElement(FAMILIES);
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  const place = faker.helpers.arrayElement(PLACES);
  const positions = faker.number.int({ min: 1, max: 4 });
  const work: NonNullable<CreateCandidate['work']> = [];
  let end = now;
  for (let p = 0; p < positions; p++) {
    const months = faker.number.int({ min: 8, max: 60 });
    const start = new Date(end);
    start.setUTCMonth(start.getUTCMonth() - months);
    work.push({
      title: faker.helpers.arrayElement(family.titles),
      company: faker.helpers.arrayElement(COMPANIES),
      startDate: month(start),
      ...(p === 0 ? { current: true } : { endDate: month(end) }),
    });
    end = new Date(start);
    end.setUTCMonth(end.getUTCMonth() - faker.number.int({ min: 0, max: 4 }));
  }
  const handle = `${firstName}-${lastName}-${i}`.toLowerCase().replace(/[^a-z0-9-]/g, '');
  const isEmployee = faker.datatype.boolean({ probability: 0.05 });
  const phone = phoneFor(faker, place.country);
  return {
    firstName,
    lastName,
    headline: `${work[0]!.title} at ${work[0]!.company}`,
    emails: [{ address: `${handle}@example.${faker.helpers.arrayElement(['com', 'org', 'net'])}` }],
    ...(faker.datatype.boolean({ probability: 0.6 }) && phone ? { phones: [{ number: phone }] } : {}),
    links: [{ url: `https://www.linkedin.com/in/${handle}` }],
    location: place,
    work,
    education: [
      {
        institution: faker.helpers.arrayElement(SCHOOLS),
        area: faker.helpers.arrayElement(AREAS),
        studyType: faker.helpers.arrayElement(['BSc', 'MSc', 'BA', 'PhD']),
      },
    ],
    skills: faker.helpers.arrayElements(family.skills, { min: 2, max: 6 }),
    tags: faker.helpers.arrayElements(TAGS, { min: 0, max: 2 }),
    source: faker.helpers.arrayElement(SOURCES),
    status: faker.helpers.arrayElement(STATUSES),
    ...(isEmployee
      ? {
          employee: {
            isEmployee: true,
            since: `${work.at(-1)!.startDate}-01`,
            performanceRating: faker.number.int({ min: 1, max: 5 }),
          },
        }
      : {}),
  };
}
