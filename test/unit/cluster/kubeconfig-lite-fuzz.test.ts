// Differential fuzzing of the fast kubeconfig parser against the yaml package: whenever the fast path
// answers, its answer is yaml's, and it never answers for a document yaml rejects. Seeded: the same
// documents every run.
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { parseKubeconfigLite } from '../../../src/cluster/kubeconfig-lite.js';
import { SHAPES } from './kubeconfig-shapes.js';

/** mulberry32: a small seeded generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_KEYS = [
  'name',
  'cluster',
  'user',
  'a',
  'b',
  'args',
  'env',
  'true',
  'null',
  '1',
  'x.y/z',
  '-k',
  '? k',
  '"q"',
  'a b',
  '__proto__',
  'constructor',
  'k:',
];
const ODD_SCALARS = [
  'v',
  'https://h:6443',
  '--region',
  '-',
  '- x',
  '123',
  '-1',
  '+1',
  '0x1F',
  '0o17',
  '1e3',
  '.5',
  '1.',
  '.inf',
  '-.Inf',
  '.nan',
  '~',
  'null',
  'Null',
  'NULL',
  'nUll',
  'true',
  'True',
  'TRUE',
  'tRue',
  'false',
  'yes',
  'off',
  "'q'",
  "'it''s'",
  "'a'b'",
  '"d"',
  '"e\\n"',
  '""',
  "''",
  '{}',
  '[]',
  '{ }',
  '[a]',
  '{a: b}',
  'a # c',
  'a#b',
  'a: b',
  'a:b',
  'a:',
  ':a',
  '?a',
  '&x a',
  '*x',
  '!t a',
  '|',
  '>',
  '%a',
  '@a',
  '`a',
  'a b  c',
  'Mon, 01 Jan 2024 10:00:00 UTC',
  '6dae42f8-4368',
  'a,b',
  ',a',
  '#',
  "'",
  '"',
  'a\tb',
  'é',
  '\\x',
  '---',
  '...',
  'a "b"',
  "a 'b'",
];

const GOOD_KEYS = ['name', 'cluster', 'user', 'server', 'args', 'env', 'x.y/z', 'k_1'];
const GOOD_SCALARS = [
  'v',
  'https://[::1]:6443',
  '--region',
  'a b',
  "'q'",
  '"d"',
  '{}',
  '[]',
  'null',
  'true',
  'a[b]',
  'x{y}',
  'b]',
  'LS0t+/=',
  '6dae42f8-4368',
];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

const KEYS = [...GOOD_KEYS, ...GOOD_KEYS, ...GOOD_KEYS, ...GOOD_KEYS, ...ODD_KEYS];
const SCALARS = [...GOOD_SCALARS, ...GOOD_SCALARS, ...GOOD_SCALARS, ...GOOD_SCALARS, ...ODD_SCALARS];

/** A random document from a grammar that mixes the subset with constructs outside it. */
function generate(r: () => number): string {
  const out: string[] = [];
  const node = (indent: number, depth: number, key: boolean): void => {
    const pad = ' '.repeat(indent);
    const step = pick(r, [1, 2, 2, 2, 3, 4]);
    const count = 1 + Math.floor(r() * 3);
    const asSeq = !key && r() < 0.3;
    for (let n = 0; n < count; n++) {
      if (r() < 0.04) out.push(pick(r, ['', '# c', `${pad}# c`, '   ', `${pad}  # deeper`]));
      const leaf = depth > 3 || r() < 0.5;
      if (asSeq) {
        if (leaf) out.push(`${pad}- ${pick(r, SCALARS)}`);
        else if (r() < 0.5) {
          out.push(`${pad}-`);
          node(indent + step, depth + 1, r() < 0.5);
        } else {
          out.push(`${pad}- ${pick(r, KEYS)}: ${pick(r, SCALARS)}`);
          node(indent + 2, depth + 1, true);
        }
      } else {
        const k = pick(r, KEYS);
        if (leaf)
          out.push(
            `${pad}${k}:${pick(r, [' ', '  ', ''])}${pick(r, SCALARS)}${pick(r, ['', '', '', ' ', '\t'])}`,
          );
        else {
          out.push(`${pad}${k}:`);
          const same = r() < 0.3;
          if (same) {
            out.push(`${pad}- ${pick(r, SCALARS)}`);
            if (r() < 0.5) out.push(`${pad}- ${pick(r, KEYS)}: ${pick(r, SCALARS)}`);
          } else node(indent + step, depth + 1, false);
        }
      }
      if (r() < 0.02) out.push(`${pad}${' '.repeat(1 + Math.floor(r() * 3))}${pick(r, SCALARS)}`);
    }
  };
  node(0, 0, true);
  return out.join('\n') + pick(r, ['\n', '', '\n\n']);
}

