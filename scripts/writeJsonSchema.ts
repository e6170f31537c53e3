/** `npm run schema`: writes public/scenario.schema.json and public/scenario-format.md from the scenario schema. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { scenarioJsonSchemaText } from "../src/scenario/jsonSchema.ts";
import { scenarioFormatTable } from "../src/scenario/formatTable.ts";

for (const [name, text] of [
  ["scenario.schema.json", scenarioJsonSchemaText()],
  ["scenario-format.md", scenarioFormatTable()],
] as const) {
  const target = fileURLToPath(new URL(`../public/${name}`, import.meta.url));
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
