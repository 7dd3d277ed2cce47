// Checks the monitoring files without a Prometheus or a Grafana: every alert rule and every
// dashboard query parses as PromQL (Prometheus' own parser, @prometheus-io/lezer-promql), alert
// rules carry a severity and a summary, and dashboard panels have unique ids and a datasource.
// Whether the metric names exist is checked against live services by the compose-wiring test.
// usage: node validate-monitoring.mjs ALERTS.yml DASHBOARD.json
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { parser } from "@prometheus-io/lezer-promql";

const [alertsFile, dashboardFile] = process.argv.slice(2);
const problems = [];

function checkPromql(where, expr) {
  // Grafana's interval variables are not PromQL; a duration stands in for them
  const text = expr.replace(/\$__(rate_)?interval|\$__range/g, "5m");
  const tree = parser.parse(text);
  let error = null;
  tree.iterate({
    enter(node) {
      if (node.type.isError && error === null) error = node.from;
    },
  });
  if (error !== null) problems.push(`${where}: PromQL syntax error at ${error}: ${text}`);
}

const alerts = parse(readFileSync(alertsFile, "utf8"));
let rules = 0;
for (const group of alerts.groups ?? []) {
  for (const rule of group.rules ?? []) {
    const where = `${alertsFile}: ${rule.alert ?? rule.record}`;
    rules++;
    checkPromql(where, rule.expr);
    if (rule.alert) {
      if (!rule.labels?.severity) problems.push(`${where}: no severity label`);
      if (!rule.annotations?.summary) problems.push(`${where}: no summary annotation`);
    }
  }
}
if (rules === 0) problems.push(`${alertsFile}: no rules`);

const dashboard = JSON.parse(readFileSync(dashboardFile, "utf8"));
const ids = new Set();
let queries = 0;
for (const panel of dashboard.panels ?? []) {
  if (ids.has(panel.id)) problems.push(`${dashboardFile}: duplicate panel id ${panel.id}`);
  ids.add(panel.id);
  if (panel.type === "row") continue;
  if (!panel.datasource) problems.push(`${dashboardFile}: panel "${panel.title}" has no datasource`);
  for (const t of panel.targets ?? []) {
    queries++;
    checkPromql(`${dashboardFile}: panel "${panel.title}"`, t.expr);
  }
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`monitoring: ${rules} alert rules and ${queries} dashboard queries parse`);