const INSERTS = [
  '\t',
  ':',
  ': ',
  '#',
  ' #',
  "'",
  '"',
  ' ',
  '  ',
  '-',
  '- ',
  '\n',
  '\n  ',
  '{',
  '[',
  '&',
  '*',
  '!',
  '|',
  '\r',
  '---\n',
  '\\',
];

function mutate(r: () => number, text: string): string {
  let s = text;
  for (let n = 1 + Math.floor(r() * 3); n > 0; n--) {
    const at = Math.floor(r() * (s.length + 1));
    const op = r();
    if (op < 0.3) s = s.slice(0, at) + pick(r, INSERTS) + s.slice(at);
    else if (op < 0.45) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 3));
    else if (op < 0.6 && at < s.length)
      s =
        s.slice(0, at) + String.fromCharCode(s.charCodeAt(at) ^ (1 << Math.floor(r() * 7))) + s.slice(at + 1);
    else {
      // Indentation change on one line.
      const lines = s.split('\n');
      const i = Math.floor(r() * lines.length);
      lines[i] = r() < 0.5 ? ` ${lines[i]}` : lines[i]!.replace(/^ /, '');
      s = lines.join('\n');
    }
  }
  return s;
}

function check(text: string, stats: { answered: number; declined: number }): void {
  const fast = parseKubeconfigLite(text);
  if (fast === undefined) {
    stats.declined++;
    return;
  }
  stats.answered++;
  const doc = parseDocument(text);
  assert.equal(doc.errors.length, 0, `fast path answered a document yaml rejects: ${JSON.stringify(text)}`);
  assert.deepStrictEqual(fast, doc.toJS(), `differs from yaml: ${JSON.stringify(text)}`);
}

describe('kubeconfig fast path: differential fuzzing against yaml', () => {
  it('agrees with yaml on 6000 generated documents, or declines', () => {
    const r = rng(16);
    const stats = { answered: 0, declined: 0 };
    for (let n = 0; n < 6000; n++) check(generate(r), stats);
    // The grammar reaches both sides: a test that only ever declined would prove nothing.
    assert.ok(stats.answered > 500, `answered only ${stats.answered}`);
    assert.ok(stats.declined > 500, `declined only ${stats.declined}`);
  });

  it('agrees with yaml on 6000 mutations of real kubeconfigs, or declines', () => {
    const r = rng(61);
    const shapes = Object.values(SHAPES);
    const stats = { answered: 0, declined: 0 };
    for (let n = 0; n < 6000; n++) check(mutate(r, pick(r, shapes)), stats);
    assert.ok(stats.answered > 500, `answered only ${stats.answered}`);
    assert.ok(stats.declined > 500, `declined only ${stats.declined}`);
  });

  it('agrees with yaml on scalars near the core schema and indicator edges, in every position', () => {
    const edges = [
      '+x',
      '.x',
      '0b101',
      '0o8',
      '1_000',
      '0X1F',
      '+.inf',
      '1:20',
      '2001-12-14',
      '=',
      '<<',
      '-.5',
      '-x',
      '--',
      '-#',
      'a\\b',
      'a"b',
      "a'b",
      'x!',
      'x&y',
      '~x',
      'nULL',
      'TRUE1',
      '0x',
      '0o',
      '.',
      '+',
      '09',
      '-0',
      '0.',
      '+0x1',
      '1e',
      'e3',
      'a ,b',
      'a ?b',
      'a : b',
      'a:  b',
      'http://x#y',
      'x  #y',
      "'a'  ",
      '"#"',
      "'#'",
      '"\'"',
      "'\"'",
      '" "',
      "'  x  '",
      '{}  ',
      '[]  ',
      'a{',
      'a}',
      'a]',
      '[a',
      'a[]',
      'a{}',
    ];
    const stats = { answered: 0, declined: 0 };
    for (const v of edges) {
      for (const text of [`k: ${v}\n`, `k:\n- ${v}\n`, `${v}: x\n`, `k:\n  ${v}\n`, `k: a\n  ${v}\n`])
        check(text, stats);
    }
    assert.ok(stats.answered > 100, `answered only ${stats.answered}`);
  });
});
