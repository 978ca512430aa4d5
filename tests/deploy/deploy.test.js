// deploy_test: every overlay of deploy/k8s renders, every object validates
// against its schema, and the rendered manifests keep the deployment rules
// (docs/OPERATIONS.md, DESIGN.md). Run by tests/deploy/deploy_test.sh.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { ROOT, overlays, render, renderText, validateSchema } = require('./render');
const { allowedEdges, labelsMatch } = require('./netpol');

const SERVICES = ['content', 'citation', 'review', 'answer'];
// DESIGN.md: "The arrows are the only allowed calls."
const CALL_GRAPH = ['answer -> content', 'answer -> citation', 'answer -> review',
  'citation -> content', 'citation -> review'];
// Secrets an overlay may reference without rendering them: made by hand or by
// an operator (docs/OPERATIONS.md lists how).
const EXTERNAL_SECRETS = {
  dev: ['medbrief-tls'],  // tools/dev-tls.sh
  prod: ['medbrief-jwt', 'medbrief-tls', 'medbrief-backup-s3', 'medbrief-db-app'],
};
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

const rendered = {};
for (const overlay of overlays()) rendered[overlay] = render(`overlays/${overlay}`);

const ofKind = (objects, kind) => objects.filter((o) => o.kind === kind);
const named = (objects, kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const podSpec = (w) => (w.kind === 'CronJob' ? w.spec.jobTemplate.spec.template : w.spec.template);
const workloads = (objects) => objects.filter((o) => WORKLOAD_KINDS.includes(o.kind));
const isService = (w) => w.kind === 'Deployment' && SERVICES.includes(w.metadata.name);
const allContainers = (spec) => [...(spec.initContainers || []), ...spec.containers];
const portOf = (address) => Number(/:(\d+)$/.exec(address || '')?.[1]);
const isLoopback = (address) => /^(127\.|localhost:|\[::1\]:)/.test(address || '');

// The environment a container sees: its ConfigMaps (envFrom), then env.
function environment(objects, container) {
  const env = {};
  for (const from of container.envFrom || []) {
    if (from.configMapRef) {
      const cm = named(objects, 'ConfigMap', from.configMapRef.name);
      assert.ok(cm, `ConfigMap ${from.configMapRef.name} is not rendered`);
      Object.assign(env, cm.data || {});
    }
  }
  for (const e of container.env || []) env[e.name] = e.value !== undefined ? e.value : { valueFrom: e.valueFrom };
  return env;
}

test('the overlays are dev and prod', () => {
  assert.deepEqual(Object.keys(rendered), ['dev', 'prod']);
});

for (const [overlay, objects] of Object.entries(rendered)) {
  const kubectl = process.env.MEDBRIEF_DEPLOY_KUBECTL;
  if (kubectl) {
    test(`${overlay}: kubectl kustomize renders it exactly as the pinned kustomize`, () => {
      assert.equal(renderText(`overlays/${overlay}`, kubectl), renderText(`overlays/${overlay}`));
    });
  }

  test(`${overlay}: every object validates against its schema`, () => {
    assert.ok(objects.length > 0);
    const errors = [];
    for (const object of objects) {
      try {
        validateSchema(object);
      } catch (error) {
        errors.push(error.message);
      }
    }
    assert.deepEqual(errors, []);
  });

  test(`${overlay}: the four services, each with Deployment, Service, ServiceAccount, PDB`, () => {
    for (const name of SERVICES) {
      for (const kind of ['Deployment', 'Service', 'ServiceAccount', 'PodDisruptionBudget']) {
        assert.ok(named(objects, kind, name), `${kind} ${name} missing`);
      }
      assert.equal(podSpec(named(objects, 'Deployment', name)).spec.serviceAccountName, name);
    }
    for (const name of ['answer', 'content']) {
      const hpa = named(objects, 'HorizontalPodAutoscaler', name);
      assert.ok(hpa, `HorizontalPodAutoscaler ${name} missing`);
      assert.equal(hpa.spec.scaleTargetRef.name, name);
    }
  });

  test(`${overlay}: every container is non-root, read-only, unprivileged, with requests and limits`, () => {
    const problems = [];
    for (const w of workloads(objects)) {
      const spec = podSpec(w).spec;
      const pod = spec.securityContext || {};
      if (!pod.seccompProfile || pod.seccompProfile.type !== 'RuntimeDefault') problems.push(`${w.metadata.name}: pod seccompProfile`);
      if (spec.hostNetwork || spec.hostPID || spec.hostIPC) problems.push(`${w.metadata.name}: host namespaces`);
      for (const c of allContainers(spec)) {
        const id = `${w.metadata.name}/${c.name}`;
        const sc = c.securityContext || {};
        const nonRoot = sc.runAsNonRoot !== undefined ? sc.runAsNonRoot : pod.runAsNonRoot;
        const uid = sc.runAsUser !== undefined ? sc.runAsUser : pod.runAsUser;
        if (nonRoot !== true) problems.push(`${id}: runAsNonRoot`);
        if (uid === 0) problems.push(`${id}: runAsUser 0`);
        if (sc.readOnlyRootFilesystem !== true) problems.push(`${id}: readOnlyRootFilesystem`);
        if (sc.allowPrivilegeEscalation !== false) problems.push(`${id}: allowPrivilegeEscalation`);
        if (sc.privileged) problems.push(`${id}: privileged`);
        if (!(sc.capabilities && (sc.capabilities.drop || []).includes('ALL'))) problems.push(`${id}: capabilities drop ALL`);
        if ((sc.capabilities && sc.capabilities.add || []).length) problems.push(`${id}: capabilities added`);
        const seccomp = sc.seccompProfile || pod.seccompProfile;
        if (!seccomp || seccomp.type !== 'RuntimeDefault') problems.push(`${id}: seccompProfile`);
        for (const kind of ['requests', 'limits']) {
          for (const resource of ['cpu', 'memory']) {
            if (!(c.resources && c.resources[kind] && c.resources[kind][resource])) problems.push(`${id}: ${kind}.${resource}`);
          }
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  test(`${overlay}: images are pinned (a tag other than latest, or a digest)`, () => {
    for (const w of workloads(objects)) {
      for (const c of allContainers(podSpec(w).spec)) {
        const image = c.image;
        const digest = image.includes('@sha256:');
        const tag = image.slice(image.lastIndexOf('/') + 1).split(':')[1];
        assert.ok(digest || (tag && tag !== 'latest'), `${w.metadata.name}/${c.name}: image ${image}`);
      }
    }
    for (const c of ofKind(objects, 'Cluster')) {
      assert.match(c.spec.imageName, /:(?!latest$)[^:/]+$/, `Cluster ${c.metadata.name}: imageName`);
    }
  });

  test(`${overlay}: services listen where their containerPort and Service point; probes ask the declared health port`, () => {
    for (const name of SERVICES) {
      const deployment = named(objects, 'Deployment', name);
      const spec = podSpec(deployment).spec;
      assert.equal(spec.containers.length, 1, `${name}: one container`);
      const c = spec.containers[0];
      assert.deepEqual(c.args, [name], `${name}: the entrypoint's service argument`);
      const env = environment(objects, c);
      const listen = /^0\.0\.0\.0:(\d+)$/.exec(env.MEDBRIEF_LISTEN || '');
      assert.ok(listen, `${name}: MEDBRIEF_LISTEN=${env.MEDBRIEF_LISTEN}`);
      const port = Number(listen[1]);
      assert.ok(c.ports.some((p) => p.containerPort === port), `${name}: containerPort ${port}`);
      // The probes cannot do TLS or client certificates: they ask the
      // plaintext health-only port, which must be declared on the container.
      const health = /^0\.0\.0\.0:(\d+)$/.exec(env.MEDBRIEF_HEALTH_LISTEN || '');
      assert.ok(health, `${name}: MEDBRIEF_HEALTH_LISTEN=${env.MEDBRIEF_HEALTH_LISTEN}`);
      const healthPort = Number(health[1]);
      assert.notEqual(healthPort, port, `${name}: the health port is not the gRPC port`);
      assert.notEqual(healthPort, portOf(env.MEDBRIEF_METRICS_LISTEN), `${name}: the health port is not the metrics port`);
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        assert.ok(c[probe] && c[probe].grpc, `${name}: ${probe} must be a native gRPC probe`);
        const target = c[probe].grpc.port;
        const declared = (c.ports || []).find((p) => p.containerPort === target && (p.protocol || 'TCP') === 'TCP');
        assert.ok(declared, `${name}: ${probe} port ${target} is not a declared containerPort`);
        assert.equal(target, healthPort, `${name}: ${probe} must ask the health port ${healthPort}`);
      }
      const service = named(objects, 'Service', name);
      assert.ok(service.spec.ports.some((p) => p.port === port), `${name}: Service port ${port}`);
      if (env.MEDBRIEF_METRICS_LISTEN) {
        const metrics = Number(env.MEDBRIEF_METRICS_LISTEN.split(':').pop());
        const annotations = podSpec(deployment).metadata.annotations || {};
        assert.equal(annotations['prometheus.io/scrape'], 'true', `${name}: prometheus.io/scrape`);
        assert.equal(annotations['prometheus.io/port'], String(metrics), `${name}: prometheus.io/port`);
        assert.equal(annotations['prometheus.io/path'], '/metrics', `${name}: prometheus.io/path`);
        assert.ok(c.ports.some((p) => p.containerPort === metrics), `${name}: metrics containerPort`);
      }
    }
  });

  test(`${overlay}: every Service port reaches a containerPort of the pods it selects`, () => {
    for (const service of ofKind(objects, 'Service')) {
      const pods = workloads(objects).filter((w) =>
        w.metadata.namespace === service.metadata.namespace &&
        labelsMatch({ matchLabels: service.spec.selector }, podSpec(w).metadata.labels || {}));
      assert.ok(pods.length > 0, `Service ${service.metadata.name} selects no pods`);
      for (const p of service.spec.ports) {
        const target = p.targetPort !== undefined ? p.targetPort : p.port;
        for (const w of pods) {
          const ports = podSpec(w).spec.containers.flatMap((c) => c.ports || []);
          const hit = ports.some((cp) => (typeof target === 'number' ? cp.containerPort === target : cp.name === target) &&
            (cp.protocol || 'TCP') === (p.protocol || 'TCP'));
          assert.ok(hit, `Service ${service.metadata.name} port ${p.port} -> ${target}: no such containerPort in ${w.metadata.name}`);
        }
      }
    }
  });

  test(`${overlay}: the upstream addresses are exactly the call graph, each a rendered Service`, () => {
    const edges = [];
    for (const name of SERVICES) {
      const env = environment(objects, podSpec(named(objects, 'Deployment', name)).spec.containers[0]);
      for (const upstream of ['content', 'citation', 'review', 'answer']) {
        const address = env[`MEDBRIEF_${upstream.toUpperCase()}_ADDR`];
        if (address === undefined) continue;
        edges.push(`${name} -> ${upstream}`);
        const [host, port] = address.split(':');
        const service = named(objects, 'Service', host.split('.')[0]);
        assert.ok(service, `${name}: ${address} names no Service`);
        assert.equal(service.metadata.name, upstream, `${name}: ${address} is not the ${upstream} Service`);
        assert.ok(service.spec.ports.some((p) => p.port === Number(port)), `${name}: ${address}: no such Service port`);
      }
    }
    assert.deepEqual(edges.sort(), [...CALL_GRAPH].sort());
  });

  test(`${overlay}: every referenced ConfigMap and Secret exists or is documented as external`, () => {
    const external = EXTERNAL_SECRETS[overlay];
    assert.ok(external, `no EXTERNAL_SECRETS entry for overlay ${overlay}`);
    for (const w of workloads(objects)) {
      const spec = podSpec(w).spec;
      const secrets = new Set();
      const configMaps = new Set();
      for (const v of spec.volumes || []) {
        if (v.secret) secrets.add(v.secret.secretName);
        if (v.configMap) configMaps.add(v.configMap.name);
      }
      for (const c of allContainers(spec)) {
        for (const from of c.envFrom || []) {
          if (from.secretRef) secrets.add(from.secretRef.name);
          if (from.configMapRef) configMaps.add(from.configMapRef.name);
        }
        for (const e of c.env || []) {
          if (e.valueFrom && e.valueFrom.secretKeyRef) secrets.add(e.valueFrom.secretKeyRef.name);
          if (e.valueFrom && e.valueFrom.configMapKeyRef) configMaps.add(e.valueFrom.configMapKeyRef.name);
        }
      }
      for (const name of configMaps) assert.ok(named(objects, 'ConfigMap', name), `${w.metadata.name}: ConfigMap ${name}`);
      for (const name of secrets) {
        assert.ok(named(objects, 'Secret', name) || external.includes(name), `${w.metadata.name}: Secret ${name} neither rendered nor external`);
      }
    }
  });

  // The binary refuses to start (exit 2) with jwt, no TLS and a non-loopback
  // listen address: bearer tokens never travel in plaintext. An overlay that
  // renders that combination crash-loops.
  test(`${overlay}: no service would carry bearer tokens in plaintext (jwt needs TLS off loopback)`, () => {
    for (const name of SERVICES) {
      const spec = podSpec(named(objects, 'Deployment', name)).spec;
      const c = spec.containers[0];
      const env = environment(objects, c);
      const auth = env.MEDBRIEF_AUTH === undefined ? 'jwt' : env.MEDBRIEF_AUTH;  // the binary's default
      const tls = env.MEDBRIEF_TLS_CERT !== undefined;
      assert.equal(env.MEDBRIEF_TLS_KEY !== undefined, tls, `${name}: MEDBRIEF_TLS_CERT and MEDBRIEF_TLS_KEY go together`);
      if (auth === 'jwt' && !tls) {
        assert.ok(isLoopback(env.MEDBRIEF_LISTEN), `${name}: MEDBRIEF_AUTH=jwt without TLS on MEDBRIEF_LISTEN=${env.MEDBRIEF_LISTEN}: the service refuses to start`);
        for (const upstream of ['CONTENT', 'CITATION', 'REVIEW']) {
          const address = env[`MEDBRIEF_${upstream}_ADDR`];
          if (address !== undefined) assert.ok(isLoopback(address), `${name}: jwt without TLS to ${address}`);
        }
      }
      if (!tls) continue;
      for (const key of ['MEDBRIEF_TLS_CERT', 'MEDBRIEF_TLS_KEY', 'MEDBRIEF_TLS_CA']) {
        const file = env[key];
        if (file === undefined) continue;
        assert.equal(typeof file, 'string', `${name}: ${key}`);
        const mount = (c.volumeMounts || []).find((m) => file.startsWith(`${m.mountPath}/`));
        assert.ok(mount, `${name}: ${key}=${file} is on no mounted volume`);
        const volume = spec.volumes.find((v) => v.name === mount.name);
        assert.ok(volume && volume.secret, `${name}: ${key} comes from a Secret volume`);
      }
    }
  });

  test(`${overlay}: MEDBRIEF_AUTH is jwt or off${overlay === 'prod' ? ', and jwt in prod' : ''}`, () => {
    const allowed = overlay === 'prod' ? ['jwt'] : ['jwt', 'off'];
    for (const cm of ofKind(objects, 'ConfigMap')) {
      if ('MEDBRIEF_AUTH' in (cm.data || {})) assert.ok(allowed.includes(cm.data.MEDBRIEF_AUTH), `ConfigMap ${cm.metadata.name}`);
    }
    for (const name of SERVICES) {
      const c = podSpec(named(objects, 'Deployment', name)).spec.containers[0];
      const env = environment(objects, c);
      // The binary's default is jwt: unset is jwt.
      assert.ok(allowed.includes(env.MEDBRIEF_AUTH === undefined ? 'jwt' : env.MEDBRIEF_AUTH), `${name}: MEDBRIEF_AUTH=${env.MEDBRIEF_AUTH}`);
      assert.ok(!(c.args || []).some((a) => a.startsWith('--auth')), `${name}: --auth on the command line`);
      assert.ok(env.MEDBRIEF_JWT_KEY && env.MEDBRIEF_JWT_KEY.valueFrom && env.MEDBRIEF_JWT_KEY.valueFrom.secretKeyRef,
        `${name}: MEDBRIEF_JWT_KEY from a Secret`);
      assert.ok(env.MEDBRIEF_DB_DSN && env.MEDBRIEF_DB_DSN.valueFrom && env.MEDBRIEF_DB_DSN.valueFrom.secretKeyRef,
        `${name}: MEDBRIEF_DB_DSN from a Secret`);
    }
  });
}

test('dev: PostgreSQL is one StatefulSet on a PVC, labelled as the network policies expect', () => {
  const objects = rendered.dev;
  const statefulSets = ofKind(objects, 'StatefulSet');
  assert.equal(statefulSets.length, 1);
  const pg = statefulSets[0];
  assert.equal(pg.spec.replicas, 1);
  assert.ok((pg.spec.volumeClaimTemplates || []).length > 0, 'a volumeClaimTemplate');
  assert.equal(podSpec(pg).metadata.labels['medbrief.io/role'], 'database');
});

test('prod: PostgreSQL is a 3-instance CloudNativePG Cluster with backups, and the services use its app Secret', () => {
  const objects = rendered.prod;
  const clusters = ofKind(objects, 'Cluster');
  assert.equal(clusters.length, 1);
  const cluster = clusters[0];
  assert.equal(cluster.apiVersion, 'postgresql.cnpg.io/v1');
  assert.equal(cluster.spec.instances, 3);
  assert.ok(cluster.spec.backup && cluster.spec.backup.barmanObjectStore && cluster.spec.backup.barmanObjectStore.destinationPath,
    'backup.barmanObjectStore.destinationPath');
  const scheduled = ofKind(objects, 'ScheduledBackup');
  assert.ok(scheduled.some((b) => b.spec.cluster.name === cluster.metadata.name), 'a ScheduledBackup of the cluster');
  assert.equal(ofKind(objects, 'StatefulSet').length, 0, 'no hand-made PostgreSQL in prod');
  assert.equal(cluster.spec.inheritedMetadata.labels['medbrief.io/role'], 'database');
  for (const name of SERVICES) {
    const env = environment(objects, podSpec(named(objects, 'Deployment', name)).spec.containers[0]);
    assert.equal(env.MEDBRIEF_DB_DSN.valueFrom.secretKeyRef.name, `${cluster.metadata.name}-app`, `${name}: the operator's app Secret`);
    assert.equal(env.MEDBRIEF_DB_DSN.valueFrom.secretKeyRef.key, 'uri');
  }
});

test('prod: services scaled out, spread over nodes, with TLS files mounted', () => {
  const objects = rendered.prod;
  for (const name of SERVICES) {
    const deployment = named(objects, 'Deployment', name);
    const hpa = named(objects, 'HorizontalPodAutoscaler', name);
    const replicas = hpa ? hpa.spec.minReplicas : deployment.spec.replicas;
    assert.ok(replicas >= 2, `${name}: ${replicas} replica(s)`);
    const spec = podSpec(deployment).spec;
    const terms = (((spec.affinity || {}).podAntiAffinity || {}).preferredDuringSchedulingIgnoredDuringExecution || []);
    assert.ok(terms.some((t) => t.podAffinityTerm.topologyKey === 'kubernetes.io/hostname' &&
      labelsMatch(t.podAffinityTerm.labelSelector, podSpec(deployment).metadata.labels)), `${name}: anti-affinity by hostname`);
    const c = spec.containers[0];
    const env = environment(objects, c);
    for (const key of ['MEDBRIEF_TLS_CERT', 'MEDBRIEF_TLS_KEY', 'MEDBRIEF_TLS_CA']) {
      const file = env[key];
      assert.equal(typeof file, 'string', `${name}: ${key}`);
      const mount = (c.volumeMounts || []).find((m) => file.startsWith(`${m.mountPath}/`));
      assert.ok(mount, `${name}: ${key}=${file} is on no mounted volume`);
      const volume = spec.volumes.find((v) => v.name === mount.name);
      assert.ok(volume && volume.secret, `${name}: ${key} comes from a Secret volume`);
    }
  }
});

// The connections the prod NetworkPolicies allow, among the service pods, the
// database, and the peers around them, compared with the expected set: a
// missing or an extra edge fails.
test('prod: the network policies allow exactly the call graph, PostgreSQL, DNS, gateway and metrics', () => {
  const objects = rendered.prod;
  const policies = ofKind(objects, 'NetworkPolicy');
  assert.ok(policies.length > 0, 'prod renders no NetworkPolicy');
  const namespace = named(objects, 'Deployment', 'answer').metadata.namespace;
  // A default deny that covers every medbrief Deployment, so a service added
  // later starts closed rather than open.
  const denyAll = policies.filter((p) => !p.spec.ingress && !p.spec.egress &&
    ['Ingress', 'Egress'].every((t) => (p.spec.policyTypes || []).includes(t)));
  for (const w of ofKind(objects, 'Deployment')) {
    assert.ok(denyAll.some((p) => p.metadata.namespace === w.metadata.namespace && labelsMatch(p.spec.podSelector, podSpec(w).metadata.labels)),
      `${w.metadata.name}: no default-deny NetworkPolicy selects its pods`);
  }
  const endpoints = [];
  for (const name of SERVICES) {
    const template = podSpec(named(objects, 'Deployment', name));
    endpoints.push({
      name, namespace, labels: template.metadata.labels,
      ports: template.spec.containers.flatMap((c) => c.ports).map((p) => ({ name: p.name, number: p.containerPort })),
    });
  }
  const cluster = ofKind(objects, 'Cluster')[0];
  endpoints.push({
    name: 'postgres', namespace,
    labels: { ...cluster.spec.inheritedMetadata.labels, 'cnpg.io/cluster': cluster.metadata.name },
    ports: [{ name: 'postgresql', number: 5432 }],
  });
  endpoints.push(
    { name: 'gateway', namespace: 'gateway', labels: { 'app.kubernetes.io/name': 'gateway' } },
    { name: 'dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
    { name: 'prometheus', namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } },
    // Anything else: another pod of the namespace, a pod elsewhere, a look-alike
    // gateway in the wrong namespace, and an address outside the cluster.
    { name: 'other-pod', namespace, labels: { 'app.kubernetes.io/name': 'debug' } },
    { name: 'other-namespace', namespace: 'default', labels: { 'app.kubernetes.io/name': 'answer' } },
    { name: 'fake-gateway', namespace: 'default', labels: { 'app.kubernetes.io/name': 'gateway' } },
    { name: 'internet', namespace: null, labels: {} },
  );
  // 8081: the plaintext health port, for the kubelet only (its probes are
  // not subject to NetworkPolicy): no pod may reach it.
  const probePorts = [...new Set([53, 80, 443, 5432, 8081, 9090, 50051, 50052, 50053, 50054])]
    .flatMap((port) => [{ port, protocol: 'TCP' }, { port, protocol: 'UDP' }]);
  const servicePort = Object.fromEntries(SERVICES.map((s) =>
    [s, Number(/:(\d+)$/.exec(environment(objects, podSpec(named(objects, 'Deployment', s)).spec.containers[0]).MEDBRIEF_LISTEN)[1])]));

  const expected = new Set();
  for (const edge of CALL_GRAPH) {
    const [from, to] = edge.split(' -> ');
    expected.add(`${from} -> ${to}:${servicePort[to]}/TCP`);
  }
  for (const s of SERVICES) {
    expected.add(`${s} -> postgres:5432/TCP`);
    expected.add(`${s} -> dns:53/UDP`);
    expected.add(`${s} -> dns:53/TCP`);
    expected.add(`prometheus -> ${s}:9090/TCP`);
  }
  expected.add(`gateway -> answer:${servicePort.answer}/TCP`);

  const from = (edge) => edge.split(' -> ')[0];
  const to = (edge) => edge.split(' -> ')[1].split(':')[0];
  const compare = (sides, keep) => {
    const actual = [...allowedEdges(policies, endpoints, probePorts, sides)].filter(keep);
    const wanted = [...expected].filter(keep);
    return {
      missing: wanted.filter((e) => !actual.includes(e)).sort(),
      extra: actual.filter((e) => !wanted.includes(e)).sort(),
    };
  };
  const none = { missing: [], extra: [] };
  // What can really connect, and each side on its own: a rule that only the
  // other side's policy blocks today is still a hole waiting to open.
  assert.deepEqual(compare('both', (e) => SERVICES.includes(from(e)) || SERVICES.includes(to(e))), none, 'connections');
  assert.deepEqual(compare('egress', (e) => SERVICES.includes(from(e))), none, 'egress of the service pods');
  assert.deepEqual(compare('ingress', (e) => SERVICES.includes(to(e))), none, 'ingress of the service pods');
});

// The dev overlay's TLS Secret is not in the repository: tools/dev-tls.sh
// makes it. It must fit what components/tls mounts and what the services'
// addresses name.
test('dev: tools/dev-tls.sh makes the Secret medbrief-tls the dev pods mount', () => {
  const { execFileSync } = require('node:child_process');
  const os = require('node:os');
  const objects = rendered.dev;
  const namespace = named(objects, 'Deployment', 'content').metadata.namespace;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medbrief-dev-tls-'));
  try {
    execFileSync('bash', [path.join(ROOT, 'tools', 'dev-tls.sh'), dir, namespace], { stdio: ['ignore', 'pipe', 'pipe'] });
    const secret = require('js-yaml').load(fs.readFileSync(path.join(dir, 'secret.yaml'), 'utf8'));
    validateSchema(secret);
    assert.equal(secret.metadata.name, 'medbrief-tls');
    assert.equal(secret.metadata.namespace, namespace);
    for (const name of SERVICES) {
      const spec = podSpec(named(objects, 'Deployment', name)).spec;
      const c = spec.containers[0];
      const env = environment(objects, c);
      for (const key of ['MEDBRIEF_TLS_CERT', 'MEDBRIEF_TLS_KEY', 'MEDBRIEF_TLS_CA']) {
        const mount = c.volumeMounts.find((m) => env[key].startsWith(`${m.mountPath}/`));
        const volume = spec.volumes.find((v) => v.name === mount.name);
        assert.equal(volume.secret.secretName, 'medbrief-tls', `${name}: ${key}`);
        const file = env[key].slice(mount.mountPath.length + 1);
        assert.ok(file in secret.data, `${name}: ${key} needs the key ${file} in the Secret`);
      }
    }
    const openssl = (...args) => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const files = Object.fromEntries(Object.entries(secret.data).map(([key, value]) => {
      const file = path.join(dir, `from-secret-${key}`);
      fs.writeFileSync(file, Buffer.from(value, 'base64'));
      return [key, file];
    }));
    assert.match(openssl('verify', '-CAfile', files['ca.crt'], files['tls.crt']), /: OK/);
    // The key belongs to the certificate.
    assert.equal(openssl('pkey', '-in', files['tls.key'], '-pubout'), openssl('x509', '-in', files['tls.crt'], '-noout', '-pubkey'));
    const extensions = openssl('x509', '-in', files['tls.crt'], '-noout', '-ext', 'subjectAltName,extendedKeyUsage');
    // Every upstream address the services dial, and the Service names.
    const hosts = new Set(SERVICES.flatMap((s) => [s, `${s}.${namespace}.svc`]));
    for (const name of SERVICES) {
      const env = environment(objects, podSpec(named(objects, 'Deployment', name)).spec.containers[0]);
      for (const upstream of ['CONTENT', 'CITATION', 'REVIEW']) {
        const address = env[`MEDBRIEF_${upstream}_ADDR`];
        if (address) hosts.add(address.split(':')[0]);
      }
    }
    for (const host of hosts) assert.match(extensions, new RegExp(`DNS:${host.replace(/\./g, '\\.')}(,|\n|$)`), `certificate names ${host}`);
    // The services present it as servers and, to each other, as clients.
    assert.match(extensions, /TLS Web Server Authentication/);
    assert.match(extensions, /TLS Web Client Authentication/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the image builds with the build packages of tools/setup-debian.sh and runs as the UID the pods expect', () => {
  const setup = fs.readFileSync(path.join(ROOT, 'tools', 'setup-debian.sh'), 'utf8');
  const block = /packages=\(\n\s*# build\n([\s\S]*?)\n\s*# tests/.exec(setup);
  assert.ok(block, 'tools/setup-debian.sh: the "# build" package list');
  const buildPackages = block[1].split(/\s+/).filter((p) => p && p !== 'ccache');
  const dockerfile = fs.readFileSync(path.join(ROOT, 'deploy', 'docker', 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  assert.equal(stages.length, 2, 'a build stage and a runtime stage');
  const installed = (stage) => {
    const m = /apt-get install[^\n]*\\\n([\s\S]*?)(?:&&|$)/.exec(stage);
    return m ? m[1].replace(/\\/g, ' ').split(/\s+/).filter(Boolean) : [];
  };
  assert.deepEqual(installed(stages[0]).sort(), [...buildPackages].sort(), 'build stage packages');
  const runtime = installed(stages[1]);
  assert.ok(runtime.length > 0 && runtime.every((p) => !p.endsWith('-dev')), `runtime stage: -libs only, got ${runtime}`);
  const entrypoint = fs.readFileSync(path.join(ROOT, 'deploy', 'docker', 'entrypoint.sh'), 'utf8');
  const choices = /^\s*([a-z|]+)\) shift; exec "\/usr\/local\/bin\/medbrief-\$service"/m.exec(entrypoint);
  assert.ok(choices, 'entrypoint.sh: the service case');
  assert.deepEqual(choices[1].split('|').sort(), [...SERVICES].sort(), 'entrypoint.sh: the services it starts');
  const user = /^USER (\d+)(?::(\d+))?$/m.exec(stages[1]);
  assert.ok(user, 'runtime stage: a numeric USER');
  for (const objects of Object.values(rendered)) {
    for (const name of SERVICES) {
      assert.equal(podSpec(named(objects, 'Deployment', name)).spec.securityContext.runAsUser, Number(user[1]));
    }
  }
});
