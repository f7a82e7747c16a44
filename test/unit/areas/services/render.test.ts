import assert from 'node:assert/strict';
import type { ServiceReport, ServiceSummary } from '../../../../src/areas/services/schema.js';
import { serviceTable } from '../../../../src/areas/services/table.js';
import { portsText, serviceReportText } from '../../../../src/areas/services/text.js';

const plain = { color: false };

function summary(name: string, extra: Partial<ServiceSummary> = {}): ServiceSummary {
  return {
    namespace: 'shop',
    name,
    type: 'ClusterIP',
    clusterIP: '10.96.0.10',
    selector: 'app=web',
    ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    endpoints: { source: 'EndpointSlice', total: 2, ready: 1, notReady: 1, terminating: 0 },
    pods: { matching: 2, ready: 1 },
    loadBalancerIngress: [],
    createdAt: '2026-11-25T11:00:00Z',
    findings: [],
    ...extra,
  };
}

function report(services: ServiceSummary[]): ServiceReport {
  return {
    source: { kind: 'live', description: 'context "test"', observedAt: '2026-11-25T12:00:00Z' },
    scope: { namespace: 'shop', allNamespaces: false },
    totalServices: services.length,
    servicesWithFindings: services.filter((s) => s.findings.length).length,
    counts: { critical: 0, warning: 1, info: 0 },
    services,
  };
}

describe('service renderers', () => {
  it('prints ports with their target and node port like kubectl', () => {
    assert.equal(
      portsText([
        { port: 80, targetPort: 'http', protocol: 'TCP' },
        { port: 443, targetPort: 8443, protocol: 'TCP', nodePort: 30443 },
      ]),
      '80→http/TCP,443→8443:30443/TCP',
    );
    assert.equal(portsText([]), '<none>');
  });

  it('shows READY / NOT-READY counts and dashes for an ExternalName Service', () => {
    const warning = {
      id: 'SomeEndpointsNotReady@Service/shop/web',
      severity: 'warning' as const,
      reason: 'SomeEndpointsNotReady',
      object: { kind: 'Service', namespace: 'shop', name: 'web' },
      message: '1 of 2 endpoints are not ready: traffic goes to the other 1',
      evidence: [],
      hint: '',
    };
    const text = serviceTable(
      report([
        summary('web', { findings: [warning] }),
        summary('payments', { type: 'ExternalName', externalName: 'pay.example.com', selector: '' }),
      ]),
      true,
      plain,
    );
    assert.match(
      text,
      /^NAME\s+TYPE\s+SELECTOR\s+PORTS\s+READY\s+NOT-READY\s+PODS\s+CLUSTER-IP\s+EXTERNAL\s+AGE\s+FINDING$/m,
    );
    assert.match(
      text,
      /^web\s+ClusterIP\s+app=web\s+80→8080\/TCP\s+1\s+1\s+1\/2\s+10\.96\.0\.10\s+<none>\s+60m\s+SomeEndpointsNotReady: 1 of 2/m,
    );
    assert.match(
      text,
      /^payments\s+ExternalName\s+<none>\s+80→8080\/TCP\s+-\s+-\s+-\s+10\.96\.0\.10\s+pay\.example\.com\s/m,
    );
    assert.match(text, /^2 services in namespace shop, 1 with findings \(1 finding: 1 warning\)\.$/m);
  });

  it('says so when there are no Services, naming the label filter', () => {
    const empty = { ...report([]), scope: { namespace: 'shop', allNamespaces: false, selector: 'tier=web' } };
    assert.equal(serviceTable(empty, false, plain), 'No services in namespace shop labelled tier=web.');
    assert.match(
      serviceReportText(empty),
      /0 services in namespace shop, services labelled tier=web; .*\nNo services found\.$/s,
    );
  });
});
