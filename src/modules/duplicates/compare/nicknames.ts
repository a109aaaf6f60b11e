import { squash } from './text.ts';

/**
 * Given names that stand for the same person: each line is a group, the formal name first. A name may be in
 * several groups ("alex": Alexander and Alexandra). Compact on purpose: the common English diminutives plus
 * frequent cross-language forms; admins extend it per workspace through the rules (`nicknames`).
 */
const GROUPS = `
abigail abby abbie gail
albert al bert bertie
alexander alex alec alexei sasha sandy xander
alexandra alex alexa sandra sasha sandy lexi
alfred al alf alfie fred
andrew andy drew andre andreas
anthony tony antonio anton
barbara barb babs barbie
benjamin ben benny benji
bernard bernie
catherine cathy cate kate katie kathy katherine kathryn caitlin kat katya ekaterina
charles charlie chuck chas carl karl carlos
charlotte charlie lottie
christina chris chrissy tina kristina christine kristen kirsten
christopher chris kit topher christoph kristof
daniel dan danny
david dave davey
deborah debbie deb debra
donald don donnie
dorothy dot dottie dolly
edward ed eddie ted teddy ned eduardo
elizabeth liz lizzie beth betty bess bessie eliza elisabeth lisa libby elsie isabel ellie
eleanor ellie nell nora elle
emily em emmy millie
frances fran fanny frankie
francis frank frankie francisco paco
frederick fred freddie fritz
gabriel gabe gabby
gabrielle gabby gaby
gregory greg
harold harry hal
henry harry hank hal enrique heinrich
isabella bella izzy isabel
jacob jake jack jakob
james jim jimmy jamie jimbo diego
janet jan jenny
jennifer jen jenny jenn
jessica jess jessie
john jack johnny jon jonathan juan johann hans ian ivan sean
joseph joe joey jose giuseppe
joshua josh
judith judy
katherine kate katie kathy kat kathryn kit
kenneth ken kenny
lawrence larry laurie
leonard leo len lenny
louis lou louie luis ludwig
margaret maggie meg peggy marge margie greta rita daisy
matthew matt matty mateo matthias
michael mike mikey mick mickey mitch miguel michel mikhail
nathaniel nate nathan nat
nicholas nick nicky nico klaus nicolas
patricia pat patty trish tricia
patrick pat paddy rick
peter pete pedro pierre piotr
philip phil pip felipe
rebecca becky becca
richard rick ricky dick rich richie ricardo
robert rob robbie bob bobby bert roberto
ronald ron ronnie
samuel sam sammy
samantha sam sammy
sarah sara sally sadie
stephen steve stevie steven stefan esteban
susan sue susie suzanne
theodore ted teddy theo
thomas tom tommy thom tomas
timothy tim timmy
victoria vicky tori
william will bill billy willy liam wilhelm guillermo
zachary zach zack
`;

const groupsByName = new Map<string, number[]>();
const heads: string[] = [];
GROUPS.trim()
  .split('\n')
  .forEach((line, g) => {
    const names = line.trim().split(/\s+/);
    heads.push(names[0]!);
    for (const n of names) {
      const list = groupsByName.get(n) ?? [];
      if (!list.includes(g)) list.push(g);
      groupsByName.set(n, list);
    }
  });

/** Whether two given names are known forms of one name (Bob and Robert, Liz and Elizabeth). */
export function sameNickname(a: string, b: string, extra: readonly string[][] = []): boolean {
  const x = squash(a);
  const y = squash(b);
  if (!x || !y || x === y) return false;
  const gx = groupsByName.get(x);
  const gy = groupsByName.get(y);
  if (gx && gy && gx.some((g) => gy.includes(g))) return true;
  return extra.some((group) => group.includes(x) && group.includes(y));
}

/** The formal name a given name stands for (its first group's head), for blocking keys; itself otherwise. */
export function canonicalGivenName(name: string): string {
  const x = squash(name);
  const g = groupsByName.get(x);
  if (!g) return x;
  return heads[g[0]!]!;
}
