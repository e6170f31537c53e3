/** `npm run schema`: writes public/scenario.schema.json from the scenario schema. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { scenarioJsonSchemaText } from "./jsonSchema.ts";

const target = fileURLToPath(new URL("../../public/scenario.schema.json", import.meta.url));
writeFileSync(target, scenarioJsonSchemaText());
console.log(`wrote ${target}`);
