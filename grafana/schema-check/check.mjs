// Type-checks every dashboard in the given folder (grafana/dashboards) against @grafana/schema, the
// TypeScript model Grafana generates from its own dashboard schema: the dashboard (the classic JSON
// model, variables, field config, targets) and each panel's options against its panel plugin's
// Options type. The JSON goes into a .ts file as object literals, so that unknown fields, wrong types
// and values outside an enum are errors; string enums are compared by value (Lit<T>).
//
//   cd grafana/schema-check && npm ci && npm run check      (.ci/run does this)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
const S = './node_modules/@grafana/schema/dist';
const optionTypes = { stat: 'StatOptions', bargauge: 'BarGaugeOptions', timeseries: 'TimeSeriesOptions' };
let ts = `import type { Dashboard } from '${S}/index';
import type { Options as StatOptions } from '${S}/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen';
import type { Options as BarGaugeOptions } from '${S}/esm/raw/composable/bargauge/panelcfg/x/BarGaugePanelCfg_types.gen';
import type { Options as TimeSeriesOptions } from '${S}/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';
type Lit<T> = T extends string ? \`\${T}\` : T extends (infer U)[] ? Lit<U>[] : T extends object ? { [K in keyof T]: Lit<T[K]> } : T;
`;
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
if (files.length === 0) throw new Error(`no dashboards in ${dir}`);
let panels = 0;
for (const file of files) {
  const dashboard = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const name = file.replace(/\W/g, '_');
  ts += `// ${file}\nexport const ${name}: Lit<Dashboard> = ${JSON.stringify(dashboard, null, 1)};\n`;
  for (const panel of dashboard.panels) {
    const type = optionTypes[panel.type];
    if (!type) throw new Error(`${file}: no options type known for panel type ${panel.type}`);
    ts += `export const ${name}_panel_${panel.id}_options: Lit<${type}> = ${JSON.stringify(panel.options)};\n`;
    panels++;
  }
}
fs.writeFileSync('dashboards.check.ts', ts);
try {
  execFileSync('npx', ['tsc', '--noEmit', '--strict', '--target', 'es2020', '--moduleResolution', 'node',
    'dashboards.check.ts'], { stdio: 'inherit' });
} catch (e) {
  console.error(`dashboards do not fit @grafana/schema; see dashboards.check.ts at the lines above`);
  process.exit(1);
}
console.log(`${files.length} dashboards and ${panels} panels' options fit @grafana/schema`);
