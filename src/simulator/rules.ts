/**
 * The provider's checks of a click-to-call request, as its documentation lists them, each
 * answering with the documented code. Where the documentation gives codes but not their order,
 * the order here is ours: credentials, then lengths, then each leg, then the options.
 */
export interface SimulatorAccount {
  userId: string;
  token: string;
  /** Agent ids that exist in the account. */
  agents: readonly string[];
  /** Group ids that exist in the account. */
  groups: readonly string[];
}

export interface ProviderRefusal {
  code: string;
  message: string;
}

const legTypes = ['Number', 'Agent', 'Group'];
const strategies = ['ONE_BY_ONE', 'TO_ALL'];
/** The v1 page's limit on comma-separated values in one leg. */
const maxValues = 5;
/** 10-digit Indian mobiles as documented, or E.164 digits without the plus (our inference). */
const callableNumber = /^(?:[6-9]\d{9}|[1-9]\d{10,14})$/;

const fault = (code: string, message: string): ProviderRefusal => ({ code, message });

function checkLeg(leg: 'from' | 'to', query: URLSearchParams, account: SimulatorAccount): ProviderRefusal | undefined {
  const isFrom = leg === 'from';
  const code = (fromCode: number) => String(isFrom ? fromCode : fromCode + 1);
  const typeName = `${leg}Type`;
  const type = query.get(typeName) ?? 'Number';
  if (type === '') return fault(isFrom ? '1502' : '1504', `${typeName} is empty`);
  if (!legTypes.includes(type)) return fault(isFrom ? '1503' : '1505', `Invalid ${isFrom ? 'From' : 'To'} Type`);

  const values = (query.get(leg) ?? '').split(',').map((value) => value.trim());
  if (values.length > maxValues) return fault(isFrom ? '1552' : '1553', `Too many values in ${leg}`);
  if (type === 'Number') {
    if (values.some((value) => !callableNumber.test(value))) return fault(code(1508), `Invalid mobile number in ${leg}`);
    if (new Set(values).size !== values.length) return fault(code(1510), `Duplicate mobile number in ${leg}`);
  } else if (type === 'Agent') {
    if (values.some((value) => !account.agents.includes(value))) return fault(code(1512), `Invalid agent id in ${leg}`);
    if (new Set(values).size !== values.length) return fault(code(1514), `Duplicate agent id in ${leg}`);
  } else {
    if (values.length > 1) return fault(code(1516), `Multiple group ids in ${leg}`);
    if (!account.groups.includes(values[0]!)) return fault(code(1518), `Invalid group id in ${leg}`);
  }

  const strategy = query.get(`${leg}Strategy`);
  if (strategy !== null && !strategies.includes(strategy)) return fault(isFrom ? '1522' : '1523', `Invalid ${leg}Strategy`);
  return undefined;
}

type IntegerCheck = { name: string; max?: number; invalid: string; negative: string; tooLarge?: string; empty?: string };

const integerChecks: IntegerCheck[] = [
  { name: 'fromRingTime', max: 50, invalid: '1524', negative: '1525', tooLarge: '1550' },
  { name: 'toRingTime', max: 50, invalid: '1526', negative: '1527', tooLarge: '1551' },
  { name: 'fromRetryCount', max: 3, invalid: '1528', negative: '1529', tooLarge: '1548' },
  { name: 'toRetryCount', max: 3, invalid: '1530', negative: '1531', tooLarge: '1549' },
  { name: 'timeLimit', invalid: '1534', negative: '1533', empty: '1532' },
];

function checkInteger(check: IntegerCheck, value: string): ProviderRefusal | undefined {
  if (value === '' && check.empty) return fault(check.empty, `${check.name} is empty`);
  if (/^-\d+$/.test(value)) return fault(check.negative, `${check.name} is negative`);
  if (!/^\d+$/.test(value) || (check.name === 'timeLimit' && Number(value) === 0)) {
    return fault(check.invalid, `Invalid ${check.name}`);
  }
  if (check.max !== undefined && Number(value) > check.max) {
    return fault(check.tooLarge!, `${check.name} is above the maximum (${check.max})`);
  }
  return undefined;
}

/**
 * The provider's verdict on a request's query: undefined when it would place the call.
 *
 * @example
 * checkProviderQuery(new URLSearchParams('user_id=1&token=t&from=98765&to=9123456780'), account); // { code: '1508', ... }
 */
export function checkProviderQuery(query: URLSearchParams, account: SimulatorAccount): ProviderRefusal | undefined {
  const userId = query.get('user_id');
  if (!userId) return fault('1002', 'UserId not provided');
  if (userId !== account.userId) return fault('1013', 'Invalid user id');
  const token = query.get('token');
  if (!token) return fault('1014', 'Token not found');
  if (token !== account.token) return fault('1020', 'Invalid token');

  for (const value of query.values()) {
    if (value.length > 50) return fault('1569', 'Value longer than 50 characters');
  }
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  if (from === '' && to === '') return fault('1521', 'from and to are empty');
  if (from === '') return fault('1506', 'from parameter not found');
  if (to === '') return fault('1507', 'to parameter not found');
  const legFault = checkLeg('from', query, account) ?? checkLeg('to', query, account);
  if (legFault) return legFault;
  if (from === to) return fault('1520', 'Same value in from and to');

  for (const check of integerChecks) {
    const value = query.get(check.name);
    if (value === null) continue;
    const integerFault = checkInteger(check, value);
    if (integerFault) return integerFault;
  }
  return undefined;
}
