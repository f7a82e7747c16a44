// The model's text for a Service with many endpoints: ready ones counted, every other state named.

import assert from 'node:assert/strict';
import { serviceEndpointsText } from '../../../../src/areas/services/text.js';
import type { ServiceEndpointsResult } from '../../../../src/areas/services/schema.js';

function result(ready: number, notReady: number): ServiceEndpointsResult {
  const endpoint = (i: number, isReady: boolean) => ({
    addresses: [`10.0.${i >> 8}.${i & 255}`],
    ready: isReady,
    serving: isReady,
    terminating: false,
    pod: `web-${i}`,
    node: `node-${i % 7}`,
  });
  return {
    source: { kind: 'snapshot', description: 'test' },
    namespace: 'shop',
    service: 'web',
    type: 'ClusterIP',
    selector: 'app=web',
    endpoints: { source: 'EndpointSlice', total: ready + notReady, ready, notReady, terminating: 0 },
    endpointSets: [
      {
        kind: 'EndpointSlice',
        name: 'web-abc',
        addressType: 'IPv4',
        ports: [{ port: 8080, protocol: 'TCP' }],
        endpoints: Array.from({ length: ready + notReady }, (_, i) => endpoint(i, i >= notReady)),
      },
    ],
    findings: [],
  } as unknown as ServiceEndpointsResult;
}

describe('services text for models', () => {
  it('lists a few endpoints one by one', () => {
    const text = serviceEndpointsText(result(3, 1));
    assert.match(text, /^ {4}10\.0\.0\.0 not-ready pod=web-0 node=node-0$/m);
    assert.match(text, /^ {4}10\.0\.0\.3 ready serving pod=web-3 node=node-3$/m);
  });

  it('counts 1,990 ready endpoints and names the 10 not ready ones', () => {
    const text = serviceEndpointsText(result(1990, 10));
    assert.match(text, /^ {4}ready serving \(1990\): counted, not listed$/m);
    assert.match(
      text,
      /^ {4}not-ready \(10\): web-0, web-1, web-2, web-3, web-4, web-5, web-6, web-7, web-8, web-9$/m,
    );
    assert.ok(Buffer.byteLength(text) < 1024, `${Buffer.byteLength(text)} bytes`);
  });
});
