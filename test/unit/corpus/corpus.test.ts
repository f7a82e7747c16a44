// The scenario corpus (issue 18): every fault names its cause in the top finding of the right object, alone and
// inside one cluster holding the whole corpus plus a healthy namespace of 200+ objects, which yields no finding
// on any healthy object. CORPUS_REPORT=1 prints accuracy per area.

import assert from 'node:assert/strict';
import { objectKey, type Finding } from '../../../src/diagnose/finding.js';
import { findingsAbout, triage, type TriageResult } from '../../../src/areas/triage/rules.js';
import { NOW, merge, type Area, type Scenario } from './build.js';
import { SCENARIOS } from './scenarios.js';
import { HEALTHY_NAMESPACE, healthyNamespace, healthyObjectCount } from './healthy.js';

function miss(result: TriageResult, s: Scenario): string | undefined {
  const top: Finding | undefined = findingsAbout(result, s.expect.object)[0];
  if (!top) return `no finding on ${s.expect.object}`;
  if (top.reason !== s.expect.reason)
    return `top finding of ${s.expect.object} is ${top.reason}: ${top.message}`;
  if (s.expect.words && !s.expect.words.test(top.message))
    return `top finding's headline lacks ${s.expect.words}: ${top.message}`;
  if (s.root) {
    const chain = result.chains.find((c) => c.root.id === top.id || c.symptoms.some((f) => f.id === top.id));
    const root = chain?.root;
    if (!root || objectKey(root.object) !== s.root.object || root.reason !== s.root.reason)
      return `root of ${top.id} is ${root?.id ?? 'none'}, expected ${s.root.reason}@${s.root.object}`;
  }
  return undefined;
}

describe('scenario corpus: the top finding names the cause', () => {
  it('holds at least 60 faults across the five areas, each citing its source', () => {
    assert.ok(SCENARIOS.length >= 60, `${SCENARIOS.length} scenarios`);
    for (const area of ['pods', 'nodes', 'storage', 'services', 'workloads'] as Area[])
      assert.ok(
        SCENARIOS.some((s) => s.area === area),
        area,
      );
    for (const s of SCENARIOS) assert.ok(s.source.length > 10, s.id);
    assert.equal(new Set(SCENARIOS.map((s) => s.id)).size, SCENARIOS.length);
  });

  for (const s of SCENARIOS) {
    it(`${s.id}: ${s.expect.reason} on ${s.expect.object}`, () => {
      const result = triage(merge([s.lists]), NOW);
      assert.equal(miss(result, s), undefined);
    });
  }
});

describe('scenario corpus: one cluster with every fault and a healthy namespace', () => {
  const healthy = healthyNamespace();
  let result: TriageResult;
  before(() => {
    result = triage(merge([...SCENARIOS.map((s) => s.lists), healthy]), NOW);
  });

  it('the healthy namespace holds at least 200 objects', () => {
    assert.ok(healthyObjectCount(healthy) >= 200, String(healthyObjectCount(healthy)));
  });

  it('no finding on a healthy object', () => {
    const healthyKeys = new Set<string>([
      ...(healthy.nodes ?? []).map((n) => `Node/${n.metadata?.name}`),
      ...(healthy.volumes ?? []).map((v) => `PersistentVolume/${v.metadata?.name}`),
    ]);
    const onHealthy = result.findings.filter(
      (f) => f.object.namespace === HEALTHY_NAMESPACE || healthyKeys.has(objectKey(f.object)),
    );
    assert.deepEqual(
      onHealthy.map((f) => `${f.id}: ${f.message}`),
      [],
    );
  });

  it('every scenario still names its cause among all the others; accuracy per area', () => {
    const areas = new Map<Area, { total: number; hits: number; misses: string[] }>();
    for (const s of SCENARIOS) {
      const a = areas.get(s.area) ?? { total: 0, hits: 0, misses: [] };
      const m = miss(result, s);
      a.total++;
      if (m) a.misses.push(`${s.id}: ${m}`);
      else a.hits++;
      areas.set(s.area, a);
    }
    if (process.env.CORPUS_REPORT)
      for (const [area, a] of areas)
        console.log(
          `${area}: ${a.hits}/${a.total} (${Math.round((100 * a.hits) / a.total)}%)${a.misses.map((m) => `\n  miss ${m}`).join('')}`,
        );
    assert.deepEqual(
      [...areas.values()].flatMap((a) => a.misses),
      [],
    );
  });
});
