/**
 * `node scripts/functions/build.ts`: bundles the Lambda handlers into functions/dist/ (what
 * serverless.yml deploys) and prints each bundle's size.
 */
import { buildFunctions } from "../../dev/functions-build.ts";

const sizes = await buildFunctions();
for (const [name, bytes] of Object.entries(sizes)) console.log(`functions/dist/${name}.mjs  ${(bytes / 1024).toFixed(0)} KiB`);
