import { Metadata } from 'libphonenumber-js/max';
import type { CountryCode, NumberType } from 'libphonenumber-js/max';

/*
 * libphonenumber-js's getType(), with each country's patterns compiled once. The library builds
 * a new RegExp from the metadata's pattern text on every test (several kilobytes of text for
 * India's fixed lines), which made a number's type the largest single cost of the proxy's checks
 * under load. Same metadata, same order of tests: test/core/phone.test.ts holds this to
 * getType() for sample numbers of every country.
 */

/** The parts of the library's numbering-plan API used here (present at runtime, not in its types). */
interface NumberingPlanApi {
  nationalNumberPattern(): string;
  type(name: NumberType): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

interface CompiledType {
  name: NumberType;
  pattern: RegExp;
  lengths: readonly number[] | undefined;
}

interface CompiledPlan {
  national: RegExp;
  fixedLine: CompiledType | undefined;
  mobile: CompiledType | undefined;
  /** Without a mobile pattern (absent or empty), a fixed-line number may be a mobile too. */
  mobileUnknown: boolean;
  others: CompiledType[];
}

/** The library's order after FIXED_LINE: the first type whose pattern matches is the number's. */
const otherTypes: readonly NumberType[] = ['MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

const plans = new Map<string, CompiledPlan>();

function compile(country: CountryCode): CompiledPlan {
  const metadata = new Metadata();
  metadata.selectNumberingPlan(country);
  const plan = metadata.numberingPlan as unknown as NumberingPlanApi;
  const compileType = (name: NumberType): CompiledType | undefined => {
    const definition = plan.type(name);
    const pattern = definition?.pattern();
    if (!definition || !pattern) return undefined;
    return { name, pattern: new RegExp(`^(?:${pattern})$`), lengths: definition.possibleLengths() };
  };
  const mobile = plan.type('MOBILE');
  return {
    national: new RegExp(`^(?:${plan.nationalNumberPattern()})$`),
    fixedLine: compileType('FIXED_LINE'),
    mobile: compileType('MOBILE'),
    mobileUnknown: !mobile || mobile.pattern() === '',
    others: otherTypes.map(compileType).filter((type) => type !== undefined),
  };
}

function matches(type: CompiledType, national: string): boolean {
  return (!type.lengths || type.lengths.includes(national.length)) && type.pattern.test(national);
}

/** The number's type, as libphonenumber-js (full metadata) says; undefined means it is not a valid number. */
export function numberType(country: CountryCode, national: string): NumberType | undefined {
  let plan = plans.get(country);
  if (!plan) plans.set(country, (plan = compile(country)));
  if (!plan.national.test(national)) return undefined;
  if (plan.fixedLine && matches(plan.fixedLine, national)) {
    if (plan.mobileUnknown || (plan.mobile && matches(plan.mobile, national))) return 'FIXED_LINE_OR_MOBILE';
    return 'FIXED_LINE';
  }
  return plan.others.find((type) => matches(type, national))?.name;
}
