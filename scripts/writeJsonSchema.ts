/**
 * `npm run schema`: writes public/scenario.schema.json and public/scenario-format.md from the
 * scenario schema, and public/result.schema.json from the result file's (its metrics declared
 * in src/engine/metrics.ts).
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { scenarioJsonSchemaText } from "../src/scenario/jsonSchema.ts";
import { scenarioFormatTable } from "../src/scenario/formatTable.ts";
import { resultJsonSchema } from "../src/result/resultSchema.ts";

for (const [name, text] of [
  ["scenario.schema.json", scenarioJsonSchemaText()],
  ["scenario-format.md", scenarioFormatTable()],
  ["result.schema.json", JSON.stringify(resultJsonSchema(), null, 2) + "\n"],
] as const) {
  const target = fileURLToPath(new URL(`../public/${name}`, import.meta.url));
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
