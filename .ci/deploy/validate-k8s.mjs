// Validates rendered Kubernetes manifests (multi-document YAML on stdin) without a cluster:
//  - every object against the Kubernetes schema (kubernetes-models), with unknown fields
//    rejected: the schema check runs on a proxy of the object that records each field the
//    validator reads, and a field it never reads is one the schema does not have (a typo such as
//    `imagePullPolicyy` or a field at the wrong level);
//  - what the project promises about its deployments: no ReadWriteMany volume, every Overdrive
//    pod non-root with a restricted container securityContext, every image pinned to a tag or a
//    digest, every required ConfigMap/Secret reference rendered (or listed as created by the team).
// usage: kubectl kustomize k8s/overlays/prod | node validate-k8s.mjs prod [--external-secret NAME]...
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const [label = "manifests", ...rest] = process.argv.slice(2);
const external = new Set();
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === "--external-secret") external.add(rest[++i]);
}
const docs = parseAllDocuments(readFileSync(0, "utf8"))
  .map((d) => {
    if (d.errors.length) throw new Error(`${label}: YAML error: ${d.errors[0].message}`);
    return d.toJSON();
  })
  .filter((o) => o);
const problems = [];
const say = (obj, msg) => problems.push(`${label}: ${obj.kind}/${obj.metadata?.name}: ${msg}`);

function tracked(value, path, seen) {
  if (value === null || typeof value !== "object") return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      if (typeof key === "string" && Object.hasOwn(target, key)) {
        seen.add(`${path}/${key}`);
        return tracked(v, `${path}/${key}`, seen);
      }
      return v;
    },
  });
}

function fieldPaths(value, path, out) {
  if (value === null || typeof value !== "object") return out;
  for (const k of Object.keys(value)) {
    out.push(`${path}/${k}`);
    fieldPaths(value[k], `${path}/${k}`, out);
  }
  return out;
}

async function modelOf(obj) {
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : [null, obj.apiVersion];
  const path = group ? `kubernetes-models/${group}/${version}/${obj.kind}` : `kubernetes-models/${version}/${obj.kind}`;
  try {
    return (await import(path))[obj.kind];
  } catch {
    return null;
  }
}

function podSpecOf(obj) {
  if (["Deployment", "StatefulSet", "Job"].includes(obj.kind)) return obj.spec?.template?.spec;
  if (obj.kind === "CronJob") return obj.spec?.jobTemplate?.spec?.template?.spec;
  return null;
}

// kustomize wraps long base64 values over lines; the API server's decoder (Go's encoding/base64)
// skips line breaks, the schema's format check does not: compare what the server would decode
for (const o of docs) {
  if (o.kind === "Secret" && o.data) {
    for (const k of Object.keys(o.data)) o.data[k] = String(o.data[k]).replace(/\s+/g, "");
  }
}

const rendered = new Set(docs.map((o) => `${o.kind}/${o.metadata?.name}`));
for (const obj of docs) {
  const Model = await modelOf(obj);
  if (!Model) {
    say(obj, `no Kubernetes schema for ${obj.apiVersion} ${obj.kind}`);
    continue;
  }
  const seen = new Set();
  try {
    Model.prototype.validate.call(tracked(obj, "", seen));
  } catch (e) {
    say(obj, `schema: ${e.message}`);
  }
  for (const p of fieldPaths(obj, "", [])) {
    if (!seen.has(p)) say(obj, `unknown field ${p}`);
  }

  if (obj.kind === "PersistentVolumeClaim" && obj.spec?.accessModes?.includes("ReadWriteMany")) {
    say(obj, "ReadWriteMany: default storage classes (kind, k3s, EKS, GKE) cannot bind it");
  }
  for (const t of obj.spec?.volumeClaimTemplates ?? []) {
    if (t.spec?.accessModes?.includes("ReadWriteMany")) say(obj, "ReadWriteMany volume claim template");
  }
  const pod = podSpecOf(obj);
  if (!pod) continue;
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
    const image = c.image ?? "";
    const lastPart = image.split("/").pop();
    if (!image.includes("@sha256:") && (!lastPart.includes(":") || lastPart.endsWith(":latest"))) {
      say(obj, `container ${c.name}: image ${image} is not pinned to a tag or digest`);
    }
    const ours = image.startsWith("overdrive/");
    if (ours) {
      const sc = c.securityContext ?? {};
      if (pod.securityContext?.runAsNonRoot !== true) say(obj, "pod securityContext.runAsNonRoot is not true");
      if (pod.securityContext?.seccompProfile?.type !== "RuntimeDefault") say(obj, "pod seccompProfile is not RuntimeDefault");
      if (sc.allowPrivilegeEscalation !== false) say(obj, `container ${c.name}: allowPrivilegeEscalation is not false`);
      if (sc.readOnlyRootFilesystem !== true) say(obj, `container ${c.name}: readOnlyRootFilesystem is not true`);
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) say(obj, `container ${c.name}: capabilities do not drop ALL`);
    }
    for (const src of c.envFrom ?? []) {
      const ref = src.configMapRef ?? src.secretRef;
      const kind = src.configMapRef ? "ConfigMap" : "Secret";
      if (ref && !ref.optional && !rendered.has(`${kind}/${ref.name}`) && !external.has(ref.name)) {
        say(obj, `container ${c.name}: required ${kind} ${ref.name} is neither rendered nor declared external`);
      }
    }
  }
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
const kinds = {};
for (const o of docs) kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
console.log(`${label}: ${docs.length} objects valid (${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(", ")})`);
