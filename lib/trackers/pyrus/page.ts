import type { TrackerPage } from '../definition';
import { everyParamName } from '../param-names';

/** Settings of a register link that change how it looks, not which tasks it holds. */
const registerViewSettings: ReadonlySet<string> = new Set(['ao', 'tz', 'sm', 'fd', 'fo']);

/**
 * Pyrus keeps the task id in the hash: `https://pyrus.com/t#id12345`; an on-premise Pyrus the same on its own host
 * (`https://<host>/t#id12345`), once that host is configured.
 */
export const page: TrackerPage = {
  hosts: ['pyrus.com'],
  appPath: '/t*',
  parse(url) {
    if (url.pathname !== '/t') return undefined;
    const match = /^#id(\d+)(?:\D|$)/.exec(url.hash);
    return match?.[1] ? { kind: 'task', id: match[1], host: url.host } : undefined;
  },
  taskUrl: (typed) => (/^\d{1,12}$/.test(typed) ? `https://pyrus.com/t#id${typed}` : undefined),
  /**
   * A form's register at `/t#rg<form id>`, its view settings after a `?` (`ao`, `tz`, `sm`, `fd`, `fo`, as public
   * code builds and records these links): the tasks of the form, `GET forms/{id}/register`. Any other setting may
   * narrow the register to fewer tasks than the API's whole register, so such a page is not taken.
   */
  parseList(url) {
    if (url.pathname !== '/t') return undefined;
    const match = /^#rg(\d{1,12})(?:\?(.*))?$/.exec(url.hash);
    if (!match?.[1]) return undefined;
    if (!everyParamName(new URLSearchParams(match[2] ?? ''), (name) => registerViewSettings.has(name))) {
      return undefined;
    }
    return { kind: 'list', list: 'register', id: match[1], host: url.host };
  },
  listExamples: [
    { url: 'https://pyrus.com/t#rg1330902', expected: { kind: 'list', list: 'register', id: '1330902' } },
    {
      url: 'https://pyrus.com/t#rg1330902?ao=true&tz=300&sm=0&fd=false',
      expected: { kind: 'list', list: 'register', id: '1330902' },
    },
    { url: 'https://pyrus.com/t#rg1330902?ao=true&tz=300&tst55=5&fo=false&sm=0&fd=false', expected: undefined },
    { url: 'https://pyrus.com/t#id1330902', expected: undefined },
    { url: 'https://pyrus.com/t#rgx', expected: undefined },
    { url: 'https://pyrus.com/rg#rg1330902', expected: undefined },
  ],
  examples: [
    { url: 'https://pyrus.com/t#id12345', expected: { kind: 'task', id: '12345' } },
    { url: 'https://pyrus.com/t#id98765432/c3', expected: { kind: 'task', id: '98765432' } },
    { url: 'https://pyrus.com.evil.test/t#id1001', expected: undefined },
    { url: 'https://acme.worksection.com/t?x#id1001', expected: undefined },
    { url: 'https://pyrus.com/t#inbox', expected: undefined },
    { url: 'https://pyrus.com/t#idea', expected: undefined },
    { url: 'https://pyrus.com/', expected: undefined },
    { url: 'https://pyrus.com/en/help/api', expected: undefined },
  ],
};
