import assert from 'node:assert/strict';
import { arrange, problemsFirst, sortByField } from '../../../src/cli/lists.js';
import type { Finding, Severity } from '../../../src/diagnose/finding.js';
import { topFindingCell } from '../../../src/render/findings.js';
import { table, wrapWords } from '../../../src/render/table.js';
import { findingsPhrase, listSummary, plural } from '../../../src/render/words.js';

function finding(severity: Severity, reason = 'CrashLoopBackOff', message = 'it crashes'): Finding {
  return {
    id: `${reason}@Pod/x`,
    severity,
    reason,
    message,
    evidence: [],
    hint: '',
    object: { kind: 'Pod', name: 'x' },
  };
}

const pod = (namespace: string, name: string, ...findings: Finding[]) => ({ namespace, name, findings });

describe('lists: problems first, --problems, --sort-by', () => {
  const pods = [
    pod('shop', 'web'),
    pod('shop', 'api', finding('warning')),
    pod('bank', 'zeta'),
    pod('shop', 'cache', finding('info'), finding('critical')),
    pod('bank', 'ledger', finding('critical')),
  ];

  it('puts rows with findings first, most severe first, then namespace and name', () => {
    assert.deepEqual(
      problemsFirst(pods).map((p) => `${p.namespace}/${p.name}`),
      ['bank/ledger', 'shop/cache', 'shop/api', 'bank/zeta', 'shop/web'],
    );
  });

  it('--problems hides the rows without findings', () => {
    assert.deepEqual(
      arrange(pods, { problems: true }).map((p) => p.name),
      ['ledger', 'cache', 'api'],
    );
  });

  it('--sort-by takes kubectl JSONPath-like fields, numbers as numbers, missing values last', () => {
    const rows = [
      { name: 'a', restarts: 10, resources: { cpu: 5 } },
      { name: 'b', restarts: 9 },
      { name: 'c', restarts: 100, resources: { cpu: 1 } },
    ];
    assert.deepEqual(
      sortByField(rows, '{.restarts}').map((r) => r.name),
      ['b', 'a', 'c'],
    );
    assert.deepEqual(
      sortByField(rows, '.resources.cpu').map((r) => r.name),
      ['c', 'a', 'b'],
    );
    assert.deepEqual(
      sortByField(rows, 'name').map((r) => r.name),
      ['a', 'b', 'c'],
    );
  });
});

describe('list rendering: the cause is kept at any width', () => {
  const cause = 'Container "app" keeps crashing: last exit Error (exit code 1), 14 restarts';

  it('the FINDING cell leads with the cause when STATUS already shows the reason', () => {
    const findings = [finding('critical', 'CrashLoopBackOff', cause)];
    assert.equal(topFindingCell(findings, { color: false }, 'CrashLoopBackOff'), cause);
    assert.equal(
      topFindingCell(
        [finding('critical', 'Unschedulable', 'no node fits')],
        { color: false },
        'Pending: Unschedulable',
      ),
      'no node fits',
    );
    assert.equal(topFindingCell(findings, { color: false }, 'Running'), `CrashLoopBackOff: ${cause}`);
  });

  it('wraps the last column under itself on a narrow terminal, dropping no word', () => {
    const out = table(['NAME', 'STATUS', 'FINDING'], [['api-5f6b8', 'CrashLoopBackOff', cause]], {
      color: false,
      width: 80,
    });
    const lines = out.split('\n');
    assert.ok(lines.length > 2, out);
    const column = lines[0]!.indexOf('FINDING');
    for (const line of lines.slice(2))
      assert.equal(line.slice(0, column).trim(), '', 'continuation under FINDING');
    assert.ok(
      lines.every((l) => l.length <= 80),
      out,
    );
    const text = lines
      .slice(1)
      .map((l) => l.slice(column))
      .join(' ');
    assert.equal(text, cause);
  });

  it('keeps each row on one line in a pipe, and at 200 columns', () => {
    const rows = [['api-5f6b8', 'CrashLoopBackOff', cause]];
    assert.equal(table(['NAME', 'STATUS', 'FINDING'], rows, { color: false }).split('\n').length, 2);
    assert.equal(
      table(['NAME', 'STATUS', 'FINDING'], rows, { color: false, width: 200 }).split('\n').length,
      2,
    );
  });

  it('leaves out the header row with --no-headers', () => {
    assert.equal(table(['NAME'], [['a'], ['b']], { color: false, headers: false }), 'a\nb');
  });

  it('splits a word longer than the line', () => {
    assert.deepEqual(wrapWords('see {node.kubernetes.io/unreachable: }', 12), [
      'see',
      '{node.kubern',
      'etes.io/unre',
      'achable: }',
    ]);
  });
});

describe('counting words', () => {
  it('says 1 claim, 2 claims, 1 storage class', () => {
    assert.equal(plural(1, 'claim'), '1 claim');
    assert.equal(plural(2, 'claim'), '2 claims');
    assert.equal(plural(1, 'storage class', 'storage classes'), '1 storage class');
    assert.equal(plural(0, 'service'), '0 services');
  });

  it('counts findings consistently with their severities', () => {
    assert.equal(findingsPhrase({ critical: 5, warning: 0, info: 0 }), '5 findings: 5 critical');
    assert.equal(findingsPhrase({ critical: 0, warning: 1, info: 0 }), '1 finding: 1 warning');
    assert.equal(findingsPhrase({ critical: 0, warning: 0, info: 0 }), 'no findings');
    assert.equal(
      listSummary({
        total: 1505,
        withFindings: 4,
        one: 'pod',
        where: 'all namespaces',
        counts: { critical: 5, warning: 0, info: 0 },
        shown: 4,
      }),
      '1505 pods in all namespaces, 4 with findings (5 findings: 5 critical); 1501 without findings not shown.',
    );
  });
});
