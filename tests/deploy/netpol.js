// Which connections a set of NetworkPolicies allows, computed the way the
// Kubernetes NetworkPolicy API defines it: a connection from A to B on a port
// is allowed when A's egress allows it (or no policy selects A for Egress)
// and B's ingress allows it (or no policy selects B for Ingress).
'use strict';

function labelsMatch(selector, labels) {
  if (selector == null) return true;
  for (const [key, value] of Object.entries(selector.matchLabels || {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions || []) {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (operator) {
      case 'In': if (!has || !values.includes(labels[key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: throw new Error(`unknown selector operator ${operator}`);
    }
  }
  return true;
}

function namespaceLabels(endpoint) {
  return { 'kubernetes.io/metadata.name': endpoint.namespace, ...(endpoint.namespaceLabels || {}) };
}

// A peer of a rule (`to` or `from` entry) against an endpoint. An ipBlock
// matches everything (pods have IPs too): the test then sees the extra edges.
function peerMatches(peer, endpoint, policyNamespace) {
  if (peer.ipBlock) return true;
  if (!endpoint.namespace) return false;  // an address outside the cluster: only ipBlock
  if (peer.namespaceSelector) {
    if (!labelsMatch(peer.namespaceSelector, namespaceLabels(endpoint))) return false;
  } else if (endpoint.namespace !== policyNamespace) {
    return false;
  }
  return peer.podSelector ? labelsMatch(peer.podSelector, endpoint.labels) : true;
}

function portMatches(ports, target, port, protocol) {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol || 'TCP') !== protocol) return false;
    if (p.port == null) return true;
    let number = p.port;
    if (typeof number === 'string') {
      const named = (target.ports || []).find((cp) => cp.name === number);
      if (!named) return false;
      number = named.number;
    }
    return p.endPort ? port >= number && port <= p.endPort : port === number;
  });
}

function policyTypes(policy) {
  if (policy.spec.policyTypes) return policy.spec.policyTypes;
  return policy.spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

function selects(policy, endpoint) {
  return policy.metadata.namespace === endpoint.namespace && labelsMatch(policy.spec.podSelector, endpoint.labels);
}

// direction 'Egress': may `self` open the connection to `other`? 'Ingress':
// may `self` accept it from `other`? `target` is the endpoint receiving it.
function directionAllows(policies, direction, self, other, target, port, protocol) {
  const applying = policies.filter((p) => selects(p, self) && policyTypes(p).includes(direction));
  if (applying.length === 0) return true;
  const rulesKey = direction === 'Egress' ? 'egress' : 'ingress';
  const peersKey = direction === 'Egress' ? 'to' : 'from';
  return applying.some((policy) =>
    (policy.spec[rulesKey] || []).some((rule) => {
      const peers = rule[peersKey];
      const peerOk = !peers || peers.length === 0 || peers.some((peer) => peerMatches(peer, other, policy.metadata.namespace));
      return peerOk && portMatches(rule.ports, target, port, protocol);
    }));
}

// Every allowed connection "src -> dst:port/protocol" between the endpoints,
// for the given ports. Endpoints: {name, namespace, labels, ports: [{name, number}]}.
// sides: 'both' (what can really connect), 'egress' (what the sources'
// policies let out, whatever the destination accepts) or 'ingress' (what the
// destinations' policies let in).
function allowedEdges(policies, endpoints, probePorts, sides = 'both') {
  const checkEgress = sides !== 'ingress';
  const checkIngress = sides !== 'egress';
  const edges = new Set();
  for (const src of endpoints) {
    if (!src.namespace) continue;  // outside the cluster: only as a destination
    for (const dst of endpoints) {
      for (const { port, protocol } of probePorts) {
        if ((!checkEgress || directionAllows(policies, 'Egress', src, dst, dst, port, protocol)) &&
            (!checkIngress || !dst.namespace || directionAllows(policies, 'Ingress', dst, src, dst, port, protocol))) {
          edges.add(`${src.name} -> ${dst.name}:${port}/${protocol}`);
        }
      }
    }
  }
  return edges;
}

module.exports = { allowedEdges, labelsMatch };
